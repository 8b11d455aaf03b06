package io.mj4j.sandbox.internal.parts;

import io.mj4j.sandbox.vendor.SimRequest;

import java.util.Objects;
import java.util.Optional;

/**
 * How a vendor reads its API key off a request: which header, and whether the value is the bare key, must be
 * {@code Bearer <key>}, or may be either. Surrounding blanks are ignored, "Bearer" in any case. Immutable.
 */
public final class KeyCheck {
    private enum Scheme { BARE, BEARER, BEARER_OR_BARE }

    private static final String BEARER = "Bearer ";

    private final String header;
    private final Scheme scheme;

    private KeyCheck(String header, Scheme scheme) {
        this.header = Objects.requireNonNull(header, "header");
        this.scheme = scheme;
    }

    /** The header carries the key itself; {@code Bearer <key>} is refused. */
    public static KeyCheck bare(String header) {
        return new KeyCheck(header, Scheme.BARE);
    }

    /** The header must carry {@code Bearer <key>}. */
    public static KeyCheck bearer(String header) {
        return new KeyCheck(header, Scheme.BEARER);
    }

    /** The header carries {@code Bearer <key>} or the bare key. */
    public static KeyCheck bearerOrBare(String header) {
        return new KeyCheck(header, Scheme.BEARER_OR_BARE);
    }

    /** True when {@code request} carries exactly {@code key}. */
    public boolean accepts(SimRequest request, String key) {
        return presented(request).filter(key::equals).isPresent();
    }

    private Optional<String> presented(SimRequest request) {
        Optional<String> value = request.header(header).map(String::strip);
        if (value.isEmpty() || scheme == Scheme.BARE) {
            return value;
        }
        String v = value.get();
        boolean bearer = v.regionMatches(true, 0, BEARER, 0, BEARER.length());
        if (bearer) {
            return Optional.of(v.substring(BEARER.length()).strip());
        }
        return scheme == Scheme.BEARER ? Optional.empty() : value;
    }
}
