package io.mj4j.bench;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a workload run learns from a client: when each task was acknowledged, when the client heard that it
 * SUCCEEDED (virtual time, by vendor task id), and how many ended otherwise. Thread-safe; each counting method
 * is called once per task.
 */
final class Recorder {
    private final CountDownLatch accepted;
    private final CountDownLatch ended;
    private final Map<String, Instant> heard = new ConcurrentHashMap<>();
    private final AtomicInteger failed = new AtomicInteger();

    Recorder(int tasks) {
        this.accepted = new CountDownLatch(tasks);
        this.ended = new CountDownLatch(tasks);
    }

    /** The vendor acknowledged a submit, or the submit failed (then {@link #failed} follows). */
    void accepted() {
        accepted.countDown();
    }

    /** The client's listener heard SUCCEEDED at virtual instant {@code at}. */
    void heardSucceeded(String vendorTaskId, Instant at) {
        heard.put(vendorTaskId, at);
    }

    /** The task ended (any way). */
    void ended() {
        ended.countDown();
    }

    /** The task ended in a way other than SUCCEEDED (or its submit failed). */
    void failed() {
        failed.incrementAndGet();
    }

    boolean awaitAccepted(long timeoutNanos) throws InterruptedException {
        return accepted.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    boolean awaitEnded(long timeoutNanos) throws InterruptedException {
        return ended.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    long pending() {
        return ended.getCount();
    }

    Map<String, Instant> heard() {
        return heard;
    }

    int failures() {
        return failed.get();
    }
}
