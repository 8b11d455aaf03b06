package io.mj4j.core;

import java.util.List;
import java.util.Optional;

/**
 * Where the engine keeps tasks. Used write-ahead: a task is inserted before its submit is sent, and
 * every accepted snapshot is stored before listeners hear of it. A method that throws stops that step
 * (the submit is not sent; the listeners are not told). Implementations are thread-safe; the default is
 * {@link InMemoryTaskStore}, durable stores plug in here. A store never holds API keys.
 */
public interface TaskStore {
    /** Inserts a new task. @throws IllegalStateException if the id exists */
    void insert(TaskRecord record);

    /** Replaces the stored task with the same id. @throws IllegalStateException if it does not exist */
    void update(TaskRecord record);

    /** The task with this client reference. */
    Optional<TaskRecord> find(String id);

    /** The task a provider knows by this vendor task id. */
    Optional<TaskRecord> findByVendorId(String providerId, String vendorTaskId);

    /** Every task whose status is not terminal. */
    List<TaskRecord> findActive();

    /**
     * Records when the engine will poll the task next, so an engine resuming it after a restart keeps the
     * schedule. Called after every poll; durable stores keep it, the default keeps nothing.
     */
    default void scheduled(String taskId, java.time.Instant nextPollAt) {
    }

    /** When the task was to be polled next, if the store keeps it. */
    default java.util.Optional<java.time.Instant> nextPollAt(String taskId) {
        return java.util.Optional.empty();
    }
}
