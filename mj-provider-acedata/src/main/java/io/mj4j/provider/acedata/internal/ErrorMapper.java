package io.mj4j.provider.acedata.internal;

import io.mj4j.provider.support.ProviderJson;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.HttpErrors;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Maps AceData error replies (acedata.md §7) to the exception hierarchy and task errors to failure categories.
 * Order: the balance code {@code used_up} first, then HTTP 402 (the x402 pay-per-call answer to a request the
 * gateway saw as unauthenticated, §7), then the vendor's {@code error.code}, then {@link HttpErrors#classify} by
 * HTTP status. Messages carry the vendor's text, truncated, never the API key.
 */
public final class ErrorMapper {

    /** Error bodies reach here with the key already masked. */
    private static final ProviderJson JSON = ProviderJson.of(Redaction.none());

    private ErrorMapper() {
    }

    /** Reads an error envelope (acedata.md §7) leniently: null when the body is not one. Never throws. */
    public static Wire.Envelope envelope(String body) {
        return JSON.tryReadObject(body).flatMap(n -> JSON.tryConvert(n, Wire.Envelope.class)).orElse(null);
    }

    /**
     * The exception for an error reply (any status; a 2xx whose body is an error envelope too).
     *
     * @param reply the reply
     * @param what  what was attempted, e.g. "acedata imagine submit"
     * @param body  the reply body with the API key already masked
     */
    public static MjException toException(HttpReply reply, String what, String body, Clock clock) {
        Wire.Envelope env = envelope(body);
        String code = env == null ? null : normalize(env.code());
        String text = env == null ? null : env.messageText();
        if (text == null || text.isBlank()) {
            text = Replies.snippet(body);
        }
        text = Failure.of(FailureCategory.VENDOR_ERROR, text).vendorMessage();
        int status = reply.status();
        String message = what + " failed: HTTP " + status + (code == null ? "" : " " + code) + (text.isEmpty() ? "" : ": " + text);
        Duration retryAfter = reply.retryAfter(clock).orElse(null);
        MjException e = byVendor(code, status, message, text, retryAfter);
        if (e == null) {
            return HttpErrors.classify(reply, what, text, code, clock);
        }
        e.withHttpStatus(status);
        if (code != null) {
            e.withVendorCode(code);
        }
        return e;
    }

    private static MjException byVendor(String code, int status, String message, String text, Duration retryAfter) {
        // acedata.md §7/§11: "used_up" (balance exhausted) is seen in the platform's clients; its HTTP status is undocumented.
        if ("used_up".equals(code)) {
            return new InsufficientBalanceException(message);
        }
        // acedata.md §7: a 402 is the x402 "payment required" answer to a request without a (valid) token.
        if (status == 402) {
            return new AuthenticationException(message + " (AceData answers 402 when it sees no valid token)");
        }
        if (code == null) {
            return null;
        }
        return switch (code) {
            // acedata.md §7: 401 invalid_token; 400 token_mismatched (token not valid for this API); not_applied
            // (platform client: the token's application does not include this service).
            case "invalid_token", "token_mismatched", "not_applied" -> new AuthenticationException(message);
            // acedata.md §7: 403 forbidden is Midjourney moderation, not an auth problem.
            case "forbidden" -> new ContentRejectedException(message);
            case "too_many_requests" -> new RateLimitedException(message, retryAfter);
            case "bad_request" -> isModeration(text) ? new ContentRejectedException(message) : new InvalidRequestException(message);
            case "api_not_implemented", "content_too_large" -> new InvalidRequestException(message);
            // acedata.md §7: "busy" (platform client, HTTP 500) means the request was refused, not started.
            case "busy" -> new ProviderUnavailableException(message, null, false, retryAfter);
            // acedata.md §7/§9: an internal failure or a 504 timeout may leave a job (and a charge) behind.
            case "api_error", "timeout" -> new ProviderUnavailableException(message, null, true, retryAfter);
            default -> null;
        };
    }

    /** The failure category of a task error (acedata.md §4.2 failed example, §7 codes). */
    public static FailureCategory category(String code, String message) {
        String c = normalize(code);
        if ("forbidden".equals(c) || isModeration(message)) {
            return FailureCategory.PROMPT_REJECTED;
        }
        if (c == null) {
            return FailureCategory.VENDOR_ERROR;
        }
        if (c.startsWith("cancel")) {
            return FailureCategory.CANCELLED;
        }
        return switch (c) {
            case "bad_request", "content_too_large", "api_not_implemented" -> FailureCategory.INVALID_REQUEST;
            case "timeout" -> FailureCategory.TIMEOUT;
            default -> FailureCategory.VENDOR_ERROR;
        };
    }

    private static boolean isModeration(String text) {
        return io.mj4j.spi.Moderation.soundsLikeRejection(text); // acedata.md §7: Midjourney moderation wording
    }

    private static String normalize(String code) {
        return code == null || code.isBlank() ? null : code.strip().toLowerCase(Locale.ROOT);
    }
}
