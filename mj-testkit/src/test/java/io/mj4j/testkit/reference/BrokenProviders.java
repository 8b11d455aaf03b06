package io.mj4j.testkit.reference;

/** Deliberately broken variants of the reference provider, each registered under its own id. */
public final class BrokenProviders {
    private BrokenProviders() {
    }

    /** Retries a submit on its own after a transport failure (may double-bill). */
    public static final class Retrying extends RefVendorProviderFactory {
        public Retrying() {
            super("ref-retrying", Quirk.RETRIES_ON_ITS_OWN);
        }
    }

    /** Maps HTTP 429 to an authentication error. */
    public static final class RateLimitAsAuth extends RefVendorProviderFactory {
        public RateLimitAsAuth() {
            super("ref-ratelimit-as-auth", Quirk.RATE_LIMIT_AS_AUTH);
        }
    }

    /** Sends actions it does not declare. */
    public static final class IgnoresCapabilities extends RefVendorProviderFactory {
        public IgnoresCapabilities() {
            super("ref-ignores-capabilities", Quirk.IGNORES_CAPABILITIES);
        }
    }

    /** Puts the API key into error messages. */
    public static final class LeaksKey extends RefVendorProviderFactory {
        public LeaksKey() {
            super("ref-leaks-key", Quirk.LEAKS_KEY);
        }
    }
}
