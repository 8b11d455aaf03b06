package io.mj4j.core;

import java.time.Duration;

/**
 * How the engine polls one provider's tasks.
 *
 * @param firstPoll   delay from acknowledgement to the first poll
 * @param interval    delay between polls of a healthy task (never below the vendor's
 *                    {@link io.mj4j.spi.ProviderDescriptor#minPollInterval()})
 * @param maxInterval the longest delay after repeated fetch errors
 * @param backoff     multiplier applied per consecutive fetch error
 * @param jitter      random spread as a fraction of the delay, 0..1 (0.1 = plus or minus 10 %)
 */
public record PollOptions(Duration firstPoll, Duration interval, Duration maxInterval, double backoff, double jitter) {
    /** 5 s first poll, 5 s interval, up to 60 s after errors, backoff x2, jitter 10 %. */
    public static final PollOptions DEFAULT = new PollOptions(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(60), 2.0, 0.1);

    public PollOptions {
        nonNegative("firstPoll", firstPoll);
        nonNegative("interval", interval);
        nonNegative("maxInterval", maxInterval);
        if (interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        if (maxInterval.compareTo(interval) < 0) {
            throw new IllegalArgumentException("maxInterval (" + maxInterval + ") must be >= interval (" + interval + ")");
        }
        if (!(backoff >= 1.0)) {
            throw new IllegalArgumentException("backoff must be >= 1, got " + backoff);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1], got " + jitter);
        }
    }

    /** A copy with another interval (and first poll). */
    public PollOptions withInterval(Duration interval) {
        return new PollOptions(interval, interval, maxInterval.compareTo(interval) < 0 ? interval : maxInterval, backoff, jitter);
    }

    /**
     * A copy with every delay multiplied by {@code factor} (a simulated vendor's time scale, see
     * {@link ProviderConfig#timeScale()}); interval and max interval stay at least {@value #MIN_SCALED_MILLIS} ms.
     */
    public PollOptions scaled(double factor) {
        if (!(factor > 0 && Double.isFinite(factor))) {
            throw new IllegalArgumentException("factor must be positive, got " + factor);
        }
        Duration interval = atLeast(scale(interval(), factor), MIN_SCALED_MILLIS);
        Duration max = atLeast(scale(maxInterval, factor), MIN_SCALED_MILLIS);
        return new PollOptions(scale(firstPoll, factor), interval, max.compareTo(interval) < 0 ? interval : max, backoff, jitter);
    }

    /** The shortest interval {@link #scaled} gives: below it a poll costs more than the job it watches. */
    public static final long MIN_SCALED_MILLIS = 10;

    static Duration scale(Duration d, double factor) {
        return Duration.ofNanos(Math.round(d.toNanos() * factor));
    }

    private static Duration atLeast(Duration d, long millis) {
        return d.toMillis() < millis ? Duration.ofMillis(millis) : d;
    }

    /** A copy with another jitter. */
    public PollOptions withJitter(double jitter) {
        return new PollOptions(firstPoll, interval, maxInterval, backoff, jitter);
    }

    static void nonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, got " + d);
        }
    }
}
