package io.mj4j.spi;

import java.time.Clock;
import java.time.Duration;

/**
 * The common mapping from an HTTP error reply to the exception hierarchy, for providers to use after
 * handling their vendor's own error words. 400/404/405/409/413/422 invalid request, 401 and 403
 * authentication, 402 insufficient balance, 429 rate limited (with {@code Retry-After}), 503 unavailable
 * and not accepted, other 5xx unavailable and possibly created, anything else a protocol error.
 */
public final class HttpErrors {
    private HttpErrors() {
    }

    /**
     * Maps {@code reply} (not 2xx) to an exception whose message is {@code what} plus the vendor's
     * message, carrying the HTTP status and vendor code.
     *
     * @param what          what was attempted, for example "imagine submit"
     * @param vendorMessage the vendor's error text (already extracted), or null to use the body
     * @param vendorCode    the vendor's error code or type, or null
     */
    public static MjException classify(HttpReply reply, String what, String vendorMessage, String vendorCode, Clock clock) {
        String detail = vendorMessage == null || vendorMessage.isBlank() ? reply.bodySnippet(300) : Failure.truncate(vendorMessage);
        String message = what + " failed: HTTP " + reply.status() + (detail.isEmpty() ? "" : ": " + detail);
        int s = reply.status();
        Duration retryAfter = reply.retryAfter(clock).orElse(null);
        MjException e;
        if (s == 401 || s == 403) {
            e = new AuthenticationException(message);
        } else if (s == 402) {
            e = new InsufficientBalanceException(message);
        } else if (s == 429) {
            e = new RateLimitedException(message, retryAfter);
        } else if (s == 400 || s == 404 || s == 405 || s == 409 || s == 413 || s == 422) {
            e = new InvalidRequestException(message);
        } else if (s == 503) {
            e = new ProviderUnavailableException(message, null, false, retryAfter);
        } else if (s >= 500) {
            e = new ProviderUnavailableException(message, null, true, retryAfter);
        } else {
            e = new ProviderProtocolException(message);
        }
        e.withHttpStatus(s);
        if (vendorCode != null && !vendorCode.isBlank()) {
            e.withVendorCode(vendorCode);
        }
        return e;
    }
}
