package io.mj4j.core.internal;

import io.mj4j.core.Budget;
import io.mj4j.core.callback.CallbackReceiver;
import io.mj4j.core.CostTracker;
import io.mj4j.core.HealthOptions;
import io.mj4j.core.MjEvents;
import io.mj4j.core.ProviderLimits;
import io.mj4j.core.RetryOptions;
import io.mj4j.core.Scheduler;
import io.mj4j.core.Task;
import io.mj4j.core.TaskListener;
import io.mj4j.core.VendorLostOptions;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.core.store.TaskStore;
import io.mj4j.core.routing.PriceTable;
import io.mj4j.core.routing.RoutingPolicy;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Balance;
import io.mj4j.spi.Feature;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The engine behind {@link io.mj4j.core.Mj}: wires the parts ({@link Submission}, {@link Tracking},
 * {@link Polling}, {@link Leases}, {@link CallbackIntake}, {@link Spend}) and is the client's one door:
 * every call checks that the client is open, and every exception leaving through here is redacted. Runs
 * on the caller's thread; owns only the closed flag and the wiring. Thread-safe.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** Everything the engine needs; built by {@code Mj.Builder}. */
    public record Settings(Map<String, ProviderEntry> providers, TaskStore store, Clock clock, Scheduler scheduler,
                           Executor executor, int workers, RetryOptions retry, Map<ActionKind, Duration> deadlines,
                           Duration defaultDeadline, Random random, Redaction redaction, String defaultProvider,
                           RoutingPolicy routing, PriceTable prices, Budget budget, HealthOptions health,
                           Map<String, ProviderLimits> limits, List<MjEvents> events, boolean adaptivePolling,
                           URI callbackBase, byte[] callbackSecret, int callbackBodyLimit, Duration callbackConfirmWindow,
                           String nodeId, Duration leaseDuration, List<TaskListener> listeners,
                           VendorLostOptions vendorLost) {
    }

    private final ProviderSet providers;
    private final TaskStore store;
    private final Clock clock;
    private final Map<ActionKind, Duration> deadlines;
    private final Duration defaultDeadline;
    private final Redaction redaction;
    private final String defaultProvider;
    private final Lane submitLane;
    private final Lane pollLane;
    private final Spend spend;
    private final Tracking tracking;
    private final Polling polling;
    private final Leases leases;
    private final Reconciler reconciler;
    private final Submission submission;
    private final Resumption resumption;
    private final CallbackReceiver receiver;
    private volatile boolean closed;

    public Engine(Settings s) {
        this.store = s.store();
        this.clock = s.clock();
        this.deadlines = Map.copyOf(s.deadlines());
        this.defaultDeadline = s.defaultDeadline();
        this.redaction = s.redaction();
        this.defaultProvider = s.defaultProvider();
        Scheduler timer = guarded(s.scheduler());
        Events events = new Events(s.events());
        this.providers = new ProviderSet(s.providers(), s.health(), s.limits(), clock, s.routing(), s.prices(), s.random(), events);
        // one worker stays free of submits, so a burst of them never holds every thread a due poll needs
        this.submitLane = new Lane("submit", s.executor(), Math.max(1, s.workers() - 1));
        this.pollLane = new Lane("poll", s.executor(), s.workers());
        FailsafeScheduler submitScheduler = new FailsafeScheduler(timer, submitLane, () -> closed);
        this.spend = new Spend(s.prices(), s.budget(), events);
        ResultCheck results = new ResultCheck();
        this.tracking = new Tracking(store, clock, redaction, events, spend, s.listeners(), results);
        this.polling = new Polling(providers, tracking, clock, timer, pollLane,
                new PollCadence(clock, s.random(), s.adaptivePolling()), redaction, events,
                new VendorLostDetector(s.vendorLost(), redaction::apply), results, s.callbackConfirmWindow());
        this.leases = new Leases(store, s.nodeId(), s.leaseDuration(), clock, timer, pollLane, () -> closed);
        this.reconciler = new Reconciler(tracking, leases, timer, submitScheduler, submitLane, s.retry());
        this.submission = new Submission(providers, tracking, polling, spend, reconciler, submitLane, submitScheduler, s.retry(),
                clock, events, redaction, () -> closed);
        this.receiver = s.callbackBase() == null ? null : new CallbackReceiver(s.callbackBase(), s.callbackSecret(),
                s.callbackBodyLimit(), new CallbackIntake(providers, tracking, polling, store, redaction));
        this.resumption = new Resumption(providers, store, tracking, polling, submission, reconciler, spend, leases, receiver != null,
                this::request, this::view);
        tracking.onEnd((t, last) -> {
            polling.ended(t.id, last);
            submission.ended(t, last);
            spend.ended(t.id);
            results.forget(t.id);
            leases.release(t.id);
        });
        leases.start(tracking, id -> {
            polling.stop(id);
            tracking.forget(id);
        }, id -> store.find(id).filter(r -> providers.contains(r.providerId())).ifPresent(r -> resumption.resume(id)));
    }

    /** The timer, quiet after close: a late schedule (a reply arriving while closing) is dropped, not thrown. */
    private Scheduler guarded(Scheduler timer) {
        return (delay, task) -> {
            if (closed) {
                return () -> { };
            }
            try {
                return timer.schedule(delay, () -> {
                    if (!closed) {
                        task.run();
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("The engine's timer refused work (client closing)");
                return () -> { };
            }
        };
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This mj4j client is closed; build a new one (resumeActive() picks up stored tasks)");
        }
    }

    public Optional<CallbackReceiver> callbackReceiver() {
        ensureOpen();
        return Optional.ofNullable(receiver);
    }

    public CostTracker costs() {
        ensureOpen();
        return spend.costs();
    }

    /** Whether a provider's circuit is closed (or its cooldown over). */
    public boolean healthy(String providerId) {
        ensureOpen();
        return providers.runtime(providerId).health.healthy();
    }

    /** The configured provider, or a configuration error listing the configured ids. */
    public ProviderEntry provider(String id) {
        ensureOpen();
        return providers.get(id);
    }

    public Set<String> providerIds() {
        ensureOpen();
        return providers.ids();
    }

    public String defaultProvider() {
        ensureOpen();
        return defaultProvider;
    }

    /** A tracked (not yet ended) task. */
    public Optional<Task> task(String id) {
        ensureOpen();
        return tracking.active(id).map(t -> t.view);
    }

    public int activeCount() {
        ensureOpen();
        return tracking.count();
    }

    /** The account balance of a provider (one request, on the calling thread). */
    public Balance balance(String providerId) {
        ProviderEntry p = provider(providerId);
        if (!p.descriptor().has(Feature.BALANCE)) {
            throw ProviderSet.unsupported(p, "Provider '" + providerId + "' cannot report a balance");
        }
        try {
            return p.provider().balance();
        } catch (MjException e) {
            throw e.withProvider(p.id()).redactWith(redaction);
        }
    }

    /** Submits a root action: to {@code providerId} when given, else as routed (failing over only when nothing was created). */
    public Task submitRoot(String providerId, Action action) {
        return submitRoot(null, providerId, action);
    }

    /** {@link #submitRoot(String, Action)} under a task id the caller chose ({@code null}: a new UUID). */
    public Task submitRoot(String taskId, String providerId, Action action) {
        ensureOpen();
        Objects.requireNonNull(action, "action");
        if (action.isFollowUp()) {
            throw new InvalidRequestException(action.kind() + " is a follow-up: call it on the parent task (task."
                    + action.kind().name().toLowerCase(Locale.ROOT) + "(...))");
        }
        List<String> candidates = providers.candidates(providerId, defaultProvider, action);
        return start(taskId, providers.get(candidates.get(0)), action, Optional.empty(), Optional.empty(), candidates);
    }

    /** Submits a follow-up of a tracked or stored task to the parent's provider (invariants 5 and 6). */
    public Task submitFollowUp(String parentId, Action action) {
        return submitFollowUp(null, parentId, action);
    }

    /** {@link #submitFollowUp(String, Action)} under a task id the caller chose ({@code null}: a new UUID). */
    public Task submitFollowUp(String taskId, String parentId, Action action) {
        ensureOpen();
        Objects.requireNonNull(action, "action");
        TaskRecord parent = tracking.active(parentId).map(TrackedTask::record).or(() -> store.find(parentId)).orElseThrow(() ->
                new InvalidRequestException("Unknown task '" + parentId + "': not tracked and not in the task store"));
        ProviderEntry p = providers.get(parent.providerId());
        if (!action.isFollowUp()) {
            throw new InvalidRequestException(action.kind() + " is a root action; submit it on the client, not on a task");
        }
        ProviderSet.requireSupported(p, action);
        TaskSnapshot ps = parent.snapshot();
        if (ps.status() != TaskStatus.SUCCEEDED) {
            throw ProviderSet.unsupported(p, action.kind() + " needs a SUCCEEDED parent; task " + parentId + " is " + ps.status());
        }
        Optional<FollowUp> needed = action.requiredFollowUp();
        if (needed.isPresent() && !ps.followUps().contains(needed.get())) {
            throw ProviderSet.unsupported(p, "Task " + parentId + " does not offer " + needed.get() + "; it offers " + ps.followUps());
        }
        return start(taskId, p, action, Optional.of(parentId), Optional.of(ps), List.of(p.id()));
    }

    private Task start(String taskId, ProviderEntry p, Action action, Optional<String> parentId, Optional<TaskSnapshot> parent,
                       List<String> candidates) {
        String id = taskId != null ? taskId : UUID.randomUUID().toString();
        spend.reserve(id, p.id(), action.kind());
        Instant now = clock.instant();
        TaskRecord record = new TaskRecord(id, p.id(), action, parentId, TaskSnapshot.builder(TaskStatus.SUBMITTING).build(),
                now, now, now.plus(deadlines.getOrDefault(action.kind(), defaultDeadline)));
        TrackedTask t;
        try {
            t = tracking.create(record, this::view, leases::insert); // write-ahead, leased in the same transaction
        } catch (RuntimeException e) {
            spend.release(id);
            throw e;
        }
        boolean callbacks = receiver != null && candidates.stream().anyMatch(c -> providers.get(c).descriptor().has(Feature.CALLBACKS));
        submission.start(new SubmitState(t, request(t, parent, callbacks), candidates, p, callbacks));
        return t.view;
    }

    private SubmitRequest request(TrackedTask t, Optional<TaskSnapshot> parent, boolean callbacks) {
        return new SubmitRequest(t.action, parent, t.id, callbacks ? Optional.of(receiver.urlFor(t.id)) : Optional.empty());
    }

    private Task view(TrackedTask t) {
        return new TaskHandle(t, this);
    }

    /** Resumes every stored, unfinished task of a configured provider (with leases: those this node can claim). */
    public List<Task> resumeActive() {
        ensureOpen();
        return resumption.resumeActive();
    }

    /** A handle on a stored task, tracking it again if it has not ended (see {@link Resumption}). */
    public Task resume(String id) {
        ensureOpen();
        return resumption.resume(id);
    }

    /** Cancels a task at its vendor (a poll-lane worker sends the request). */
    CompletableFuture<TaskSnapshot> cancel(TrackedTask t) {
        ensureOpen();
        return polling.cancel(t);
    }

    /**
     * Closes: no new work; submits not yet handed to the transport are parked (stored unsent); polling stops.
     * Work in flight finishes on its worker; nothing is interrupted. Idempotent.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        submission.close();
        polling.close();
    }
}
