package io.mj4j.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs {@code speed} times faster than real time: {@code instant() = origin + (nanoTime - t0) x speed}.
 * The sandbox, the engine and the naive client all read this one clock, so vendor durations, poll intervals and
 * detection delays are all in the same virtual seconds. Thread-safe.
 */
final class VirtualClock extends Clock {
    private final Instant origin;
    private final long t0;
    private final double speed;

    VirtualClock(double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0, got " + speed);
        }
        this.origin = Instant.now();
        this.t0 = System.nanoTime();
        this.speed = speed;
    }

    double speed() {
        return speed;
    }

    /** The real time that {@code virtual} takes on this clock, in nanoseconds (at least 0). */
    long realNanos(Duration virtual) {
        return Math.max(0, (long) (virtual.toNanos() / speed));
    }

    @Override
    public Instant instant() {
        return origin.plusNanos((long) ((System.nanoTime() - t0) * speed));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("the virtual clock is UTC only");
        }
        return this;
    }

    @Override
    public String toString() {
        return "VirtualClock[x" + speed + "]";
    }
}
