package io.mj4j.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * The vendor answered "too many requests" (HTTP 429, or its own equivalent) and did not accept the
 * request: no task was created, and retrying after {@link #retryAfter()} can help.
 */
public class RateLimitedException extends MjException {
    private final Duration retryAfter;

    /** @param retryAfter how long the vendor asked to wait (from {@code Retry-After}), or null when it did not say */
    public RateLimitedException(String message, Duration retryAfter) {
        super(message, null, true, false);
        this.retryAfter = retryAfter;
    }

    /** How long the vendor asked to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
