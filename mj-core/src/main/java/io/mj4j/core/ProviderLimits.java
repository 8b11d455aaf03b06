package io.mj4j.core;

/**
 * How many tasks one provider account runs at once (vendors cap concurrent jobs) and how many more may
 * wait, unsent, for a free slot. A submit beyond both is refused with {@link CapacityExceededException}
 * (no task created; the routing policy may send it elsewhere).
 *
 * @param maxConcurrent tasks sent and not yet ended, at least 1
 * @param maxQueued     tasks waiting for a slot, 0 or more
 */
public record ProviderLimits(int maxConcurrent, int maxQueued) {
    /** No practical limit. */
    public static final ProviderLimits UNLIMITED = new ProviderLimits(Integer.MAX_VALUE, 0);

    public ProviderLimits {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + maxConcurrent);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued must be >= 0, got " + maxQueued);
        }
    }
}
