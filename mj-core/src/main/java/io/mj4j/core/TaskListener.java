package io.mj4j.core;

import io.mj4j.spi.TaskSnapshot;

/**
 * Hears a task's transitions: first its current snapshot when registered, then every later accepted
 * snapshot exactly once, in order. Called on an engine thread while the task is locked, after the
 * snapshot was stored: keep it short and do not block. An exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface TaskListener {
    /** Called with each new snapshot of {@code task}. */
    void onUpdate(Task task, TaskSnapshot snapshot);
}
