package io.mj4j.core.internal;

import io.mj4j.core.BudgetExceededException;
import io.mj4j.core.CapacityExceededException;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.TransportException;
import io.mj4j.spi.UnsupportedActionException;

import java.util.Optional;

/**
 * The stored {@link Failure} of a task whose submit was refused: a category that says why (moderation, bad
 * request, credentials, balance, vendor unavailable) and the vendor's code, so that a stored task read back later
 * (or by another node) still tells an authentication error from "no account available" from a banned prompt,
 * instead of VENDOR_ERROR with no code for all of them. Stateless.
 */
public final class SubmitFailures {
    private SubmitFailures() {
    }

    /** The failure for refusal {@code e}; {@code message} is its already redacted text. */
    public static Failure of(MjException e, String message) {
        Optional<String> code = e.vendorCode().or(() -> e.httpStatus().isPresent()
                ? Optional.of("HTTP " + e.httpStatus().getAsInt()) : Optional.empty());
        return new Failure(category(e), message, code);
    }

    /** The category of refusal {@code e}. */
    public static FailureCategory category(MjException e) {
        if (e instanceof SubmitErrors.DeadlinePassed) {
            return FailureCategory.TIMEOUT;
        }
        if (e instanceof ContentRejectedException) {
            return FailureCategory.PROMPT_REJECTED;
        }
        if (e instanceof InvalidRequestException || e instanceof UnsupportedActionException || e instanceof BudgetExceededException) {
            return FailureCategory.INVALID_REQUEST;
        }
        if (e instanceof AuthenticationException) {
            return FailureCategory.AUTHENTICATION;
        }
        if (e instanceof InsufficientBalanceException) {
            return FailureCategory.INSUFFICIENT_BALANCE;
        }
        if (e instanceof ProviderUnavailableException || e instanceof RateLimitedException || e instanceof CapacityExceededException
                || e instanceof TransportException) {
            return FailureCategory.UNAVAILABLE;
        }
        return FailureCategory.VENDOR_ERROR;
    }
}
