package io.mj4j.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one timer the engine uses for polls, retries and deadlines. Injected so tests control time
 * (mj-testkit's {@code ManualScheduler}); the default wraps one daemon thread. Scheduled tasks must be
 * short: blocking work (HTTP) goes to the engine's executor.
 */
@FunctionalInterface
public interface Scheduler {
    /** Runs {@code task} once after {@code delay} (zero or negative: as soon as possible). */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run; harmless otherwise. */
        void cancel();
    }

    /** A scheduler over a {@link ScheduledExecutorService} (the caller owns and shuts it down). */
    static Scheduler of(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        return (delay, task) -> {
            ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
