package io.mj4j.core;

import io.mj4j.spi.MjException;

/**
 * A provider's concurrency limit and its queue are full ({@link ProviderLimits}), or its circuit is open:
 * the task was not sent, so no task was created. Retrying later (or on another provider) can help.
 */
public class CapacityExceededException extends MjException {
    public CapacityExceededException(String message) {
        super(message, null, true, false);
    }
}
