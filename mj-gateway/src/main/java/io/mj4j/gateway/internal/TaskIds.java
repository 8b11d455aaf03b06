package io.mj4j.gateway.internal;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * New task ids in the shape real servers issue (mjproxy.md §3.1: a 13-digit epoch-millis time followed by random
 * digits), so clients that store them as numeric strings keep working. Six random digits instead of three: a burst
 * within one millisecond, or two gateway instances, rarely collide, and a collision is caught by the store's key
 * (the caller draws again). The id is also the mj4j engine's task id and the vendor's client reference. Thread-safe.
 */
public final class TaskIds {
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TaskIds(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        return clock.millis() + String.format("%06d", random.nextInt(1_000_000));
    }

    /** True for an id this gateway could have issued (digits only, bounded), checked before any lookup. */
    public static boolean plausible(String id) {
        return id != null && id.length() >= 1 && id.length() <= 40 && id.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
