package io.mj4j.core.internal;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.mj4j.core.RetryOptions;
import io.mj4j.spi.MjException;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The engine's retry policies, on Failsafe: a submit is retried only when the policy's predicate says the
 * request provably never reached the vendor or was answered "not accepted" (invariant 1), after
 * {@link RetryOptions}' growing delay, jittered by ±{@value #JITTER}, and never before the vendor's
 * {@code Retry-After} (or an open circuit's cooldown). Failsafe applies its jitter to whatever the delay
 * function returns, so a floor {@code f} is returned as {@code f / (1 - JITTER)}: the jittered delay then
 * never falls below it. Every attempt and every delay runs through a {@link FailsafeScheduler}: the submit
 * lane and the engine's timer. Failsafe types stay inside this package. Thread-safe.
 */
final class SubmitRetry {
    /** Share of a delay by which Failsafe jitters it either way. */
    static final double JITTER = 0.2;

    private SubmitRetry() {
    }

    /** An executor retrying what {@code retryable} accepts, its delays not capped (lookups: free, and not bound to a deadline). */
    static <R> FailsafeExecutor<R> executor(RetryOptions options, Predicate<Throwable> retryable, Function<Throwable, Duration> floor,
                                            FailsafeScheduler scheduler) {
        return executor(options, retryable, floor, null, scheduler);
    }

    /**
     * An executor retrying what {@code retryable} accepts, up to {@code options.maxAttempts()} attempts.
     *
     * @param floor the least delay a failure demands ({@code Retry-After}, cooldown), zero for none
     * @param cap   the most a delay may be (the time left before the task's deadline), or null for no cap: an
     *              attempt due after the deadline runs about when it comes instead, and finds it passed
     */
    static <R> FailsafeExecutor<R> executor(RetryOptions options, Predicate<Throwable> retryable, Function<Throwable, Duration> floor,
                                            java.util.function.Supplier<Duration> cap, FailsafeScheduler scheduler) {
        RetryPolicy<R> policy = RetryPolicy.<R>builder()
                .handleIf((result, failure) -> failure != null && retryable.test(failure))
                .withMaxAttempts(options.maxAttempts())
                .withDelayFn(ctx -> {
                    Duration d = delay(options, ctx.getAttemptCount() + 1, floor.apply(ctx.getLastException()));
                    return cap == null ? d : capped(d, cap.get());
                })
                .withJitter(JITTER)
                .build();
        return Failsafe.with(policy).with(scheduler);
    }

    /**
     * {@code delay}, or less when {@code cap} (the time left before the deadline) is shorter. A capped delay is
     * lifted like a floor, to {@code cap / (1 - JITTER)}: the jittered attempt then runs at or after the deadline
     * (at most half the time left late), finds it passed and ends the task, instead of landing just before it and
     * waiting again and again in ever shorter steps.
     */
    static Duration capped(Duration delay, Duration cap) {
        Duration lifted = Duration.ofNanos((long) (cap.toNanos() / (1 - JITTER)) + 1);
        return delay.compareTo(lifted) <= 0 ? delay : lifted;
    }

    /** The delay before attempt {@code attempt} (2 = the first retry). */
    static Duration delay(RetryOptions options, int attempt, Duration floor) {
        Duration backoff = options.delayBefore(attempt);
        if (floor == null || floor.isZero() || floor.isNegative()) {
            return backoff;
        }
        Duration lifted = Duration.ofNanos((long) (floor.toNanos() / (1 - JITTER)) + 1);
        return backoff.compareTo(lifted) >= 0 ? backoff : lifted;
    }

    /** An error the vendor answered with a wait ({@code Retry-After}), or zero. */
    static Duration retryAfter(Throwable e) {
        return e instanceof MjException m ? PollCadence.retryAfter(m) : Duration.ZERO;
    }
}
