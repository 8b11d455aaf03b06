package io.mj4j.spi;

/** The vendor refused the credentials (missing, wrong or expired key). No task was created. */
public class AuthenticationException extends MjException {
    public AuthenticationException(String message) {
        super(message, null, false, false);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
