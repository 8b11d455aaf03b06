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

    /**
     * An executor retrying what {@code retryable} accepts, up to {@code options.maxAttempts()} attempts.
     *
     * @param floor the least delay a failure demands ({@code Retry-After}, cooldown), zero for none
     */
    static <R> FailsafeExecutor<R> executor(RetryOptions options, Predicate<Throwable> retryable, Function<Throwable, Duration> floor,
                                            FailsafeScheduler scheduler) {
        RetryPolicy<R> policy = RetryPolicy.<R>builder()
                .handleIf((result, failure) -> failure != null && retryable.test(failure))
                .withMaxAttempts(options.maxAttempts())
                .withDelayFn(ctx -> delay(options, ctx.getAttemptCount() + 1, floor.apply(ctx.getLastException())))
                .withJitter(JITTER)
                .build();
        return Failsafe.with(policy).with(scheduler);
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
