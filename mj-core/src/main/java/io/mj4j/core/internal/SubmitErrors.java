package io.mj4j.core.internal;

import io.mj4j.core.CapacityExceededException;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.TransportException;
import io.mj4j.spi.UnsupportedActionException;

import java.time.Duration;

/**
 * How submission reads a failed submit: whether another provider may take it (nothing was created and
 * the request itself is fine), whether it counts against the provider's health, and which failure
 * category a refusal ends the task with. Stateless.
 */
final class SubmitErrors {
    private SubmitErrors() {
    }

    /** The circuit of the provider is open: nothing sent; the retry waits for the cooldown. */
    static final class CircuitOpen extends CapacityExceededException {
        final Duration cooldown;

        CircuitOpen(String providerId, Duration cooldown) {
            super("Provider '" + providerId + "' is unhealthy (circuit open after repeated failures); not sent");
            this.cooldown = cooldown;
        }
    }

    /** The task's deadline came while its submit was held back: nothing sent, no failover, not retried. */
    static final class DeadlinePassed extends CapacityExceededException {
        DeadlinePassed(String taskId, String providerId, java.time.Instant deadline) {
            super("The deadline of task " + taskId + " (" + deadline + ") passed before its submit could be sent to provider '"
                    + providerId + "' (held back by an open circuit, a Retry-After or backoff); not sent, nothing owed."
                    + " A longer deadline (Mj.Builder.deadline) gives held submits more time");
        }
    }

    /** Failures that prove no task was created and say nothing against the request itself. */
    static boolean failoverEligible(MjException e) {
        return !e.mayHaveCreatedTask() && !(e instanceof DeadlinePassed) && (e instanceof TransportException || e instanceof RateLimitedException
                || e instanceof ProviderUnavailableException || e instanceof AuthenticationException
                || e instanceof InsufficientBalanceException || e instanceof CapacityExceededException);
    }

    /**
     * Request errors that count against the provider's health: not the caller's own mistakes, and not a 429,
     * which is the vendor pacing a healthy account (the retry honours its Retry-After).
     */
    static boolean countsAgainstHealth(MjException e) {
        return failoverEligible(e) && !(e instanceof CapacityExceededException) && !(e instanceof RateLimitedException)
                || e.mayHaveCreatedTask();
    }

    /** Retried on the same provider: provably not created, retryable, and no other provider to fail over to. */
    static boolean retryable(Throwable t, boolean canFailOver) {
        if (!(t instanceof MjException e) || e.mayHaveCreatedTask() || !e.retryable()) {
            return false;
        }
        if (e instanceof CapacityExceededException && !(e instanceof CircuitOpen)) {
            return false;
        }
        return !(failoverEligible(e) && canFailOver);
    }

    /** The least delay before retrying after {@code t}: its Retry-After, or an open circuit's cooldown. */
    static Duration floor(Throwable t) {
        Duration after = SubmitRetry.retryAfter(t);
        if (t instanceof CircuitOpen c && c.cooldown.compareTo(after) > 0) {
            return c.cooldown; // nowhere else to go: wait for the circuit's trial instead of failing a task nobody sent
        }
        return after;
    }
}
