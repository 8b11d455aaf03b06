package io.mj4j.core;

import io.mj4j.spi.MjException;

/** A new task would take the normalized spend past the client's budget; nothing was sent. */
public class BudgetExceededException extends MjException {
    public BudgetExceededException(String message) {
        super(message, null, false, false);
    }
}
