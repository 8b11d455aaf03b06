package io.mj4j.spi;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a provider gets when it is created: where the vendor is, the credentials, the
 * {@link Transport} to send with, the {@link Clock}, the callback URI the vendor should call (when the
 * application receives callbacks), and vendor options (string keys documented by each provider).
 * {@link #toString()} never shows the credentials.
 */
public record ProviderContext(String providerId, URI baseUri, Credentials credentials, Transport transport, Clock clock,
                              Optional<URI> callbackUri, Map<String, String> options) {
    public ProviderContext {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(baseUri, "baseUri");
        Checks.require(baseUri.isAbsolute(), "baseUri", "must be absolute, got '" + baseUri + "'");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(callbackUri, "callbackUri");
        options = Map.copyOf(options);
    }

    /** A vendor option. */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /**
     * {@code path} resolved against the base URI, keeping any path prefix of the base URI
     * ({@code https://host/prefix} + {@code /mj/submit} = {@code https://host/prefix/mj/submit}).
     */
    public URI resolve(String path) {
        String base = baseUri.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + (path.startsWith("/") ? path : "/" + path));
    }

    @Override
    public String toString() {
        return "ProviderContext[" + providerId + ", baseUri=" + baseUri + ", credentials=" + credentials
                + ", callbackUri=" + callbackUri + ", options=" + options.keySet() + "]";
    }
}
