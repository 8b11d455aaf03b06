package io.mj4j.spi;

/**
 * A task did not finish before its deadline (and is now FAILED with {@link FailureCategory#TIMEOUT}),
 * or a blocking wait ran out of time (then the task itself goes on; see {@link #snapshot()}).
 */
public class TaskTimeoutException extends TaskFailedException {
    public TaskTimeoutException(String message, TaskSnapshot snapshot) {
        super(message, snapshot);
    }
}
