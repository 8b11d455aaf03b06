package io.mj4j.core;

import java.time.Duration;

/**
 * When the engine decides a vendor lost a task: the vendor acknowledged it, then answered "no such task"
 * ({@link io.mj4j.spi.TaskNotFoundException}) on {@code polls} consecutive polls spread over at least
 * {@code minSpan}. The task then ends FAILED with {@link io.mj4j.spi.FailureCategory#VENDOR_LOST}, quoting the
 * vendor's last answer, instead of being polled until its deadline. Both thresholds must hold, so a vendor that
 * indexes new tasks a little late (a few quick "not found" answers) is not mistaken for one that lost them.
 *
 * @param polls   consecutive "not found" answers needed, at least 1
 * @param minSpan the least time between the first and the last of them, zero or positive
 */
public record VendorLostOptions(int polls, Duration minSpan) {
    /** 3 answers over at least one minute. */
    public static final VendorLostOptions DEFAULT = new VendorLostOptions(3, Duration.ofMinutes(1));

    public VendorLostOptions {
        if (polls < 1) {
            throw new IllegalArgumentException("polls must be at least 1, got " + polls);
        }
        if (minSpan == null || minSpan.isNegative()) {
            throw new IllegalArgumentException("minSpan must be zero or positive, got " + minSpan);
        }
    }
}
