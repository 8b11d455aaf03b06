package io.mj4j.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stateless translator between the vocabulary and one vendor's HTTP API, bound to one account
 * ({@link ProviderContext}). Every method sends at most one HTTP exchange through the context's
 * {@link Transport} (mj-proxy's modal step is the one documented exception), and never loops, sleeps,
 * retries or starts threads: the engine does all of that.
 *
 * <p>The engine calls these methods from its worker threads, possibly concurrently: implementations
 * must be thread-safe. What to throw: {@link TransportException}s from the transport propagate
 * unchanged; vendor error replies map to the typed subclasses of {@link MjException} (see
 * {@link HttpErrors}); an unreadable reply or an unknown status word is a {@link ProviderProtocolException}
 * naming it. No exception message may contain the API key.
 */
public interface MjProvider {
    /**
     * Sends one submit. Called once per task (the engine decides about retries); the action is already
     * validated and checked against the descriptor and, for follow-ups, against the parent's offered
     * follow-ups. Throw {@link UnsupportedActionException} without sending when an action the descriptor
     * declares cannot be expressed for this parent or value (for example a zoom factor the vendor lacks).
     */
    SubmitReceipt submit(SubmitRequest request);

    /**
     * What this instance can do now: {@code declared} (its factory's descriptor) narrowed by what the instance
     * knows about its server, from its options or from earlier answers (the mj-proxy provider learns which server
     * family it talks to). Cheap, no I/O, thread-safe; the engine checks actions against it before any request and
     * reports it as the configured provider's descriptor. The default returns {@code declared}.
     */
    default ProviderDescriptor capabilities(ProviderDescriptor declared) {
        return declared;
    }

    /**
     * Reads the current state of one task. Safe to repeat. Throw {@link TaskNotFoundException} only when the
     * vendor's reply says it has no such task.
     */
    TaskSnapshot fetch(TaskRef task);

    /**
     * Reads several tasks in one exchange (at most {@link ProviderDescriptor#maxBatchSize()}). Tasks
     * the vendor does not return are absent from the map. Only called when {@link Feature#BATCH_FETCH}
     * is declared.
     */
    default Map<String, TaskSnapshot> fetchBatch(List<TaskRef> tasks) {
        throw new UnsupportedActionException("batch fetch is not supported by this provider");
    }

    /** Cancels a task. Only called when {@link Feature#CANCEL} is declared. */
    default TaskSnapshot cancel(TaskRef task) {
        throw new UnsupportedActionException("cancel is not supported by this provider");
    }

    /**
     * Reads one vendor callback request (headers with lower- or mixed-case names, raw body) into the
     * snapshots it reports, each carrying its vendor task id. No I/O. Only called when
     * {@link Feature#CALLBACKS} is declared.
     */
    default List<TaskSnapshot> parseCallback(Map<String, List<String>> headers, byte[] body) {
        throw new UnsupportedActionException("callbacks are not supported by this provider");
    }

    /** The account balance. Only called when {@link Feature#BALANCE} is declared. */
    default Balance balance() {
        throw new UnsupportedActionException("balance is not supported by this provider");
    }

    /**
     * Finds the task a submit with {@code clientReference} created, to reconcile an ambiguous submit.
     * Empty means the vendor has no such task. Only called when {@link Feature#LOOKUP_BY_REFERENCE} is
     * declared.
     */
    default Optional<TaskSnapshot> lookup(String clientReference) {
        throw new UnsupportedActionException("lookup by client reference is not supported by this provider");
    }
}
