package io.mj4j.sandbox.vendor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A reply of the simulated vendor. {@link #drop()} closes the connection without any reply. */
public record SimResponse(int status, Map<String, String> headers, byte[] body, boolean dropConnection) {
    public SimResponse {
        headers = Map.copyOf(headers);
    }

    /** A JSON reply. */
    public static SimResponse json(int status, String json) {
        return new SimResponse(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8), false);
    }

    /** A raw reply. */
    public static SimResponse of(int status, String contentType, byte[] body) {
        return new SimResponse(status, Map.of("Content-Type", contentType), body, false);
    }

    /** The connection is closed without a reply. */
    public static SimResponse drop() {
        return new SimResponse(0, Map.of(), new byte[0], true);
    }

    /** This reply plus {@code Retry-After} in whole seconds, rounded up (a client must not come back early). */
    public SimResponse withRetryAfter(Duration retryAfter) {
        return withHeader("Retry-After", Long.toString((Math.max(0, retryAfter.toMillis()) + 999) / 1000));
    }

    /** This reply plus a header. */
    public SimResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new SimResponse(status, h, body, dropConnection);
    }
}
