package io.mj4j.spi;

import java.util.Optional;

/**
 * The secret a provider authenticates with. {@link #toString()} never shows it; only
 * {@link #apiKey()} does, for the provider to put into its auth header.
 */
public final class Credentials {
    private static final Credentials NONE = new Credentials(null);
    private final String apiKey;

    private Credentials(String apiKey) {
        this.apiKey = apiKey;
    }

    /** Credentials holding {@code apiKey}. */
    public static Credentials apiKey(String apiKey) {
        Checks.require(apiKey != null && !apiKey.isBlank(), "apiKey", "must not be blank");
        Checks.require(apiKey.strip().equals(apiKey), "apiKey", "must not start or end with whitespace");
        return new Credentials(apiKey);
    }

    /** No credentials (for sandboxes and open self-hosted servers). */
    public static Credentials none() {
        return NONE;
    }

    /** The API key, for the auth header only. Never log it. */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /**
     * The API key, or an {@link AuthenticationException} naming the provider when there is none: for
     * vendors that always need one, called before any request is built.
     */
    public String requireApiKey(String providerId) {
        if (apiKey == null) {
            AuthenticationException e = new AuthenticationException("No API key configured for provider '" + providerId
                    + "' (set MJ_" + providerId.toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                    + "_API_KEY or pass one in the provider config)");
            e.withProvider(providerId);
            throw e;
        }
        return apiKey;
    }

    @Override
    public String toString() {
        return apiKey == null ? "Credentials[none]" : "Credentials[apiKey=****]";
    }
}
