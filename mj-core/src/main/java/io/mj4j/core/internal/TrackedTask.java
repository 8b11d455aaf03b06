package io.mj4j.core.internal;

import io.mj4j.core.Task;
import io.mj4j.core.TaskListener;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.spi.Action;
import io.mj4j.spi.MjException;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What tracking keeps of one task: its record and latest snapshot, its listeners and its two futures. The
 * lock of this object serializes every change of the task (snapshots from polls, callbacks and submits), so
 * listeners hear one ordered stream. Written only by {@link Tracking}; read by every part. Thread-safe.
 */
final class TrackedTask {
    private static final Logger LOG = LoggerFactory.getLogger(TrackedTask.class);

    final String id;
    final Action action;
    final Optional<String> parentId;
    final CompletableFuture<TaskSnapshot> accepted = new CompletableFuture<>();
    final CompletableFuture<TaskSnapshot> completion = new CompletableFuture<>();
    private final List<TaskListener> listeners = new CopyOnWriteArrayList<>();
    private volatile String providerId;
    private volatile TaskSnapshot snapshot;
    /** Guarded by this. */
    private TaskRecord record;
    /** The submit's own refusal, which the futures report instead of a generic failure. Guarded by this. */
    MjException submitError;
    /** Whether the first sign of progress was reported to the events. Guarded by this. */
    boolean progressSeen;
    /** The public view handed to callers and listeners; set once right after construction. */
    Task view;

    TrackedTask(TaskRecord record) {
        this.id = record.id();
        this.action = record.action();
        this.parentId = record.parentId();
        this.providerId = record.providerId();
        this.record = record;
        this.snapshot = record.snapshot();
    }

    String providerId() {
        return providerId;
    }

    TaskSnapshot snapshot() {
        return snapshot;
    }

    synchronized TaskRecord record() {
        return record;
    }

    Instant deadline() {
        return record().deadline();
    }

    /** The vendor's reference of this task, for fetch and cancel. */
    TaskRef ref() {
        TaskSnapshot s = snapshot;
        return new TaskRef(s.vendorTaskId().orElseThrow(() -> new IllegalStateException("task " + id + " has no vendor id yet")),
                action.kind(), s.vendorState());
    }

    /** Replaces record and snapshot without telling anyone (engine bookkeeping, not a transition). */
    synchronized void replace(TaskRecord next) {
        this.record = next;
        this.snapshot = next.snapshot();
        this.providerId = next.providerId();
    }

    /** Replaces record and snapshot, then tells the listeners; the caller holds the lock and stored the record. */
    synchronized void advance(TaskRecord next) {
        replace(next);
        for (TaskListener l : listeners) {
            notify(l, next.snapshot());
        }
    }

    /** Adds a listener; with {@code replay} it first hears the current snapshot. */
    synchronized void listen(TaskListener l, boolean replay) {
        listeners.add(l);
        if (replay) {
            notify(l, snapshot);
        }
    }

    private void notify(TaskListener l, TaskSnapshot s) {
        try {
            l.onUpdate(view, s);
        } catch (RuntimeException e) {
            LOG.warn("Listener of task {} threw; ignored", id, e);
        }
    }
}
