package io.mj4j.core.internal;

import io.mj4j.core.HealthOptions;
import io.mj4j.core.ProviderLimits;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One provider's live state besides its poller: the circuit breaker and the concurrency slots. The slots stay
 * hand-written rather than a Failsafe {@code Bulkhead}: a bulkhead permit covers one execution, while a slot
 * here is held from the submit until the task ends (minutes, across many polls), and submits beyond the limit
 * wait in a bounded FIFO that is refused when full ({@link io.mj4j.core.ProviderLimits}). Called by submission
 * on worker and caller threads. Thread-safe.
 */
final class ProviderRuntime {
    final ProviderHealth health;
    private final ProviderLimits limits;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    ProviderRuntime(HealthOptions health, ProviderLimits limits, Clock clock, ProviderHealth.Listener listener) {
        this.health = new ProviderHealth(health, clock, listener);
        this.limits = limits;
    }

    /** What {@link #acquire} decided. */
    enum Slot { GRANTED, QUEUED, FULL }

    /** Takes a slot, or queues {@code whenFree} to run when one frees, or says the queue is full. */
    synchronized Slot acquire(Runnable whenFree) {
        if (inFlight < limits.maxConcurrent()) {
            inFlight++;
            return Slot.GRANTED;
        }
        if (waiting.size() < limits.maxQueued()) {
            waiting.add(whenFree);
            return Slot.QUEUED;
        }
        return Slot.FULL;
    }

    /** Frees a slot; returns the queued submit that now takes it, if any. */
    synchronized Runnable release() {
        Runnable next = waiting.poll();
        if (next == null) {
            inFlight = Math.max(0, inFlight - 1);
        }
        return next;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int queued() {
        return waiting.size();
    }
}
