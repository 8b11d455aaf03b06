package io.mj4j.core;

import java.util.List;
import java.util.Map;

/**
 * Intake of vendor callbacks: the application's HTTP endpoint hands each request here. Callbacks are
 * hints: the reported snapshot goes through the same state machine as polls (so a callback racing a
 * poll yields one ordered event stream), and polling goes on as the safety net.
 */
public interface Callbacks {
    /**
     * Applies one callback request received for {@code providerId}.
     *
     * @throws io.mj4j.spi.UnsupportedActionException if the provider has no callbacks
     * @throws io.mj4j.spi.ProviderProtocolException  if the body cannot be read
     */
    CallbackResult accept(String providerId, Map<String, List<String>> headers, byte[] body);
}
