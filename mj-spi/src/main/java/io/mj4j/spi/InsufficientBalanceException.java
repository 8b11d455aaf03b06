package io.mj4j.spi;

/** The account has no balance or requests left. No task was created. */
public class InsufficientBalanceException extends MjException {
    public InsufficientBalanceException(String message) {
        super(message, null, false, false);
    }

    public InsufficientBalanceException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
