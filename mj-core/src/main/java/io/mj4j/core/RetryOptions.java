package io.mj4j.core;

import java.time.Duration;

/**
 * How often a submit is retried when it provably did not create a task (the request never left, or the
 * vendor answered "not accepted": 429, 503). Submits that may have created a task are never retried.
 *
 * @param maxAttempts total attempts including the first, at least 1
 * @param delay       delay before the second attempt (a {@code Retry-After} from the vendor wins when longer)
 * @param maxDelay    cap of the growing delay
 * @param backoff     multiplier per attempt
 */
public record RetryOptions(int maxAttempts, Duration delay, Duration maxDelay, double backoff) {
    /** 3 attempts, 1 s then 2 s, at most 30 s. */
    public static final RetryOptions DEFAULT = new RetryOptions(3, Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0);
    /** No retries. */
    public static final RetryOptions NONE = new RetryOptions(1, Duration.ZERO, Duration.ZERO, 1.0);

    public RetryOptions {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        PollOptions.nonNegative("delay", delay);
        PollOptions.nonNegative("maxDelay", maxDelay);
        if (!(backoff >= 1.0)) {
            throw new IllegalArgumentException("backoff must be >= 1, got " + backoff);
        }
    }

    /** The delay before attempt {@code attempt} (2 = first retry). */
    public Duration delayBefore(int attempt) {
        double factor = Math.pow(backoff, Math.max(0, attempt - 2));
        long nanos = (long) Math.min(maxDelay.toNanos(), delay.toNanos() * factor);
        return Duration.ofNanos(nanos);
    }
}
