package io.mj4j.core.internal;

import io.mj4j.core.HealthOptions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One provider's circuit breaker, counting two things apart: request outcomes (a submit accepted, or
 * refused by a connection failure or 5xx) and task outcomes (an accepted task that SUCCEEDED, or failed at the
 * vendor or stalled to its deadline). Either count reaching {@code failureThreshold} in a row opens the
 * circuit: a vendor that accepts every submit and then fails every task is as unhealthy as one that refuses
 * them. OPEN lasts the cooldown, then HALF_OPEN lets a single trial submit through; an accepted trial or a
 * succeeded task closes it (both counts start over), a failure opens it again.
 *
 * <p>Hand-written rather than Failsafe's {@code CircuitBreaker} because that one measures the open delay
 * with {@code System.nanoTime()}: tests would have to sleep through a cooldown. This one reads the
 * engine's {@link Clock}. Called from worker threads (submits, polls) and the caller's thread (routing);
 * touches nothing but its own counters. Thread-safe.
 */
final class ProviderHealth {
    enum State { CLOSED, OPEN, HALF_OPEN }

    /** Hears state changes (true = opened). */
    interface Listener {
        void changed(boolean open);
    }

    private final HealthOptions options;
    private final Clock clock;
    private final Listener listener;
    private State state = State.CLOSED;
    private int requestFailures;
    private int taskFailures;
    private Instant openUntil = Instant.MIN;
    private boolean trialInFlight;

    ProviderHealth(HealthOptions options, Clock clock, Listener listener) {
        this.options = options;
        this.clock = clock;
        this.listener = listener;
    }

    /** True when a new submit may go: closed, or the single half-open trial. */
    synchronized boolean tryAcquire() {
        if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.HALF_OPEN && !trialInFlight) {
            trialInFlight = true;
            return true;
        }
        return false;
    }

    /** False while open (before the cooldown ends). */
    synchronized boolean healthy() {
        return state != State.OPEN || !clock.instant().isBefore(openUntil);
    }

    /** Time left before an open circuit lets a trial through (zero when not open). */
    synchronized Duration cooldownLeft() {
        if (state != State.OPEN) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), openUntil);
        return left.isNegative() ? Duration.ZERO : left;
    }

    synchronized State state() {
        return state;
    }

    /** The vendor accepted a submit. Says nothing about how its tasks end. */
    void requestSucceeded() {
        boolean closed;
        synchronized (this) {
            requestFailures = 0;
            closed = closeIfTrial();
        }
        if (closed) {
            listener.changed(false);
        }
    }

    /** A request failed in a way that speaks against the vendor (connection failure, 5xx). */
    void requestFailed() {
        boolean opened;
        synchronized (this) {
            requestFailures++;
            opened = openIfDue(requestFailures);
        }
        if (opened) {
            listener.changed(true);
        }
    }

    /** An accepted task SUCCEEDED. */
    void taskSucceeded() {
        boolean closed;
        synchronized (this) {
            taskFailures = 0;
            closed = closeIfTrial();
        }
        if (closed) {
            listener.changed(false);
        }
    }

    /** An accepted task failed at the vendor or stalled until its deadline. */
    void taskFailed() {
        boolean opened;
        synchronized (this) {
            taskFailures++;
            opened = openIfDue(taskFailures);
        }
        if (opened) {
            listener.changed(true);
        }
    }

    private boolean closeIfTrial() {
        if (state == State.CLOSED) {
            return false;
        }
        state = State.CLOSED;
        requestFailures = 0;
        taskFailures = 0;
        trialInFlight = false;
        return true;
    }

    private boolean openIfDue(int inARow) {
        if (state == State.HALF_OPEN || (state == State.CLOSED && inARow >= options.failureThreshold())) {
            state = State.OPEN;
            openUntil = clock.instant().plus(options.cooldown());
            trialInFlight = false;
            return true;
        }
        return false;
    }
}
