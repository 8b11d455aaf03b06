package io.mj4j.core;

import io.mj4j.spi.InvalidRequestException;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider account's settings: base URI (default: the vendor's), API key, callback URI, vendor
 * options, and the time scale of a simulated vendor. {@link #fromEnvironment} reads {@code MJ_<ID>_API_KEY},
 * {@code MJ_<ID>_BASE_URL}, {@code MJ_<ID>_CALLBACK_URL}, {@code MJ_<ID>_OPT_<NAME>} (option {@code name} in
 * lower case) and {@code MJ_<ID>_TIME_SCALE} where {@code <ID>} is the provider id in upper case with '-' as
 * '_'. {@link #toString()} never shows the key. Immutable and thread-safe.
 */
public final class ProviderConfig {
    private final URI baseUri;
    private final String apiKey;
    private final URI callbackUri;
    private final Map<String, String> options;
    private final Double timeScale;

    private ProviderConfig(Builder b) {
        this.baseUri = b.baseUri;
        this.apiKey = b.apiKey;
        this.callbackUri = b.callbackUri;
        this.options = Map.copyOf(b.options);
        this.timeScale = b.timeScale;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A config with just an API key. */
    public static ProviderConfig apiKey(String apiKey) {
        return builder().apiKey(apiKey).build();
    }

    /** The environment variable prefix for a provider id, for example {@code MJ_ACEDATA_}. */
    public static String envPrefix(String providerId) {
        return "MJ_" + providerId.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    }

    /** Reads the provider's settings from environment variables (see the class comment). */
    public static ProviderConfig fromEnvironment(String providerId, Map<String, String> env) {
        String p = envPrefix(providerId);
        Builder b = builder();
        Optional.ofNullable(env.get(p + "API_KEY")).filter(s -> !s.isBlank()).ifPresent(k -> b.apiKey(k.strip()));
        Optional.ofNullable(env.get(p + "BASE_URL")).filter(s -> !s.isBlank()).ifPresent(u -> b.baseUri(uri(p + "BASE_URL", u)));
        Optional.ofNullable(env.get(p + "CALLBACK_URL")).filter(s -> !s.isBlank()).ifPresent(u -> b.callbackUri(uri(p + "CALLBACK_URL", u)));
        Optional.ofNullable(env.get(p + "TIME_SCALE")).filter(s -> !s.isBlank()).ifPresent(v -> b.timeScale(scale(p + "TIME_SCALE", v)));
        env.forEach((k, v) -> {
            if (k.startsWith(p + "OPT_") && k.length() > (p + "OPT_").length()) {
                b.option(k.substring((p + "OPT_").length()).toLowerCase(Locale.ROOT), v);
            }
        });
        return b.build();
    }

    private static URI uri(String name, String value) {
        try {
            URI u = URI.create(value.strip());
            if (!u.isAbsolute()) {
                throw new IllegalArgumentException("not absolute");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(name + ": not an absolute URL: '" + value + "'");
        }
    }

    private static double scale(String name, String value) {
        try {
            return checkScale(name, Double.parseDouble(value.strip()));
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + ": not a number: '" + value + "' (a simulated vendor's time scale, such as 0.01)");
        }
    }

    private static double checkScale(String name, double s) {
        if (!(s > 0 && s <= 10)) {
            throw new InvalidRequestException(name + " must be in (0, 10], got " + s);
        }
        return s;
    }

    /** This config with every unset value taken from {@code fallback}. */
    public ProviderConfig orElse(ProviderConfig fallback) {
        Builder b = builder();
        b.baseUri = baseUri != null ? baseUri : fallback.baseUri;
        b.apiKey = apiKey != null ? apiKey : fallback.apiKey;
        b.callbackUri = callbackUri != null ? callbackUri : fallback.callbackUri;
        b.timeScale = timeScale != null ? timeScale : fallback.timeScale;
        b.options.putAll(fallback.options);
        b.options.putAll(options);
        return b.build();
    }

    public Optional<URI> baseUri() { return Optional.ofNullable(baseUri); }
    /** The API key. Never log it. */
    public Optional<String> apiKey() { return Optional.ofNullable(apiKey); }
    public Optional<URI> callbackUri() { return Optional.ofNullable(callbackUri); }
    public Map<String, String> options() { return options; }
    /**
     * How fast the vendor's clock runs against real time: 1 for a real vendor; a simulated vendor (mj-sandbox,
     * whose {@code environment()} carries {@code MJ_<ID>_TIME_SCALE}) runs jobs at, say, 0.01 of their real
     * duration. The engine then scales the vendor's minimum poll interval and the default poll options by it,
     * so tests against a simulator poll as often, relative to its jobs, as an application polls a real vendor.
     */
    public double timeScale() { return timeScale == null ? 1.0 : timeScale; }

    @Override
    public String toString() {
        return "ProviderConfig[baseUri=" + baseUri + ", apiKey=" + (apiKey == null ? "none" : "****")
                + ", callbackUri=" + callbackUri + ", options=" + options.keySet()
                + (timeScale == null ? "" : ", timeScale=" + timeScale) + "]";
    }

    /** Builds a {@link ProviderConfig}. Not thread-safe. */
    public static final class Builder {
        private URI baseUri;
        private String apiKey;
        private URI callbackUri;
        private final Map<String, String> options = new LinkedHashMap<>();
        private Double timeScale;

        private Builder() {
        }

        public Builder baseUri(URI uri) { this.baseUri = uri; return this; }
        public Builder baseUri(String uri) { this.baseUri = uri("baseUri", uri); return this; }
        public Builder apiKey(String key) { this.apiKey = key; return this; }
        public Builder callbackUri(URI uri) { this.callbackUri = uri; return this; }
        public Builder option(String key, String value) { options.put(Objects.requireNonNull(key), Objects.requireNonNull(value, key)); return this; }
        /** See {@link ProviderConfig#timeScale()}; in (0, 10]. Only for simulated vendors. */
        public Builder timeScale(double scale) { this.timeScale = checkScale("timeScale", scale); return this; }

        public ProviderConfig build() {
            return new ProviderConfig(this);
        }
    }
}
