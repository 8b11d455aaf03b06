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

    /** The task with this client reference. */
    Optional<TaskRecord> find(String id);

    /** The task a provider knows by this vendor task id. */
    Optional<TaskRecord> findByVendorId(String providerId, String vendorTaskId);

    /** Every task whose status is not terminal. */
    List<TaskRecord> findActive();
}
