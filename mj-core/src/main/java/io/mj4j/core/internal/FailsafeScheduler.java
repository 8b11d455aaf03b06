package io.mj4j.core.internal;

import io.mj4j.core.Scheduler;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Failsafe's scheduler SPI over the engine's own timer and a lane: every attempt Failsafe starts runs as a
 * job of {@code lane}, and every delay between attempts is a timer of the engine's {@link Scheduler}, so
 * retries follow the injected clock (tests move a {@code ManualScheduler} instead of sleeping). Once the
 * engine is closed it refuses new work with {@link RejectedExecutionException}, which ends the Failsafe
 * execution with that error (the submission part then parks the task, unsent). Thread-safe.
 */
final class FailsafeScheduler implements dev.failsafe.spi.Scheduler {
    private final Scheduler timer;
    private final Executor lane;
    private final BooleanSupplier closed;

    FailsafeScheduler(Scheduler timer, Executor lane, BooleanSupplier closed) {
        this.timer = timer;
        this.lane = lane;
        this.closed = closed;
    }

    @Override
    public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
        if (closed.getAsBoolean()) {
            throw new RejectedExecutionException("the mj4j client is closed");
        }
        Job job = new Job(callable, unit.toNanos(delay));
        if (job.delayNanos <= 0) {
            lane.execute(job::run);
        } else {
            job.timer = timer.schedule(Duration.ofNanos(job.delayNanos), () -> lane.execute(job::run));
        }
        return job;
    }

    /** One scheduled attempt: its future completes with the attempt's outcome. */
    private static final class Job extends CompletableFuture<Object> implements ScheduledFuture<Object> {
        private final Callable<?> callable;
        private final long delayNanos;
        private volatile Scheduler.Cancellable timer;

        Job(Callable<?> callable, long delayNanos) {
            this.callable = callable;
            this.delayNanos = delayNanos;
        }

        void run() {
            if (isDone()) {
                return;
            }
            try {
                complete(callable.call());
            } catch (Exception e) {
                completeExceptionally(e);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Scheduler.Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delayNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
