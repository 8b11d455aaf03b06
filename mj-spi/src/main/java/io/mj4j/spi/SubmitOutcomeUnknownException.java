package io.mj4j.spi;

/**
 * A submit failed in a way that may or may not have created (and billed) a task at the vendor, and the
 * engine could not find out which. The task is kept in status {@link TaskStatus#UNKNOWN} under
 * {@link #clientReference()}; it is never resubmitted automatically. Check the vendor's dashboard or
 * resubmit deliberately.
 */
public class SubmitOutcomeUnknownException extends MjException {
    private final String clientReference;

    public SubmitOutcomeUnknownException(String clientReference, Throwable cause) {
        super("The submit of task " + clientReference + " may or may not have reached the vendor ("
                + (cause == null ? "no detail" : cause.getClass().getSimpleName() + ": " + cause.getMessage())
                + "); it was not retried to avoid a duplicate paid task", cause, false, true);
        this.clientReference = clientReference;
        withTaskId(clientReference);
    }

    /** The client reference of the task whose submit outcome is unknown. */
    public String clientReference() {
        return clientReference;
    }
}
