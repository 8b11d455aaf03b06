package io.mj4j.sandbox;

import io.mj4j.spi.ActionKind;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What a sandbox saw and did. Thread-safe; values only grow. */
public final class Counters {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong tasksCreated = new AtomicLong();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong rejectedAuth = new AtomicLong();
    private final AtomicLong faultsInjected = new AtomicLong();
    private final AtomicLong callbacksSent = new AtomicLong();
    private final AtomicLong callbacksLost = new AtomicLong();
    private final Map<ActionKind, AtomicLong> createdByKind = new EnumMap<>(ActionKind.class);

    public Counters() {
        for (ActionKind k : ActionKind.values()) {
            createdByKind.put(k, new AtomicLong());
        }
    }

    /** Every HTTP request to the vendor API (files not counted). */
    public long requests() { return requests.get(); }
    /** Tasks created (each one a "paid" job at a real vendor). */
    public long tasksCreated() { return tasksCreated.get(); }
    /** Tasks created of one kind. */
    public long tasksCreated(ActionKind kind) { return createdByKind.get(kind).get(); }
    /** Status queries answered (a batch query counts once). */
    public long fetches() { return fetches.get(); }
    /** Requests refused for a missing or wrong key. */
    public long rejectedAuth() { return rejectedAuth.get(); }
    /** Requests answered by an injected fault. */
    public long faultsInjected() { return faultsInjected.get(); }
    /** Callback requests sent (duplicates included). */
    public long callbacksSent() { return callbacksSent.get(); }
    /** Callbacks deliberately not sent. */
    public long callbacksLost() { return callbacksLost.get(); }

    void request() { requests.incrementAndGet(); }
    void fetch() { fetches.incrementAndGet(); }
    void countRejectedAuth() { rejectedAuth.incrementAndGet(); }
    void fault() { faultsInjected.incrementAndGet(); }
    void callbackSent() { callbacksSent.incrementAndGet(); }
    void callbackLost() { callbacksLost.incrementAndGet(); }

    void created(ActionKind kind) {
        tasksCreated.incrementAndGet();
        createdByKind.get(kind).incrementAndGet();
    }

    @Override
    public String toString() {
        return "Counters[requests=" + requests + ", tasksCreated=" + tasksCreated + ", fetches=" + fetches
                + ", faults=" + faultsInjected + ", callbacksSent=" + callbacksSent + ", callbacksLost=" + callbacksLost + "]";
    }
}
