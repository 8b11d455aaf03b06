package io.mj4j.provider.support;

import io.mj4j.spi.HttpErrors;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.MjException;
import io.mj4j.spi.Redaction;

import java.time.Clock;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * The status an error reply really has, for vendors that report errors inside HTTP 200 bodies (OhMyGPT's
 * {@code statusCode}, Kolersky's {@code code}), and its mapping to the exception hierarchy. The rule: a non-2xx HTTP
 * status is the error's status; a 2xx reply is an error only when its body code says so (by the vendor's own test,
 * passed in), and then the body code is the status that classifies it, so an HTTP 200 carrying {@code 429} is rate
 * limited with the reply's {@code Retry-After}, and one carrying {@code 503} is "not accepted". Classifying never
 * quotes the raw body: the vendor text is redacted and cut first, and a blank text becomes the redacted snippet.
 */
public final class ErrorStatus {
    private ErrorStatus() {
    }

    /**
     * The status of the error {@code reply} reports, or empty for a success.
     *
     * @param bodyCode        the status-like code the body carries, or null when it has none
     * @param bodyCodeIsError the vendor's test of a failing body code (for example {@code c -> c != 200})
     */
    public static OptionalInt of(HttpReply reply, Integer bodyCode, IntPredicate bodyCodeIsError) {
        if (!reply.isSuccess()) {
            return OptionalInt.of(reply.status());
        }
        if (bodyCode != null && bodyCodeIsError.test(bodyCode)) {
            return OptionalInt.of(bodyCode);
        }
        return OptionalInt.empty();
    }

    /** {@code reply} as if answered with {@code status} (same headers and body), for classification by status. */
    public static HttpReply as(HttpReply reply, int status) {
        return status == reply.status() ? reply : new HttpReply(status, reply.headers(), reply.body());
    }

    /** The one message shape of a failed call: {@code "<what> failed: HTTP <status>: <text>"}. */
    public static String message(String what, int status, String text) {
        return what + " failed: HTTP " + status + (text == null || text.isEmpty() ? "" : ": " + text);
    }

    /**
     * The exception of an error reply whose vendor words decided nothing: {@link HttpErrors#classify} by
     * {@code status} (401/403 authentication, 402 balance, 429 rate limited with Retry-After, 400/404/409/422
     * invalid, 503 not accepted, other 5xx maybe created, else protocol), carrying {@code status} and
     * {@code vendorCode}.
     *
     * @param status     the effective status ({@link #of})
     * @param vendorText the vendor's own words, or null to quote the body; redacted and cut here either way
     * @param vendorCode the vendor's error code or type, or null; redacted and cut here
     */
    public static MjException classify(HttpReply reply, int status, String what, String vendorText, String vendorCode,
                                       Clock clock, Redaction redaction) {
        String text = vendorText == null || vendorText.isBlank() ? Texts.snippet(reply.bodyText(), redaction)
                : Texts.snippet(vendorText, redaction);
        String code = vendorCode == null || vendorCode.isBlank() ? null : Texts.snippet(vendorCode, redaction);
        // HttpErrors quotes the raw body when the text is blank: give it a placeholder instead.
        MjException e = HttpErrors.classify(as(reply, status), what, text.isEmpty() ? "(empty body)" : text, code, clock);
        e.withHttpStatus(status);
        return e;
    }
}
