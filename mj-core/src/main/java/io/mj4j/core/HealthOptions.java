package io.mj4j.core;

import java.time.Duration;

/**
 * When a provider's circuit opens: after {@code failureThreshold} consecutive failures (request errors
 * such as connection failures, 5xx and 429, and task outcomes: vendor failures and timeouts); it stays
 * open for {@code cooldown}, then lets one trial submit through (half-open): a success closes it, a
 * failure opens it again. While open, new root tasks go to the next provider of the routing policy.
 */
public record HealthOptions(int failureThreshold, Duration cooldown) {
    /** 5 failures in a row, 30 s cooldown. */
    public static final HealthOptions DEFAULT = new HealthOptions(5, Duration.ofSeconds(30));

    public HealthOptions {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be >= 1, got " + failureThreshold);
        }
        if (cooldown == null || cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must be >= 0, got " + cooldown);
        }
    }
}
