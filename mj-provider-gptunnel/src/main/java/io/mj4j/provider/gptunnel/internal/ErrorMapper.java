package io.mj4j.provider.gptunnel.internal;

import io.mj4j.provider.support.JsonFields;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.provider.support.ErrorStatus;
import io.mj4j.provider.support.ProviderJson;
import io.mj4j.provider.support.Texts;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.HttpErrors;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;

import java.time.Clock;
import java.util.Optional;

/**
 * Maps GPTunnel's error replies to the exception hierarchy. The envelope is OpenAI-style,
 * {@code {"error": {"message", "type", "param", "code"}}} (gptunnel.md §7):
 *
 * <table>
 *   <caption>GPTunnel error to exception</caption>
 *   <tr><th>reply</th><th>exception</th></tr>
 *   <tr><td>{@code insufficient_balance_error} (documented with 402)</td><td>InsufficientBalanceException</td></tr>
 *   <tr><td>{@code unauthorized_request_error} (documented with 401)</td><td>AuthenticationException</td></tr>
 *   <tr><td>{@code invalid_request_error} (documented with 400)</td><td>InvalidRequestException</td></tr>
 *   <tr><td>anything else, including 429 and 5xx whatever the type, and bodies that are not JSON</td>
 *       <td>{@link HttpErrors#classify}: 401/403 auth, 402 balance, 429 rate limited with Retry-After, 400/404/... invalid,
 *       503 unavailable (not created), other 5xx unavailable (maybe created), else protocol</td></tr>
 * </table>
 *
 * The vendor's type words decide only for replies below 500 other than 429, where they are the documented pairing;
 * for 429 and 5xx the HTTP status decides. A body that does not parse never turns a 401/402/400 into a protocol error
 * (§7: the documented 401 body is not valid JSON; it is read leniently, and classified by status when even that fails).
 * Messages carry the vendor's text truncated, never the API key.
 */
public final class ErrorMapper {
    static final String TYPE_BALANCE = "insufficient_balance_error";
    static final String TYPE_UNAUTHORIZED = "unauthorized_request_error";
    static final String TYPE_INVALID = "invalid_request_error";

    // gptunnel.md §7: the vendor's documented 401 body has a trailing comma after "code": null. Error bodies are
    // read with this lenient mapper so such a body still yields its message and type.
    private static final ProviderJson LENIENT = ProviderJson.of(ProviderJson.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build(), Redaction.none());

    private ErrorMapper() {
    }

    /** The vendor's error: text and type/code, either possibly absent. */
    public record VendorError(String message, String code) {
        /**
         * Reads an {@code error} value of unknown shape (gptunnel.md §12: string or object): empty for null, blank, {} or
         * []; a string is the message; an object gives {@code message} and {@code type} (else {@code code}).
         */
        public static Optional<VendorError> of(JsonNode error) {
            if (error == null || error.isNull() || error.isMissingNode()) {
                return Optional.empty();
            }
            if (error.isTextual()) {
                return error.asText().isBlank() ? Optional.empty() : Optional.of(new VendorError(error.asText().strip(), null));
            }
            if (error.isBoolean() && !error.asBoolean()) {
                return Optional.empty();
            }
            if ((error.isObject() || error.isArray()) && error.isEmpty()) {
                return Optional.empty();
            }
            if (error.isObject()) {
                String message = JsonFields.text(error.get("message")).orElse(null);
                String code = JsonFields.text(error.get("type")).or(() -> JsonFields.text(error.get("code"))).orElse(null);
                return Optional.of(new VendorError(message == null ? error.toString() : message, code));
            }
            return Optional.of(new VendorError(error.toString(), null));
        }
    }

    /** The envelope's error, read leniently from any reply; empty when the body carries none. Never throws. */
    public static Optional<VendorError> envelope(HttpReply reply) {
        return LENIENT.tryReadObject(reply.bodyText()).flatMap(n -> VendorError.of(n.get("error")));
    }

    /**
     * The exception for an error reply (any status; a 2xx reply carrying only an error envelope comes here too).
     *
     * @param what   what was attempted, for example "gptunnel imagine submit"
     * @param secret the API key, masked wherever vendor text is quoted
     */
    public static MjException map(HttpReply reply, String what, Clock clock, String secret) {
        Optional<VendorError> error = envelope(reply);
        String code = error.map(VendorError::code).orElse(null);
        Redaction redaction = Redaction.of(secret);
        String text = Texts.snippet(error.map(VendorError::message).orElse(reply.bodyText()), redaction);
        int s = reply.status();
        MjException e = null;
        if (code != null && s < 500 && s != 429) {
            String message = ErrorStatus.message(what, s, text);
            e = switch (code) {
                case TYPE_BALANCE -> new InsufficientBalanceException(message);
                case TYPE_UNAUTHORIZED -> new AuthenticationException(message);
                case TYPE_INVALID -> new InvalidRequestException(message);
                default -> null;
            };
        }
        if (e == null) {
            e = ErrorStatus.classify(reply, s, what, text, code, clock, redaction);
        }
        e.withHttpStatus(s);
        if (code != null) {
            e.withVendorCode(code);
        }
        return e;
    }
}
