package io.mj4j.spi;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One HTTP request a provider asks the {@link Transport} to send. {@link #toString()} hides the values
 * of authentication headers.
 *
 * @param method  GET, POST, DELETE ... ({@code DELETE} with a body is allowed: Kolersky's cancel needs it)
 * @param uri     absolute URI
 * @param headers request headers (names as given)
 * @param body    request body, empty for none
 * @param timeout overrides the transport's default request timeout when present
 */
public record HttpCall(String method, URI uri, Map<String, List<String>> headers, byte[] body, Optional<Duration> timeout) {
    /** Header names whose values are secrets in some vendor's protocol; transports and logs hide them. */
    public static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-token", "mj-api-secret", "api-key",
            "x-api-key", "proxy-authorization", "cookie");

    public HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Checks.require(uri.isAbsolute(), "uri", "must be absolute, got '" + uri + "'");
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body.clone();
        Objects.requireNonNull(timeout, "timeout");
    }

    /** A GET. */
    public static Builder get(URI uri) {
        return new Builder("GET", uri);
    }

    /** A POST. */
    public static Builder post(URI uri) {
        return new Builder("POST", uri);
    }

    /** Any method. */
    public static Builder method(String method, URI uri) {
        return new Builder(method, uri);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header, case-insensitively. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpCall c && method.equals(c.method) && uri.equals(c.uri) && headers.equals(c.headers)
                && java.util.Arrays.equals(body, c.body) && timeout.equals(c.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, uri, headers, java.util.Arrays.hashCode(body), timeout);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((k, v) -> shown.put(k, SECRET_HEADERS.contains(k.toLowerCase(Locale.ROOT)) ? "****" : String.join(",", v)));
        return "HttpCall[" + method + " " + uri + ", headers=" + shown + ", body=" + body.length + " bytes]";
    }

    /** Builds an {@link HttpCall}. Not thread-safe. */
    public static final class Builder {
        private final String method;
        private final URI uri;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];
        private Duration timeout;

        private Builder(String method, URI uri) {
            this.method = method;
            this.uri = uri;
        }

        public Builder header(String name, String value) {
            headers.put(name, List.of(Objects.requireNonNull(value, name)));
            return this;
        }

        /** A JSON body; sets {@code Content-Type: application/json}. */
        public Builder jsonBody(String json) {
            header("Content-Type", "application/json");
            this.body = json.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Builder body(byte[] body, String contentType) {
            header("Content-Type", contentType);
            this.body = body.clone();
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public HttpCall build() {
            return new HttpCall(method, uri, headers, body, Optional.ofNullable(timeout));
        }
    }
}
