package io.mj4j.provider.ohmygpt.internal;

import io.mj4j.provider.support.ErrorStatus;
import io.mj4j.provider.support.Texts;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.HttpErrors;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.RateLimitedException;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * OhMyGPT's error shapes mapped to the mj4j exceptions, and task failure reasons mapped to a
 * {@link FailureCategory}.
 *
 * <p>A reply is a failure when its HTTP status is not 2xx or its envelope {@code statusCode} is not 200
 * (ohmygpt.md §4: failures can come inside an HTTP 200). The status that classifies it is the HTTP status
 * when that is an error, else the envelope's {@code statusCode}. Order: the vendor's {@code errorType}
 * words first (insufficient balance, rate limit, auth), then moderation words in the message of a 400
 * (a banned prompt, §9), then {@link HttpErrors#classify} on that status as the fallback. The vendor
 * code of the exception is {@code errorType}, else {@code statusCode=<n>}. Vendor text is truncated;
 * the API key is never part of a message (the provider never puts it into one and OhMyGPT does not echo
 * it).
 */
public final class ErrorMapper {
    /** Longest vendor text kept in an exception message. */
    static final int MAX_TEXT = 300;

    // ohmygpt.md §9 / §14: MJ-specific failure texts are not documented; moderation is recognized by the
    // shared wording list (io.mj4j.spi.Moderation), English and the Chinese the vendor's messages use.
    private static final List<String> INVALID_WORDS = List.of("invalid", "unrecognized", "unrecognised",
            "unknown parameter", "parameter", "参数");

    private ErrorMapper() {
    }

    /**
     * The exception for a failed reply.
     *
     * @param effective the status that classifies the failure ({@link ErrorStatus#of})
     * @param envelope the parsed envelope, or null when the body was not one
     * @param what     what was attempted, for example "imagine submit"
     */
    public static MjException fromReply(HttpReply reply, int effective, Wire.Envelope envelope, String what, Clock clock,
                                        Redaction redaction) {
        int http = reply.status();
        boolean httpOk = reply.isSuccess();
        Integer code = envelope == null ? null : envelope.statusCode();
        String message = envelope == null ? null : envelope.message();
        String errorType = envelope == null || Wire.blank(envelope.errorType()) ? null : envelope.errorType().strip();
        String vendorCode = errorType != null ? errorType : code != null ? "statusCode=" + code : null;
        String where = httpOk ? what + " (OhMyGPT statusCode " + code + " in an HTTP " + http + " reply)" : what;
        String detail = Texts.snippet(Wire.blank(message) ? reply.bodyText() : message, redaction, MAX_TEXT);
        String text = where + " failed: " + effective + (detail.isEmpty() ? "" : ": " + detail);

        String type = errorType == null ? "" : errorType.toLowerCase(Locale.ROOT);
        MjException e = null;
        // ohmygpt.md §4: errorType "insufficient_balance_error" (documented); the other words are the same
        // naming scheme and are matched defensively.
        if (type.contains("balance") || type.contains("quota")) {
            e = new InsufficientBalanceException(text);
        } else if (type.contains("rate_limit") || type.contains("too_many")) {
            e = new RateLimitedException(text, reply.retryAfter(clock).orElse(null));
        } else if (type.contains("auth") || type.contains("api_key") || type.contains("invalid_token")
                || type.contains("permission")) {
            e = new AuthenticationException(text);
        } else if (effective == 400 && io.mj4j.spi.Moderation.soundsLikeRejection(message)) {
            // ohmygpt.md §9: a submit failure is statusCode 400 with a message such as a banned prompt.
            e = new ContentRejectedException(text);
        }
        if (e == null) {
            return ErrorStatus.classify(reply, effective, where, message, vendorCode, clock, redaction);
        }
        e.withHttpStatus(effective);
        if (vendorCode != null) {
            e.withVendorCode(vendorCode);
        }
        return e;
    }

    /** The category of a task's {@code failReason} (ohmygpt.md §9: Midjourney's own text). */
    public static FailureCategory category(String failReason) {
        if (io.mj4j.spi.Moderation.soundsLikeRejection(failReason)) {
            return FailureCategory.PROMPT_REJECTED;
        }
        if (containsAny(failReason, INVALID_WORDS)) {
            return FailureCategory.INVALID_REQUEST;
        }
        return FailureCategory.VENDOR_ERROR;
    }

    static String truncate(String s) {
        return Texts.truncate(Texts.oneLine(s), MAX_TEXT);
    }

    private static boolean containsAny(String text, List<String> words) {
        if (text == null) {
            return false;
        }
        String t = text.toLowerCase(Locale.ROOT);
        return words.stream().anyMatch(t::contains);
    }
}
