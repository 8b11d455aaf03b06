package io.mj4j.spi;

import java.util.Objects;

/** A task ended FAILED or CANCELLED; {@link #snapshot()} holds its final state and failure. */
public class TaskFailedException extends MjException {
    private final TaskSnapshot snapshot;

    public TaskFailedException(String message, TaskSnapshot snapshot) {
        super(message, null, false, true);
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    }

    /** The task's final snapshot. */
    public TaskSnapshot snapshot() {
        return snapshot;
    }
}
