package io.mj4j.core.internal;

import io.mj4j.core.HealthOptions;

import java.time.Clock;
import java.time.Instant;

/**
 * One provider's circuit breaker on the engine's clock (so tests move time instead of sleeping):
 * CLOSED until {@code failureThreshold} failures in a row, then OPEN for the cooldown, then HALF_OPEN
 * with a single trial. Thread-safe.
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
    private int consecutiveFailures;
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
    synchronized java.time.Duration cooldownLeft() {
        if (state != State.OPEN) {
            return java.time.Duration.ZERO;
        }
        java.time.Duration left = java.time.Duration.between(clock.instant(), openUntil);
        return left.isNegative() ? java.time.Duration.ZERO : left;
    }

    synchronized State state() {
        return state;
    }

    void success() {
        boolean closed;
        synchronized (this) {
            consecutiveFailures = 0;
            closed = state != State.CLOSED;
            state = State.CLOSED;
            trialInFlight = false;
        }
        if (closed) {
            listener.changed(false);
        }
    }

    void failure() {
        boolean opened = false;
        synchronized (this) {
            consecutiveFailures++;
            if (state == State.HALF_OPEN || (state == State.CLOSED && consecutiveFailures >= options.failureThreshold())) {
                opened = state != State.OPEN;
                state = State.OPEN;
                openUntil = clock.instant().plus(options.cooldown());
                trialInFlight = false;
            }
        }
        if (opened) {
            listener.changed(true);
        }
    }
}
