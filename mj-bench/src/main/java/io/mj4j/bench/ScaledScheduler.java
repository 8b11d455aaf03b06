package io.mj4j.bench;

import io.mj4j.core.Scheduler;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The engine's {@link Scheduler} on a {@link VirtualClock}: every delay (virtual time) is divided by the clock's
 * speed before it is handed to the {@link ScheduledExecutorService}. {@link Scheduler#of} is the unscaled version.
 */
final class ScaledScheduler implements Scheduler {
    private final ScheduledExecutorService executor;
    private final VirtualClock clock;

    ScaledScheduler(ScheduledExecutorService executor, VirtualClock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, clock.realNanos(delay), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
