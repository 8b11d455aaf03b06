package io.mj4j.core.internal;

import io.mj4j.core.Scheduler;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.Feature;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.TaskNotFoundException;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Polling: asks the vendor how acknowledged tasks are doing, one {@link ProviderPoller} per provider (one
 * timer however many tasks), batches where the vendor can (invariant 8), and ends a task with TIMEOUT at its
 * deadline, but only after the vendor was asked once more after the deadline passed, so a task resumed
 * after a long outage ends with the result the vendor holds. Fetch errors never end a task (invariant 4):
 * they only push the next poll later ({@link PollCadence}). Owns each task's {@link PollState}.
 *
 * <p>The pollers' wake-ups run on the scheduler thread and only pick due tasks; every fetch and every store
 * write runs as a job of the poll lane. Touches tracking (snapshots, the only store writes a poll causes) and
 * the events. Thread-safe.
 */
final class Polling {
    private static final Logger LOG = LoggerFactory.getLogger(Polling.class);

    private final Map<String, ProviderPoller> pollers = new LinkedHashMap<>();
    private final ProviderSet providers;
    private final Map<String, PollState> states = new ConcurrentHashMap<>();
    private final Tracking tracking;
    private final Clock clock;
    private final Lane lane;
    private final PollCadence cadence;
    private final Redaction redaction;
    private final Events events;
    private final VendorLostDetector vendorLost;
    private final ResultCheck results;
    private final Duration confirmWindow;

    /**
     * @param confirmWindow how long a terminal callback waits for its confirming fetch on a provider with batch fetch,
     *                      so confirmations close together share a batch request
     */
    Polling(ProviderSet providers, Tracking tracking, Clock clock, Scheduler scheduler, Lane lane,
            PollCadence cadence, Redaction redaction, Events events, VendorLostDetector vendorLost, ResultCheck results,
            Duration confirmWindow) {
        this.confirmWindow = confirmWindow;
        this.vendorLost = vendorLost;
        this.results = results;
        this.providers = providers;
        this.tracking = tracking;
        this.clock = clock;
        this.lane = lane;
        this.cadence = cadence;
        this.redaction = redaction;
        this.events = events;
        for (ProviderEntry p : providers.all()) {
            // with batch fetch, tasks due within half a poll interval ride along in the same batch
            Duration coalesce = p.descriptor().has(Feature.BATCH_FETCH)
                    ? PollCadence.max(p.poll().interval(), p.descriptor().minPollInterval()).dividedBy(2) : Duration.ZERO;
            // spare places of a batch request carry safety-net polls, unless the vendor counts polls per task
            int fill = p.descriptor().has(Feature.BATCH_FETCH) && p.descriptor().maxPollsPerTask() <= 0 ? p.descriptor().maxBatchSize() : 0;
            pollers.put(p.id(), new ProviderPoller(scheduler, clock, due -> onDue(p, due), coalesce, fill));
        }
    }

    /** Starts polling a task the vendor just acknowledged. */
    void track(TrackedTask t, ProviderEntry p, boolean takesCallbacks) {
        PollState s = new PollState(t, p, takesCallbacks, clock.instant());
        states.put(t.id, s);
        pollers.get(p.id()).schedule(s, clock.instant().plus(cadence.first(p, t.action)));
    }

    /**
     * Polls a resumed task again, at once: the poll schedule is not stored (a poll that changes nothing writes
     * nothing), so it is rebuilt from the vendor's answer to this first poll, as for a task just accepted. Past
     * the deadline, this is the one more question asked before a TIMEOUT.
     */
    void resume(TrackedTask t, ProviderEntry p, boolean takesCallbacks) {
        PollState s = new PollState(t, p, takesCallbacks, t.record().createdAt());
        states.put(t.id, s);
        pollers.get(p.id()).schedule(s, clock.instant());
    }

    /**
     * Fetches a task soon (a callback claimed it ended: the vendor's own answer decides). With batch fetch, within
     * the confirm window, so the confirmations of tasks ending close together go in one request (and the polls
     * due then ride along); otherwise at once. A poll already due sooner stays.
     */
    void fetchNow(TrackedTask t) {
        PollState s = states.get(t.id);
        if (s != null) {
            Duration wait = s.provider.descriptor().has(Feature.BATCH_FETCH) ? confirmWindow : Duration.ZERO;
            Instant by = clock.instant().plus(wait);
            s.confirmBy = by;
            pollers.get(s.provider.id()).scheduleNoLaterThan(s, by);
        }
    }

