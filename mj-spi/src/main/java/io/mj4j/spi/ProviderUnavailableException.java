package io.mj4j.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * The vendor could not be reached or failed (5xx, connection errors, timeouts). Retrying can help.
 * {@link #mayHaveCreatedTask()} tells whether a submit that failed this way may have created a task:
 * false for "not accepted" answers such as 503 and for requests that never left this machine; true
 * for 500/502/504, resets and read timeouts.
 */
public class ProviderUnavailableException extends MjException {
    private final Duration retryAfter;

    public ProviderUnavailableException(String message, boolean mayHaveCreatedTask) {
        this(message, null, mayHaveCreatedTask, null);
    }

    public ProviderUnavailableException(String message, Throwable cause, boolean mayHaveCreatedTask, Duration retryAfter) {
        super(message, cause, true, mayHaveCreatedTask);
        this.retryAfter = retryAfter;
    }

    /** How long the vendor asked to wait ({@code Retry-After} on a 503), when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
