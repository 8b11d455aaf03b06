package io.mj4j.spi;

/** Where a task is in its life. SUCCEEDED, FAILED and CANCELLED are terminal and final. */
public enum TaskStatus {
    /** Recorded locally; the submit request has not been acknowledged by the vendor yet. */
    SUBMITTING(0),
    /** The submit may or may not have reached the vendor (an ambiguous failure); never resubmitted blindly. */
    UNKNOWN(0),
    /** Accepted by the vendor, waiting to start. */
    QUEUED(1),
    /** Being generated. */
    RUNNING(2),
    /** The vendor waits for more input (a modal: mask or prompt). */
    NEEDS_INPUT(2),
    /** Finished with a result. Terminal. */
    SUCCEEDED(3),
    /** Finished without a result; see {@link TaskSnapshot#failure()}. Terminal. */
    FAILED(3),
    /** Cancelled. Terminal. */
    CANCELLED(3);

    private final int rank;

    TaskStatus(int rank) {
        this.rank = rank;
    }

    /** True for SUCCEEDED, FAILED and CANCELLED. */
    public boolean isTerminal() {
        return rank == 3;
    }

    /**
     * Lifecycle order: 0 local (SUBMITTING, UNKNOWN), 1 queued, 2 running or waiting for input, 3 terminal.
     * A snapshot whose status ranks below the current one is stale.
     */
    public int rank() {
        return rank;
    }
}
