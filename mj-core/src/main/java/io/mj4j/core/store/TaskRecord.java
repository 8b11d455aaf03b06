package io.mj4j.core.store;

import io.mj4j.spi.Action;
import io.mj4j.spi.TaskSnapshot;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TaskStore} keeps of one task: the client reference, the provider, the action, the
 * parent's client reference for follow-ups, the latest snapshot, and times.
 *
 * @param id         the client reference (a UUID chosen by the engine before the submit is sent)
 * @param providerId the provider that runs the task
 * @param action     the submitted action
 * @param parentId   the parent task's client reference, for follow-ups
 * @param snapshot   the latest accepted snapshot
 * @param createdAt  when the engine recorded the task
 * @param updatedAt  when the snapshot was last replaced
 * @param deadline   when the task fails with TIMEOUT if it has not ended
 */
public record TaskRecord(String id, String providerId, Action action, Optional<String> parentId, TaskSnapshot snapshot,
                         Instant createdAt, Instant updatedAt, Instant deadline) {
    public TaskRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(parentId, "parentId");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(deadline, "deadline");
    }

    /** A copy on another provider (a root task failing over before any task was created). */
    public TaskRecord withProvider(String otherProviderId, Instant at) {
        return new TaskRecord(id, otherProviderId, action, parentId, snapshot, createdAt, at, deadline);
    }

    /** A copy with a new snapshot. */
    public TaskRecord withSnapshot(TaskSnapshot next, Instant at) {
        return new TaskRecord(id, providerId, action, parentId, next, createdAt, at, deadline);
    }
}
