package io.mj4j.core.store;

import java.util.List;
import java.util.Optional;

/**
 * Where the engine keeps tasks. Used write-ahead: a task is inserted before its submit is sent, and
 * every accepted snapshot is stored before listeners hear of it. A method that throws stops that step
 * (the submit is not sent; the listeners are not told). Implementations are thread-safe; the default is
 * {@link InMemoryTaskStore}, durable stores plug in here. A store never holds API keys.
 *
 * <p>The engine writes on changes of state only (a new task, an accepted snapshot, a failover, the unsent mark):
 * a poll that learns nothing new writes nothing. The poll schedule lives in memory and is rebuilt on resume from
 * the task's last stored state and time.
 */
public interface TaskStore {
    /** Inserts a new task. @throws IllegalStateException if the id exists */
    void insert(TaskRecord record);

    /** Replaces the stored task with the same id. @throws IllegalStateException if it does not exist */
    void update(TaskRecord record);

    /**
     * Replaces several stored tasks at once: the snapshots one batch poll brought (one vendor request, many tasks).
     * A durable store writes them in one transaction, all or none, so a batch of 50 costs one commit instead of 50;
     * this default updates them one by one (fine for a store in memory, where a write is not a commit).
     *
     * @throws IllegalStateException if one of them does not exist (a store writing in one transaction then writes none)
     */
    default void updateAll(List<TaskRecord> records) {
        for (TaskRecord r : records) {
            update(r);
        }
    }

    /** The task with this client reference. */
    Optional<TaskRecord> find(String id);

    /** The task a provider knows by this vendor task id. */
    Optional<TaskRecord> findByVendorId(String providerId, String vendorTaskId);

    /** Every task whose status is not terminal. */
    List<TaskRecord> findActive();
}
