package io.mj4j.core.internal;

import io.mj4j.core.Task;
import io.mj4j.core.TaskListener;
import io.mj4j.core.TaskRecord;
import io.mj4j.spi.Action;
import io.mj4j.spi.MjException;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The engine's state for one tracked task, and the public {@link Task} handle on it. */
final class TaskHandle implements Task {
    private static final Logger LOG = LoggerFactory.getLogger(TaskHandle.class);

    private final Engine engine;
    private final String id;
    private volatile String providerId;
    private final List<String> candidates;
    private int candidate;
    private final Action action;
    private final Optional<String> parentId;
    private final List<TaskListener> listeners = new CopyOnWriteArrayList<>();
    final CompletableFuture<TaskSnapshot> accepted = new CompletableFuture<>();
    final CompletableFuture<TaskSnapshot> completion = new CompletableFuture<>();

    /** Guarded by this. */
    private TaskRecord record;
    private volatile TaskSnapshot snapshot;
    /** The submit's own error, used to complete the futures when a refusal ends the task. Guarded by this. */
    MjException submitError;

    // Poll bookkeeping, touched by the provider's poller and fetch workers; one fetch per task at a time.
    volatile int consecutiveErrors;
    volatile int polls;
    ProviderPoller.Entry queued;

    // Engine bookkeeping: slot held, budget reserved, usage counted, first progress seen.
    volatile boolean holdsSlot;
    volatile java.math.BigDecimal reservedPrice;
    volatile boolean usageCounted;
    volatile boolean progressSeen;
    volatile long submitStartedNanos;
    volatile boolean takesCallbacks;
    // Adaptive polling: when the vendor accepted the task, and the last two progress readings.
    volatile Instant acceptedAt;
    volatile int lastProgress = -1;
    volatile Instant lastProgressAt;
    volatile int prevProgress = -1;
    volatile Instant prevProgressAt;

    TaskHandle(Engine engine, TaskRecord record, List<String> candidates) {
        this.engine = engine;
        this.candidates = List.copyOf(candidates);
        this.id = record.id();
        this.providerId = record.providerId();
        this.action = record.action();
        this.parentId = record.parentId();
        this.record = record;
        this.snapshot = record.snapshot();
    }

    synchronized TaskRecord record() {
        return record;
    }

    /** The providers this root task may go to, in order. */
    List<String> candidates() {
        return candidates;
    }

    /** True when a later candidate provider remains. */
    synchronized boolean hasNextCandidate() {
        return candidate + 1 < candidates.size();
    }

    /** The next provider to fail over to, or null. */
    synchronized String nextCandidate() {
        return candidate + 1 < candidates.size() ? candidates.get(++candidate) : null;
    }

    /** The task now belongs to another provider (failover before any task was created). */
    synchronized void moveTo(TaskRecord moved) {
        this.record = moved;
        this.providerId = moved.providerId();
    }

    /** Replaces record and snapshot, then tells the listeners; the caller holds the lock and stored the record. */
    synchronized void advance(TaskRecord next) {
        this.record = next;
        this.snapshot = next.snapshot();
        for (TaskListener l : listeners) {
            notify(l, next.snapshot());
        }
    }

    private void notify(TaskListener l, TaskSnapshot s) {
        try {
            l.onUpdate(this, s);
        } catch (RuntimeException e) {
            LOG.warn("Listener of task {} threw; ignored", id, e);
        }
    }

    Instant deadline() {
        return record().deadline();
    }

    TaskRef ref() {
        TaskSnapshot s = snapshot;
        return new TaskRef(s.vendorTaskId().orElseThrow(() -> new IllegalStateException("task " + id + " has no vendor id yet")),
                action.kind(), s.vendorState());
    }

    @Override public String id() { return id; }
    @Override public String providerId() { return providerId; }
    @Override public Action action() { return action; }
    @Override public Optional<String> parentId() { return parentId; }
    @Override public TaskSnapshot snapshot() { return snapshot; }

    @Override
    public Task onUpdate(TaskListener listener) {
        synchronized (this) {
            listeners.add(listener);
            notify(listener, snapshot);
        }
        return this;
    }

    @Override
    public CompletableFuture<TaskSnapshot> accepted() {
        return accepted.copy();
    }

    @Override
    public CompletableFuture<TaskSnapshot> completion() {
        return completion.copy();
    }

    @Override
    public TaskSnapshot await(Duration timeout) {
        try {
            return completion.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            TaskTimeoutException t = new TaskTimeoutException("Task " + id + " did not end within " + timeout
                    + " of waiting (it goes on; status " + snapshot.status() + ")", snapshot);
            t.withProvider(providerId).withTaskId(id);
            throw t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskTimeoutException("Interrupted while waiting for task " + id, snapshot);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MjException m) {
                throw m;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public CompletableFuture<TaskSnapshot> cancel() {
        return engine.cancel(this);
    }

    @Override
    public Task followUp(Action followUp) {
        return engine.submitFollowUp(id, followUp);
    }

    @Override
    public String toString() {
        return "Task[" + id + ", " + providerId + ", " + action.kind() + ", " + snapshot.status() + "]";
    }
}
