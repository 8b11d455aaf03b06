package io.mj4j.spi;

/**
 * The vendor's reply could not be understood: malformed JSON, a missing field, an unknown status word.
 * The message names what was unexpected. For a submit, the vendor may have created a task anyway, so
 * {@link #mayHaveCreatedTask()} is true; for a fetch, retrying later can help.
 */
public class ProviderProtocolException extends MjException {
    public ProviderProtocolException(String message) {
        super(message, null, true, true);
    }

    public ProviderProtocolException(String message, Throwable cause) {
        super(message, cause, true, true);
    }
}
