package io.mj4j.spi;

/**
 * Sends one HTTP request. Implemented by the engine (over {@code java.net.http.HttpClient}) and handed
 * to providers in {@link ProviderContext}; the transport owns timeouts, the user agent, logging with
 * secrets hidden, and the classification of failures. It never retries.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface Transport {
    /**
     * Sends {@code call} and returns the vendor's reply, whatever its status.
     *
     * @throws TransportException when no HTTP reply was read; {@link TransportException#delivery()} says
     *                            whether the request may have reached the vendor
     */
    HttpReply send(HttpCall call);
}
