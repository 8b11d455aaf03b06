package io.mj4j.core.internal;

import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lifecycle rules every snapshot passes before it is stored or heard: terminal states are final,
 * status never goes back ({@link TaskStatus#rank()}), progress never goes back, duplicates are dropped.
 * Accepted snapshots are merged with what was known: a missing vendor id or progress is kept from the
 * current snapshot, vendor state accumulates, and SUCCEEDED means progress 100. Stateless and
 * thread-safe; callers serialize per task.
 */
public final class TaskStateMachine {
    /**
     * The snapshot to move to, or empty when {@code incoming} must be dropped (stale, duplicate, or the
     * task already ended).
     */
    public Optional<TaskSnapshot> apply(TaskSnapshot current, TaskSnapshot incoming) {
        if (current.isTerminal()) {
            return Optional.empty();
        }
        if (incoming.status().rank() < current.status().rank()) {
            return Optional.empty();
        }
        TaskSnapshot.Builder b = incoming.toBuilder();
        if (incoming.vendorTaskId().isEmpty() && current.vendorTaskId().isPresent()) {
            b.vendorTaskId(current.vendorTaskId().get());
        }
        int currentProgress = current.progress().orElse(-1);
        if (incoming.status() == TaskStatus.SUCCEEDED) {
            b.progress(100);
        } else if (incoming.progress().isEmpty()) {
            if (currentProgress >= 0 && incoming.status().rank() == current.status().rank()) {
                b.progress(currentProgress);
            }
        } else if (!incoming.isTerminal() && incoming.status().rank() == current.status().rank()
                && incoming.progress().getAsInt() < currentProgress) {
            return Optional.empty();
        }
        if (!current.vendorState().isEmpty()) {
            Map<String, String> merged = new LinkedHashMap<>(current.vendorState());
            merged.putAll(incoming.vendorState());
            b.vendorState(merged);
        }
        if (incoming.usage().isEmpty() && current.usage().isPresent()) {
            b.usage(current.usage().get());
        }
        TaskSnapshot next = b.build();
        return next.equals(current) ? Optional.empty() : Optional.of(next);
    }
}
