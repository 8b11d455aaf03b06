package io.mj4j.gateway.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.core.Mj;
import io.mj4j.core.Task;
import io.mj4j.core.store.TaskStore;
import io.mj4j.gateway.ClientKey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads a task as a client sees it: the gateway's row (only the owner's: another client's task is "not found") and
 * the engine's latest snapshot, from the task being tracked in this process or else from the shared store (another
 * instance may track it). Thread-safe.
 */
public final class Views {
    /** A row older than this without an engine task will never get one (its gateway stopped in between). */
    static final Duration LOST_AFTER = Duration.ofMinutes(5);

    private final Mj mj;
    private final TaskStore store;
    private final GatewayTasks tasks;
    private final Clock clock;
    private final Instant started;

    public Views(Mj mj, TaskStore store, GatewayTasks tasks, Clock clock) {
        this.mj = mj;
        this.store = store;
        this.tasks = tasks;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** The caller's task {@code id}; empty for an unknown id or another client's task. */
    public Optional<GatewayTasks.Row> owned(ClientKey caller, String id) {
        if (!TaskIds.plausible(id)) {
            return Optional.empty();
        }
        return tasks.find(id).filter(r -> r.owner().equals(caller.name()));
    }

    /** What the engine knows of task {@code id}. */
    public Optional<TaskView.Engine> engine(String id) {
        Optional<Task> tracked = mj.task(id);
        if (tracked.isPresent()) {
            Task t = tracked.get();
            return Optional.of(new TaskView.Engine(t.snapshot(), t.providerId(), clock.instant()));
        }
        return store.find(id).map(r -> new TaskView.Engine(r.snapshot(), r.providerId(), r.updatedAt()));
    }

    /** The task object of {@code row}. */
    public ObjectNode render(GatewayTasks.Row row) {
        Optional<TaskView.Engine> e = row.phase() == GatewayTasks.Phase.SUBMITTED || row.phase() == GatewayTasks.Phase.REFUSED
                ? engine(row.id()) : Optional.empty();
        return TaskView.render(row, e, e.isEmpty() && lost(row));
    }

    /**
     * A row whose engine task is missing and will stay missing: refused before the engine took it, or written by a
     * gateway that stopped (crashed) before handing the task to the engine; such a task was never sent anywhere.
     */
    private boolean lost(GatewayTasks.Row row) {
        Instant at = Instant.ofEpochMilli(row.submitTime());
        return row.phase() == GatewayTasks.Phase.REFUSED || at.isBefore(started) || at.plus(LOST_AFTER).isBefore(clock.instant());
    }
}
