package io.mj4j.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.mj4j.core.Task;
import io.mj4j.core.TaskListener;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.core.store.TaskStore;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.MjException;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.SubmitOutcomeUnknownException;
import io.mj4j.spi.TaskFailedException;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.TaskTimeoutException;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Tracking: the tasks this client follows, the state machine every snapshot passes (invariant 3), the
 * write-ahead store (invariant 2), the listeners, and the end of a task (its futures). Owns the map of
 * active {@link TrackedTask}s and every store write of a task's record. Snapshots are redacted before they
 * are stored or heard, and every exception the futures report is redacted.
 *
 * <p>Called on worker threads (submits, polls), callback threads and the caller's thread (submit, resume);
 * each task's changes are serialized on the task's lock. When a task ends it calls the {@link Ends} hook
 * once, under that lock, so the other parts drop their own per-task state. Thread-safe.
 */
final class Tracking {
    private static final Logger LOG = LoggerFactory.getLogger(Tracking.class);
    /** Marks a stored SUBMITTING task whose submit was never handed to the transport (set on close). */
    static final String UNSENT = "mj4j.unsent";

    /** Hears each task's end, once. */
    interface Ends {
        void ended(TrackedTask task, TaskSnapshot last);
    }

    private final TaskStore store;
    private final Clock clock;
    private final Redaction redaction;
    private final Events events;
    private final Spend spend;
    private final ResultCheck results;
    private final List<TaskListener> global;
    private final TaskStateMachine machine = new TaskStateMachine();
    private final Map<String, TrackedTask> active = new ConcurrentHashMap<>();
    private volatile Ends ends = (t, s) -> { };

    Tracking(TaskStore store, Clock clock, Redaction redaction, Events events, Spend spend, List<TaskListener> global,
             ResultCheck results) {
        this.results = results;
        this.store = store;
        this.clock = clock;
        this.redaction = redaction;
        this.events = events;
        this.spend = spend;
        this.global = List.copyOf(global);
    }

    void onEnd(Ends hook) {
        this.ends = hook;
    }

    /**
     * Stores a new task through {@code insert} (write-ahead: before anything is sent; the leases part inserts it
     * leased) and tracks it; global listeners hear its first state.
     */
    TrackedTask create(TaskRecord record, Function<TrackedTask, Task> view, Consumer<TaskRecord> insert) {
        insert.accept(record);
        TrackedTask t = new TrackedTask(record);
        t.view = view.apply(t);
        global.forEach(l -> t.listen(l, true));
        active.put(t.id, t);
        return t;
    }

    /**
     * Tracks a stored task again (resume): global listeners hear only later transitions. A task that ended is
     * not tracked; its futures complete at once, and nobody hears its end again.
     */
    TrackedTask adopt(TaskRecord record, Function<TrackedTask, Task> view) {
        TrackedTask t = new TrackedTask(record);
        t.view = view.apply(t);
        global.forEach(l -> t.listen(l, false));
        TaskSnapshot s = record.snapshot();
        if (s.isTerminal()) {
            complete(t, s);
        } else {
            active.put(t.id, t);
            if (s.vendorTaskId().isPresent()) {
                t.accepted.complete(s);
            }
        }
        return t;
    }

    Optional<TrackedTask> active(String id) {
        return Optional.ofNullable(active.get(id));
    }

    List<String> activeIds() {
        return List.copyOf(active.keySet());
    }

    int count() {
        return active.size();
    }

    /** Stops tracking a task without ending it (another node took it over). */
    void forget(String id) {
        active.remove(id);
    }

    /** Passes {@code incoming} through the state machine; stores it, then tells listeners. True when applied. */
    boolean apply(TrackedTask t, TaskSnapshot incoming) {
        synchronized (t) {
            if (results.screen(t.id, t.action.kind(), incoming).isPresent()) {
                // a success without a usable result is a protocol error: dropped, polling goes on (ResultCheck)
                LOG.warn("Task {}: the vendor reported SUCCEEDED without a usable result; treated as a protocol error, polling goes on", t.id);
                return false;
            }
            Optional<TaskSnapshot> next = machine.apply(t.snapshot(), redacted(incoming));
            if (next.isEmpty()) {
                return false;
            }
            TaskSnapshot n = next.get();
            TaskRecord record = t.record().withSnapshot(n, clock.instant());
            store.update(record); // write-ahead: stored before anyone hears of it
            t.advance(record);
            spend.reported(t.id, t.providerId(), t.action.kind(), n);
            if (!t.progressSeen && (n.status() == TaskStatus.RUNNING || n.status() == TaskStatus.SUCCEEDED)) {
                t.progressSeen = true;
                events.firstProgress(t.providerId(), t.action.kind(), Duration.between(record.createdAt(), clock.instant()));
            }
            if (n.isTerminal()) {
                active.remove(t.id);
                ends.ended(t, n);
                events.ended(t.providerId(), t.action.kind(), n.status(), n.failure().map(Failure::category),
                        Duration.between(record.createdAt(), clock.instant()));
                complete(t, n);
            }
            return true;
        }
    }

