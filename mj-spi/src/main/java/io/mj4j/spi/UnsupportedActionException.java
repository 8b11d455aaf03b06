package io.mj4j.spi;

/** The provider does not support this action or feature, or the parent task's result does not offer this follow-up. Thrown before any request is sent. */
public class UnsupportedActionException extends MjException {
    public UnsupportedActionException(String message) {
        super(message, null, false, false);
    }

    public UnsupportedActionException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
