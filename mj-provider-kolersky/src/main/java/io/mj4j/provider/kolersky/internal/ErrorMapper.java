package io.mj4j.provider.kolersky.internal;

import io.mj4j.provider.support.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.provider.support.ErrorStatus;
import io.mj4j.provider.support.Texts;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.HttpErrors;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.MjException;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Maps Kolersky's error replies to the exception hierarchy. The envelope is
 * {@code {"err": "<title>", "code": <number>, "message": "<detail>"}} (kolersky.md §7), with {@code code}
 * mirroring the HTTP status. Vendor words come first, then {@link HttpErrors#classify} by HTTP status:
 *
 * <ul>
 *   <li>a 4xx whose {@code err}/{@code message} says the requests ran out ({@code "Insufficient requests"},
 *       "... requests remaining") is an {@link InsufficientBalanceException}: Kolersky sends it as 403, not
 *       402, so HTTP status alone would call it an authentication failure (§7);</li>
 *   <li>a 400/422 whose text reads like Midjourney moderation ({@link io.mj4j.spi.Moderation#WORDS}) is a
 *       {@link ContentRejectedException} (the vendor documents no moderation error; §1 says banned
 *       prompts exist);</li>
 *   <li>everything else by HTTP status: 400 invalid request, 401/403 authentication, 429 rate limited with
 *       {@code Retry-After}, 503 unavailable (not accepted), other 5xx unavailable (maybe created).</li>
 * </ul>
 *
 * Messages carry {@code err: message} (or a truncated body), never the API key. Thread-safe.
 */
public final class ErrorMapper {
    private static final List<String> BALANCE_WORDS = List.of("insufficient request", "insufficient balance",
            "insufficient funds", "requests remaining");

    private final Clock clock;
    private final Redaction redaction;

    public ErrorMapper(Clock clock, Optional<String> apiKey) {
        this.clock = clock;
        this.redaction = Redaction.of(apiKey.orElse(null));
    }

    /**
     * The HTTP status Kolersky meant: the reply's when it is not 2xx, else the envelope's {@code code} when a
     * 2xx body carries an {@code err} envelope with a code of 400 or more (a defensive reading of §7, where
     * the body code mirrors the HTTP status), else empty (a real success).
     */
    public static Optional<Integer> errorStatus(HttpReply reply, JsonNode body) {
        Integer bodyCode = body != null && body.hasNonNull("err") && body.path("code").canConvertToInt()
                ? body.path("code").asInt() : null;
        OptionalInt status = ErrorStatus.of(reply, bodyCode, code -> code >= 400);
        return status.isPresent() ? Optional.of(status.getAsInt()) : Optional.empty();
    }

    /**
     * The exception for an error reply with effective HTTP status {@code status}.
     *
     * @param body the parsed body, or null when it was not JSON
     */
    public MjException map(HttpReply reply, int status, JsonNode body, String what) {
        String err = body == null ? null : JsonFields.text(body.get("err")).orElse(null);
        String message = body == null ? null : firstText(body, "message", "error", "failReason");
        String vendorText = join(err, message);
        vendorText = Texts.snippet(vendorText == null ? reply.bodyText() : vendorText, redaction);
        String lower = vendorText.toLowerCase(Locale.ROOT);
        MjException e;
        if (status >= 400 && status < 500 && BALANCE_WORDS.stream().anyMatch(lower::contains)) {
            e = new InsufficientBalanceException(ErrorStatus.message(what, status, vendorText));
        } else if ((status == 400 || status == 422) && io.mj4j.spi.Moderation.soundsLikeRejection(lower)) {
            e = new ContentRejectedException(ErrorStatus.message(what, status, vendorText));
        } else {
            e = ErrorStatus.classify(reply, status, what, vendorText, err, clock, redaction);
        }
        e.withHttpStatus(status);
        if (err != null) {
            e.withVendorCode(Texts.snippet(err, redaction));
        }
        return e;
    }

    /** True when a vendor text reads like a moderation refusal. */
    public static boolean soundsLikeModeration(String text) {
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        return io.mj4j.spi.Moderation.soundsLikeRejection(lower);
    }

    /** {@code text} with the API key replaced, for anything quoted from a vendor reply. */
    public String redact(String text) {
        return redaction.apply(text); // raw and JSON-escaped forms
    }

    /** The rule hiding the API key. */
    public Redaction redaction() {
        return redaction;
    }

    private static String firstText(JsonNode body, String... fields) {
        for (String f : fields) {
            String t = JsonFields.text(body.get(f)).orElse(null);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String join(String a, String b) {
        if (a == null) return b;
        if (b == null || b.equals(a)) return a;
        return a + ": " + b;
    }
}