    /** The vendor acknowledged the task: its first snapshot is applied and {@code accepted()} completes. */
    void acknowledged(TrackedTask t, TaskSnapshot first) {
        apply(t, first);
        t.accepted.complete(t.snapshot());
    }

    /** The submit was refused without creating a task: the task ends FAILED and its futures report {@code e}. */
    void refused(TrackedTask t, MjException e) {
        synchronized (t) {
            t.submitError = e;
        }
        // the stored failure keeps why (category) and the vendor's code, not VENDOR_ERROR for every refusal
        apply(t, TaskSnapshot.builder(TaskStatus.FAILED).failure(SubmitFailures.of(e, e.getMessage())).build());
    }

    /** Nothing more can be learned about an ambiguous submit: tracking stops; the futures report it UNKNOWN. */
    void unknown(TrackedTask t, SubmitOutcomeUnknownException u) {
        active.remove(t.id);
        u.redactWith(redaction);
        t.accepted.completeExceptionally(u);
        t.completion.completeExceptionally(u);
    }

    /** Moves a task not yet created anywhere to another provider (failover); stored, not a transition. */
    void moveTo(TrackedTask t, String providerId) {
        synchronized (t) {
            TaskRecord moved = t.record().withProvider(providerId, clock.instant());
            store.update(moved);
            t.replace(moved);
        }
    }

    /**
     * Marks a SUBMITTING task unsent (close came before its submit left): a later resume may send it. Its
     * futures report {@code why}.
     */
    void markUnsent(TrackedTask t, MjException why) {
        try {
            storeUnsent(t);
        } finally {
            active.remove(t.id);
            t.accepted.completeExceptionally(why);
            t.completion.completeExceptionally(why);
        }
    }

    private void storeUnsent(TrackedTask t) {
        synchronized (t) {
            if (t.snapshot().status() == TaskStatus.SUBMITTING && !t.snapshot().vendorState().containsKey(UNSENT)) {
                TaskRecord r = t.record();
                TaskRecord marked = r.withSnapshot(r.snapshot().toBuilder().vendorState(UNSENT, "true").build(), clock.instant());
                store.update(marked);
                t.replace(marked);
            }
        }
    }

    /** Clears the unsent mark before the submit is sent again (write-ahead: a crash from here on is UNKNOWN). */
    void clearUnsent(TrackedTask t) {
        synchronized (t) {
            TaskRecord r = t.record();
            Map<String, String> state = new HashMap<>(r.snapshot().vendorState());
            if (state.remove(UNSENT) != null) {
                TaskRecord cleared = r.withSnapshot(r.snapshot().toBuilder().vendorState(state).build(), clock.instant());
                store.update(cleared);
                t.replace(cleared);
            }
        }
    }

    private void complete(TrackedTask t, TaskSnapshot last) {
        if (last.status() == TaskStatus.SUCCEEDED) {
            t.accepted.complete(last);
            t.completion.complete(last);
            return;
        }
        MjException error;
        synchronized (t) {
            error = t.submitError;
        }
        if (error == null) {
            boolean timeout = last.failure().map(f -> f.category() == FailureCategory.TIMEOUT).orElse(false);
            String why = last.failure().map(f -> f.category() + (f.vendorMessage().isEmpty() ? "" : ": " + f.vendorMessage())).orElse("");
            error = timeout
                    ? new TaskTimeoutException("Task " + t.id + " timed out: " + why, last)
                    : new TaskFailedException("Task " + t.id + " ended " + last.status() + (why.isEmpty() ? "" : " (" + why + ")"), last);
            error.withProvider(t.providerId()).withTaskId(t.id);
            t.accepted.complete(last);
        } else {
            t.accepted.completeExceptionally(error.redactWith(redaction));
        }
        t.completion.completeExceptionally(error.redactWith(redaction));
    }

    /** The snapshot with secrets hidden in the vendor's words. */
    private TaskSnapshot redacted(TaskSnapshot s) {
        if (redaction.isEmpty() || (s.failure().isEmpty() && s.vendorStatus().isEmpty())) {
            return s;
        }
        TaskSnapshot.Builder b = s.toBuilder();
        s.failure().ifPresent(f -> b.failure(new Failure(f.category(), redaction.apply(f.vendorMessage()),
                f.vendorCode().map(redaction::apply))));
        s.vendorStatus().ifPresent(v -> b.vendorStatus(redaction.apply(v)));
        return b.build();
    }
}