    /** Stops polling a task (it ended, or another node took it over). */
    void stop(String taskId) {
        vendorLost.forget(taskId);
        PollState s = states.remove(taskId);
        if (s != null) {
            pollers.get(s.provider.id()).remove(s);
        }
    }

    /** The task ended: polling stops; a success teaches adaptive polling how long such tasks take. */
    void ended(String taskId, TaskSnapshot last) {
        PollState s = states.get(taskId);
        if (s != null && last.status() == TaskStatus.SUCCEEDED) {
            cadence.observe(s.provider.id(), s.task.action, Duration.between(s.acceptedAt, clock.instant()));
        }
        stop(taskId);
    }

    void close() {
        pollers.values().forEach(ProviderPoller::close);
    }

    /** Asks the vendor to cancel a task and applies its answer (a poll-lane job). */
    CompletableFuture<TaskSnapshot> cancel(TrackedTask t) {
        ProviderEntry p = providers.get(t.providerId());
        if (!p.provider().capabilities(p.descriptor()).has(Feature.CANCEL)) {
            throw ProviderSet.unsupported(p, "Provider '" + p.id() + "' cannot cancel tasks");
        }
        if (t.snapshot().isTerminal()) {
            return CompletableFuture.completedFuture(t.snapshot());
        }
        if (t.snapshot().vendorTaskId().isEmpty()) {
            throw new InvalidRequestException("Task " + t.id + " is " + t.snapshot().status() + " and has no vendor id to cancel yet");
        }
        CompletableFuture<TaskSnapshot> f = new CompletableFuture<>();
        lane.execute(() -> {
            try {
                tracking.apply(t, p.provider().cancel(t.ref()));
                f.complete(t.snapshot());
            } catch (MjException e) {
                f.completeExceptionally(e.withProvider(p.id()).withTaskId(t.id).redactWith(redaction));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private void onDue(ProviderEntry p, List<PollState> due) {
        Instant now = clock.instant();
        List<PollState> fetch = new ArrayList<>();
        for (PollState s : due) {
            s.confirmBy = null; // the fetch starting now is asked after any callback so far: it confirms them
            if (s.task.snapshot().isTerminal()) {
                continue;
            }
            if (!now.isBefore(s.task.deadline()) && s.askedAfterDeadline) {
                lane.execute(() -> timeout(s));
            } else {
                fetch.add(s); // past the deadline but not yet asked since: ask first
            }
        }
        int batch = p.descriptor().has(Feature.BATCH_FETCH) ? p.descriptor().maxBatchSize() : 0;
        if (batch > 1 && fetch.size() > 1) {
            for (int i = 0; i < fetch.size(); i += batch) {
                List<PollState> chunk = List.copyOf(fetch.subList(i, Math.min(fetch.size(), i + batch)));
                lane.execute(() -> fetchBatch(p, chunk));
            }
        } else {
            for (PollState s : fetch) {
                lane.execute(() -> fetchOne(p, s));
            }
        }
    }

    private void fetchOne(ProviderEntry p, PollState s) {
        TaskSnapshot snapshot;
        long started = System.nanoTime();
        MDC.put("mj.task", s.task.id);
        try {
            snapshot = p.provider().fetch(s.task.ref());
        } catch (RuntimeException e) {
            events.polled(p.id(), false, 1, Duration.ofNanos(System.nanoTime() - started));
            onFetchFailed(s, e);
            return;
        } finally {
            MDC.remove("mj.task");
        }
        events.polled(p.id(), true, 1, Duration.ofNanos(System.nanoTime() - started));
        onFetched(s, snapshot);
    }

    private void fetchBatch(ProviderEntry p, List<PollState> chunk) {
        Map<String, TaskSnapshot> found;
        long started = System.nanoTime();
        try {
            found = p.provider().fetchBatch(chunk.stream().map(s -> s.task.ref()).toList());
        } catch (RuntimeException e) {
            events.polled(p.id(), false, chunk.size(), Duration.ofNanos(System.nanoTime() - started));
            chunk.forEach(s -> onFetchFailed(s, e));
            return;
        }
        events.polled(p.id(), true, chunk.size(), Duration.ofNanos(System.nanoTime() - started));
        List<PollState> answered = new ArrayList<>();
        List<Tracking.Fetched> snapshots = new ArrayList<>();
        for (PollState s : chunk) {
            String vendorId = s.task.ref().vendorTaskId();
            TaskSnapshot snapshot = found.get(vendorId);
            if (snapshot == null) {
                // a batch reply without the task is the vendor's "no such task" (counted by VendorLostDetector)
                onFetchFailed(s, new TaskNotFoundException("the batch reply of '" + p.id() + "' lacks task " + vendorId));
            } else {
                answered.add(s);
                snapshots.add(new Tracking.Fetched(s.task, snapshot));
            }
        }
        if (answered.isEmpty()) {
            return;
        }
        answered.forEach(this::noteAnswered);
        try {
            tracking.applyAll(snapshots); // the changes of one batch reply: one store write (one transaction)
        } catch (RuntimeException e) {
            LOG.warn("Applying the snapshots of a batch of {} tasks failed; will poll them again: {}", answered.size(),
                    redaction.apply(String.valueOf(e.getMessage())));
            answered.forEach(s -> s.consecutiveErrors++);
        }
        answered.forEach(s -> scheduleNext(s, null));
    }

    /**
     * Where a fetched snapshot of one task is handled (single fetch, callback confirmation); the answers of one
     * batch reply go through {@link #fetchBatch} to {@link Tracking#applyAll}, one store write for the batch.
     */
    void onFetched(PollState s, TaskSnapshot snapshot) {
        noteAnswered(s);
        try {
            tracking.apply(s.task, snapshot);
        } catch (RuntimeException e) {
            LOG.warn("Applying a snapshot of task {} failed; will poll again: {}", s.task.id, redaction.apply(String.valueOf(e.getMessage())));
            s.consecutiveErrors++;
        }
        scheduleNext(s, null);
    }

    /** The vendor answered a status query of this task (single or batch). */
    private void noteAnswered(PollState s) {
        noteAsked(s);
        s.polls++;
        s.consecutiveErrors = 0;
        vendorLost.answered(s.task.id);
    }

    /** The one place a failed status query of one task is handled: it only delays the next poll. */
    void onFetchFailed(PollState s, RuntimeException e) {
        Optional<TaskSnapshot> lost = vendorLost.pollFailed(s.task.id, s.task.snapshot(), e, clock.instant());
        if (lost.isPresent()) {
            tracking.apply(s.task, lost.get()); // consecutive "no such task" answers: the vendor lost it
            return;
        }
        noteAsked(s);
        s.polls++;
        s.consecutiveErrors++;
        if (e instanceof MjException m) {
            m.redactWith(redaction);
        }
        LOG.debug("Poll of task {} on {} failed ({} in a row): {}", s.task.id, s.provider.id(), s.consecutiveErrors,
                redaction.apply(String.valueOf(e.getMessage())));
        scheduleNext(s, e);
    }

    private void noteAsked(PollState s) {
        if (!clock.instant().isBefore(s.task.deadline())) {
            s.askedAfterDeadline = true;
        }
    }

    private void scheduleNext(PollState s, RuntimeException error) {
        if (s.task.snapshot().isTerminal() || !states.containsKey(s.task.id)) {
            return;
        }
        // kept in memory only: a poll that changes nothing writes nothing to the store
        Instant next = cadence.next(s, error);
        Instant confirm = s.confirmBy;
        if (confirm != null && confirm.isBefore(next)) {
            next = confirm; // a callback came while this poll was in flight: its confirmation keeps its time
        }
        pollers.get(s.provider.id()).schedule(s, next);
    }

    private void timeout(PollState s) {
        TaskSnapshot last = s.task.snapshot();
        if (last.isTerminal()) {
            return;
        }
        Duration limit = Duration.between(s.task.record().createdAt(), s.task.deadline());
        Failure failure = results.atDeadline(s.task.id).orElse(Failure.of(FailureCategory.TIMEOUT,
                "No terminal status within " + limit + " (last status " + last.status()
                        + last.vendorStatus().map(v -> ", vendor said '" + v + "'").orElse("") + ")"));
        tracking.apply(s.task, last.toBuilder().status(TaskStatus.FAILED).failure(failure).build());
    }
}
