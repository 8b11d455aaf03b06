package io.mj4j.spi;

/**
 * Entry point of a provider jar, found with {@link java.util.ServiceLoader}: list the implementation
 * in {@code META-INF/services/io.mj4j.spi.MjProviderFactory} and give it a public no-arg constructor.
 * Implementations are stateless and thread-safe.
 */
public interface MjProviderFactory {
    /** The SPI version this interface set describes; a descriptor carries the version it was built for. */
    int SPI_VERSION = 1;

    /** The provider id, equal to {@code descriptor().id()}. */
    default String id() {
        return descriptor().id();
    }

    /** What the provider supports. Called at registration, cheap, no I/O. */
    ProviderDescriptor descriptor();

    /**
     * Creates a provider for one account. Called once per configured provider when the client is
     * built. Validate the options here and throw {@link InvalidRequestException} naming a bad one; do
     * no I/O.
     */
    MjProvider create(ProviderContext context);
}
