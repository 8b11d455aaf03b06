package io.mj4j.spi;

/** The request was refused as invalid: by mj4j's own validation before sending, or by the vendor. The message names the bad value. No task was created. */
public class InvalidRequestException extends MjException {
    public InvalidRequestException(String message) {
        super(message, null, false, false);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
