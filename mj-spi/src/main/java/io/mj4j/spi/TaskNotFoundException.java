package io.mj4j.spi;

/**
 * The vendor answered that it has no task with the id asked for (an empty fetch reply, HTTP 204, a
 * "task_no_found" code, an id missing from a batch answer). Thrown by {@link MjProvider#fetch} and
 * {@link MjProvider#fetchBatch} only where the vendor's reply really says "not found", never for a transport
 * failure: the engine counts consecutive answers of this kind for an acknowledged task and ends it
 * {@link FailureCategory#VENDOR_LOST} (the vendor lost it, for example in a restart). A subtype of
 * {@link InvalidRequestException} because asking for an unknown id is a request the vendor cannot serve.
 */
public class TaskNotFoundException extends InvalidRequestException {
    /** @param message what was asked and the vendor's answer, quoted (truncated, without secrets) */
    public TaskNotFoundException(String message) {
        super(message);
    }
}
