package io.mj4j.sandbox.internal.gptunnel;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GPTunnel's ids (gptunnel.md §2): 24 hex digits, Mongo ObjectId style, e.g. {@code 65589df803761c00010775ae}:
 * 4 bytes of epoch seconds, 5 bytes fixed per simulator, 3 bytes of a counter. Thread-safe.
 */
final class ObjectIds {
    private final long machine = ThreadLocalRandom.current().nextLong() & 0xFF_FFFF_FFFFL;
    private final AtomicInteger counter = new AtomicInteger(ThreadLocalRandom.current().nextInt(0x100_0000));

    /** A new id stamped with {@code now}. */
    String next(Instant now) {
        long seconds = now.getEpochSecond() & 0xFFFF_FFFFL;
        return String.format("%08x%010x%06x", seconds, machine, counter.getAndIncrement() & 0xFF_FFFF);
    }
}
