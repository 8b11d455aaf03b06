package io.mj4j.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures a sandbox injects, changeable while it runs. Rates apply to each new task (decided with the
 * sandbox's seeded random, so a run is repeatable); "next" knobs apply to the next N API requests, in
 * this order: rate limit, server error, dropped connection before reading, dropped connection after
 * the task was created (the ambiguous case: the task exists but the client never hears so); and to the
 * next N status queries (requests that created nothing): a malformed body, a truncated body.
 * Thread-safe.
 */
public final class Faults {
    private volatile Duration latency = Duration.ZERO;
    private volatile double promptRejectionRate;
    private volatile double vendorErrorRate;
    private volatile double stallRate;
    private volatile double callbackLossRate;
    private volatile boolean duplicateCallbacks;
    private final AtomicInteger rateLimitNext = new AtomicInteger();
    private volatile Duration retryAfter = Duration.ofSeconds(1);
    private final AtomicInteger serverErrorNext = new AtomicInteger();
    private final AtomicInteger dropBeforeNext = new AtomicInteger();
    private final AtomicInteger dropAfterCreateNext = new AtomicInteger();
    private final AtomicInteger malformedNext = new AtomicInteger();
    private final AtomicInteger slowNext = new AtomicInteger();
    private volatile Duration slowBy = Duration.ZERO;
    private final AtomicInteger truncatedNext = new AtomicInteger();
    private final AtomicInteger serverErrorAfterCreateNext = new AtomicInteger();
    private final AtomicInteger forgetNext = new AtomicInteger();
    private volatile boolean staleCallbacks;

    /** Delay added to every API reply. */
    public Faults latency(Duration d) {
        this.latency = nonNegative(d);
        return this;
    }

    /** Share of new tasks that end FAILED because moderation rejected the prompt. */
    public Faults promptRejectionRate(double rate) {
        this.promptRejectionRate = rate(rate, "promptRejectionRate");
        return this;
    }

    /** Share of new tasks that end FAILED with a vendor error. */
    public Faults vendorErrorRate(double rate) {
        this.vendorErrorRate = rate(rate, "vendorErrorRate");
        return this;
    }

    /** Share of new tasks that stall: RUNNING forever at some progress. */
    public Faults stallRate(double rate) {
        this.stallRate = rate(rate, "stallRate");
        return this;
    }

    /** Share of callbacks not sent. */
    public Faults callbackLossRate(double rate) {
        this.callbackLossRate = rate(rate, "callbackLossRate");
        return this;
    }

    /** Send every callback twice. */
    public Faults duplicateCallbacks(boolean on) {
        this.duplicateCallbacks = on;
        return this;
    }

    /** The next {@code n} API requests answer the vendor's "too many requests" with {@code Retry-After}. */
    public Faults rateLimitNext(int n, Duration retryAfter) {
        this.retryAfter = nonNegative(retryAfter);
        rateLimitNext.set(count(n));
        return this;
    }

    /** The next {@code n} API requests answer a server error (HTTP 500 or the vendor's equivalent) without creating anything. */
    public Faults serverErrorNext(int n) {
        serverErrorNext.set(count(n));
        return this;
    }

    /**
     * The next {@code n} task-creating requests create the task, then answer a server error: the ambiguous
     * 5xx a real vendor gives when it fails after queueing the job (a resend on 5xx makes a duplicate).
     */
    public Faults serverErrorAfterCreateNext(int n) {
        serverErrorAfterCreateNext.set(count(n));
        return this;
    }

    /**
     * The next {@code n} tasks created are forgotten at once: the submit is acknowledged, then every status
     * query, list and callback acts as if the task never existed (a vendor that loses a job).
     */
    public Faults forgetNext(int n) {
        forgetNext.set(count(n));
        return this;
    }

    /**
     * Out-of-order callbacks: once a task with a callback URL is past half its run, the sandbox also sends
     * the callback it would have sent when the task was queued (status and progress of that moment), so a
     * stale callback reaches the receiver while the task is still active.
     */
    public Faults staleCallbacks(boolean on) {
        this.staleCallbacks = on;
        return this;
    }

    /** The next {@code n} API requests get their connection closed before anything is done. */
    public Faults dropConnectionNext(int n) {
        dropBeforeNext.set(count(n));
        return this;
    }

    /** The next {@code n} task-creating requests create the task, then close the connection without a reply. */
    public Faults dropAfterCreateNext(int n) {
        dropAfterCreateNext.set(count(n));
        return this;
    }

    /** The next {@code n} API requests are answered only after {@code by} (slower than a client's timeout, say). */
    public Faults slowNext(int n, Duration by) {
        this.slowBy = nonNegative(by);
        slowNext.set(count(n));
        return this;
    }

    /** The next {@code n} status queries answer HTTP 200 with a body that is not JSON. */
    public Faults malformedNext(int n) {
        malformedNext.set(count(n));
        return this;
    }

    /** The next {@code n} status queries answer with a body cut in half (the connection closes mid-body). */
    public Faults truncatedNext(int n) {
        truncatedNext.set(count(n));
        return this;
    }

    /** Clears every fault. */
    public Faults clear() {
        latency = Duration.ZERO;
        promptRejectionRate = 0;
        vendorErrorRate = 0;
        stallRate = 0;
        callbackLossRate = 0;
        duplicateCallbacks = false;
        rateLimitNext.set(0);
        serverErrorNext.set(0);
        dropBeforeNext.set(0);
        dropAfterCreateNext.set(0);
        malformedNext.set(0);
        slowNext.set(0);
        truncatedNext.set(0);
        serverErrorAfterCreateNext.set(0);
        forgetNext.set(0);
        staleCallbacks = false;
        return this;
    }

    public Duration latency() { return latency; }
    public double promptRejectionRate() { return promptRejectionRate; }
    public double vendorErrorRate() { return vendorErrorRate; }
    public double stallRate() { return stallRate; }
    public double callbackLossRate() { return callbackLossRate; }
    public boolean duplicateCallbacks() { return duplicateCallbacks; }
    public Duration retryAfter() { return retryAfter; }
    public boolean staleCallbacks() { return staleCallbacks; }

    boolean takeRateLimit() { return take(rateLimitNext); }
    boolean takeServerError() { return take(serverErrorNext); }
    boolean takeDropBefore() { return take(dropBeforeNext); }
    boolean peekDropAfterCreate() { return dropAfterCreateNext.get() > 0; }
    boolean takeDropAfterCreate() { return take(dropAfterCreateNext); }
    boolean takeMalformed() { return take(malformedNext); }
    Duration takeSlow() { return take(slowNext) ? slowBy : Duration.ZERO; }
    boolean takeTruncated() { return take(truncatedNext); }
    boolean takeServerErrorAfterCreate() { return take(serverErrorAfterCreateNext); }
    boolean takeForget() { return take(forgetNext); }

    private static boolean take(AtomicInteger n) {
        return n.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }

    private static double rate(double r, String name) {
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + r);
        }
        return r;
    }

    private static int count(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + n);
        }
        return n;
    }

    private static Duration nonNegative(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + d);
        }
        return d;
    }
}
