package io.mj4j.core;

import io.mj4j.spi.MjException;

/**
 * The client is misconfigured: no provider on the classpath, a duplicate or unknown provider id, a
 * bad option. The message lists what was found.
 */
public class MjConfigurationException extends MjException {
    public MjConfigurationException(String message) {
        super(message, null, false, false);
    }

    public MjConfigurationException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
