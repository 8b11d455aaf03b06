package io.mj4j.spi;

/**
 * Time ran out, in one of two ways that {@link #deadlinePassed()} tells apart:
 * <ul>
 *   <li>the task's own deadline passed: the engine ended it FAILED with {@link FailureCategory#TIMEOUT}
 *       ({@link #snapshot()} is that final snapshot; {@code deadlinePassed()} is true), or</li>
 *   <li>a blocking wait ({@code Task.await(timeout)}) ran out, or was interrupted, before the task ended: the
 *       task goes on and may still succeed ({@code deadlinePassed()} is false; {@link #snapshot()} is the
 *       latest snapshot, not a final one). Wait again, or listen for its completion.</li>
 * </ul>
 */
public class TaskTimeoutException extends TaskFailedException {
    public TaskTimeoutException(String message, TaskSnapshot snapshot) {
        super(message, snapshot);
    }

    /**
     * True when the task ended because its deadline passed (it is FAILED with {@link FailureCategory#TIMEOUT}
     * and nothing more will happen to it); false when only the wait ran out and the task goes on.
     */
    public boolean deadlinePassed() {
        TaskSnapshot s = snapshot();
        return s != null && s.status() == TaskStatus.FAILED
                && s.failure().map(f -> f.category() == FailureCategory.TIMEOUT).orElse(false);
    }

    /** True when the task has not ended: only the wait ran out ({@code !deadlinePassed()} with a live task). */
    public boolean taskGoesOn() {
        TaskSnapshot s = snapshot();
        return s != null && !s.status().isTerminal();
    }
}
