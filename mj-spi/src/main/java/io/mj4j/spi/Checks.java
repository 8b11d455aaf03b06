package io.mj4j.spi;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Validation helpers shared by the value types of this package. */
final class Checks {
    private Checks() {
    }

    static void require(boolean ok, String parameter, String message) {
        if (!ok) {
            throw new InvalidRequestException(parameter + ": " + message);
        }
    }

    static void requireHttpUrl(String parameter, URI uri) {
        require(uri != null, parameter, "must not be null");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        require((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null, parameter,
                "must be an absolute http(s) URL, got '" + uri + "'");
    }

    static Optional<String> optionalText(String parameter, Optional<String> text) {
        Objects.requireNonNull(text, parameter + " must be Optional.empty(), not null");
        return text.map(String::strip).filter(s -> !s.isEmpty());
    }
}
