package io.mj4j.core.internal;

import io.mj4j.core.CallbackResult;
import io.mj4j.core.Callbacks;
import io.mj4j.core.PollOptions;
import io.mj4j.core.RetryOptions;
import io.mj4j.core.Scheduler;
import io.mj4j.core.Task;
import io.mj4j.core.TaskRecord;
import io.mj4j.core.TaskStateMachine;
import io.mj4j.core.TaskStore;
import io.mj4j.core.MjConfigurationException;
import io.mj4j.core.Budget;
import io.mj4j.core.BudgetExceededException;
import io.mj4j.core.CapacityExceededException;
import io.mj4j.core.CostTracker;
import io.mj4j.core.HealthOptions;
import io.mj4j.core.MjEvents;
import io.mj4j.core.ProviderLimits;
import io.mj4j.core.routing.PriceTable;
import io.mj4j.core.routing.RoutingPolicy;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.Feature;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.SubmitOutcomeUnknownException;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskFailedException;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.TaskTimeoutException;
import io.mj4j.spi.UnsupportedActionException;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The engine behind {@link io.mj4j.core.Mj}: submits with the duplicate-safe retry policy, tracks tasks
 * through the state machine and the store, polls through one {@link ProviderPoller} per provider, applies
 * callbacks, and enforces deadlines. Thread-safe.
 */
public final class Engine implements Callbacks {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** One configured provider. */
    public record ProviderEntry(String id, ProviderDescriptor descriptor, MjProvider provider, PollOptions poll) {
        public ProviderEntry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(descriptor, "descriptor");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(poll, "poll");
        }
    }

    /** Everything the engine needs; built by {@code Mj.Builder}. */
    public record Settings(Map<String, ProviderEntry> providers, TaskStore store, Clock clock, Scheduler scheduler,
                           Executor executor, RetryOptions retry, Map<ActionKind, Duration> deadlines,
                           Duration defaultDeadline, Random random, Redactor redactor, String defaultProvider,
                           RoutingPolicy routing, PriceTable prices, Budget budget, HealthOptions health,
                           Map<String, ProviderLimits> limits, List<MjEvents> events, boolean adaptivePolling,
                           java.net.URI callbackBase, byte[] callbackSecret, int callbackBodyLimit,
                           String nodeId, Duration leaseDuration, List<io.mj4j.core.TaskListener> listeners,
                           io.mj4j.core.VendorLostOptions vendorLost) {
    }

    private final Map<String, ProviderEntry> providers;
    private final Map<String, ProviderPoller> pollers = new LinkedHashMap<>();
    private final TaskStore store;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Executor executor;
    private final RetryOptions retry;
    private final Map<ActionKind, Duration> deadlines;
    private final Duration defaultDeadline;
    private final Random random;
    private final Redactor redactor;
    private final TaskStateMachine stateMachine = new TaskStateMachine();
    private final PollPlanner planner = new PollPlanner();
    private final boolean adaptive;
    private final Map<String, TaskHandle> active = new ConcurrentHashMap<>();
    private final Map<String, TaskHandle> byVendorId = new ConcurrentHashMap<>();
    private final Map<String, ProviderRuntime> runtimes = new LinkedHashMap<>();
    private final String defaultProvider;
    private final RoutingPolicy routing;
    private final PriceTable prices;
    private final Budget budget;
    private final CostLedger costs;
    private final Events events;
    private final io.mj4j.core.CallbackReceiver receiver;
    private final io.mj4j.core.TaskLeases leases;
    private final String nodeId;
    private final Duration leaseDuration;
    private volatile boolean closed;
    private final List<io.mj4j.core.TaskListener> globalListeners;
    private final VendorLostDetector vendorLost; // issue-16
    private final ResultCheck results = new ResultCheck(); // issue-16

    public Engine(Settings s) {
        this.providers = Map.copyOf(s.providers());
        this.store = s.store();
        this.clock = s.clock();
        this.scheduler = s.scheduler();
        this.executor = s.executor();
        this.retry = s.retry();
        this.deadlines = Map.copyOf(s.deadlines());
        this.defaultDeadline = s.defaultDeadline();
        this.random = s.random();
        this.redactor = s.redactor();
        this.defaultProvider = s.defaultProvider();
        this.adaptive = s.adaptivePolling();
        this.routing = s.routing();
        this.prices = s.prices();
        this.budget = s.budget();
        this.costs = new CostLedger(prices.currency());
        this.events = new Events(s.events());
        this.globalListeners = List.copyOf(s.listeners());
        this.vendorLost = new VendorLostDetector(s.vendorLost(), redactor::redact); // issue-16
        this.nodeId = s.nodeId();
        this.leaseDuration = s.leaseDuration();
        this.leases = nodeId != null && store instanceof io.mj4j.core.TaskLeases l ? l : null;
        this.receiver = s.callbackBase() == null ? null
                : new io.mj4j.core.CallbackReceiver(s.callbackBase(), s.callbackSecret(), s.callbackBodyLimit(), this::acceptForTask);
        for (ProviderEntry p : providers.values()) {
            // with batch fetch, tasks due within half a poll interval ride along in the same batch
            Duration coalesce = p.descriptor().has(Feature.BATCH_FETCH)
                    ? max(p.poll().interval(), p.descriptor().minPollInterval()).dividedBy(2) : Duration.ZERO;
            pollers.put(p.id(), new ProviderPoller(scheduler, clock, due -> onDue(p, due), coalesce));
            runtimes.put(p.id(), new ProviderRuntime(s.health(), s.limits().getOrDefault(p.id(), ProviderLimits.UNLIMITED), clock,
                    open -> events.circuit(p.id(), open)));
        }
        if (leases != null) {
            scheduler.schedule(Duration.ZERO, () -> run(this::keepLeases));
        }
    }

    /**
     * Several processes share the store: renew this node's leases, drop tasks another node took over, and
     * claim tasks whose node stopped renewing (their lease expired). Runs every third of the lease.
     */
    private void keepLeases() {
        if (closed) {
            return;
        }
        try {
            Instant now = clock.instant();
            Instant until = now.plus(leaseDuration);
            List<String> mine = new ArrayList<>(active.keySet());
            java.util.Set<String> held = leases.acquire(mine, nodeId, now, until);
            for (String id : mine) {
                TaskHandle h = active.get(id);
                if (!held.contains(id) && h != null && !h.snapshot().isTerminal()) {
                    LOG.warn("Task {}: its lease went to another node; this node stops polling it", id);
                    active.remove(id);
                    pollers.get(h.providerId()).remove(h);
                    h.snapshot().vendorTaskId().ifPresent(v -> byVendorId.remove(vendorKey(h.providerId(), v)));
                }
            }
            for (String id : leases.claimOrphans(nodeId, now, until, 200)) {
                store.find(id).filter(r -> providers.containsKey(r.providerId())).ifPresent(r -> {
                    LOG.info("Node {} took over task {} (its lease had expired)", nodeId, id);
                    resume(id);
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("Lease upkeep of node {} failed; will try again", nodeId, e);
        } finally {
            if (!closed) {
                scheduler.schedule(leaseDuration.dividedBy(3), () -> run(this::keepLeases));
            }
        }
    }

    /** The callback receiver, when the client takes callbacks. */
    public Optional<io.mj4j.core.CallbackReceiver> callbackReceiver() {
        return Optional.ofNullable(receiver);
    }

    /** A verified callback for one task: applies only snapshots of that task's own vendor id. */
    private io.mj4j.core.CallbackReceiver.Outcome acceptForTask(String taskId, Map<String, List<String>> headers, byte[] body) {
        TaskHandle h = active.get(taskId);
        if (h == null) {
            return store.find(taskId).map(r -> io.mj4j.core.CallbackReceiver.Outcome.IGNORED)
                    .orElse(io.mj4j.core.CallbackReceiver.Outcome.UNKNOWN_TASK);
        }
        ProviderEntry p = provider(h.providerId());
        if (!p.descriptor().has(Feature.CALLBACKS)) {
            return io.mj4j.core.CallbackReceiver.Outcome.UNREADABLE;
        }
        List<TaskSnapshot> snapshots;
        try {
            snapshots = p.provider().parseCallback(headers, body);
        } catch (MjException e) {
            throw e.withProvider(p.id()).withTaskId(taskId);
        }
        Optional<String> own = h.snapshot().vendorTaskId();
        boolean applied = false;
        for (TaskSnapshot s : snapshots) {
            // a task's URL speaks for that task only
            if (own.isPresent() && s.vendorTaskId().equals(own) && apply(p, h, s)) {
                applied = true;
            }
        }
        return applied ? io.mj4j.core.CallbackReceiver.Outcome.APPLIED : io.mj4j.core.CallbackReceiver.Outcome.IGNORED;
    }

    /** The running cost totals. */
    public CostTracker costs() {
        return costs;
    }

    /** Whether a provider's circuit is closed (or its cooldown over). */
    public boolean healthy(String providerId) {
        return runtimes.get(provider(providerId).id()).health.healthy();
    }

    /** The configured provider, or a configuration error listing the configured ids. */
    public ProviderEntry provider(String id) {
        ProviderEntry p = providers.get(id);
        if (p == null) {
            throw new MjConfigurationException("Provider '" + id + "' is not configured in this client; configured: " + providers.keySet());
        }
        return p;
    }

    /** Ids of the configured providers. */
    public java.util.Set<String> providerIds() {
        return providers.keySet();
    }

    /** A tracked (not yet ended) task. */
    public Optional<Task> task(String id) {
        return Optional.ofNullable(active.get(id));
    }

    /** Number of tasks being tracked. */
    public int activeCount() {
        return active.size();
    }

    // ---------------------------------------------------------------- submit

    /**
     * Submits a root action: to {@code providerId} when given; otherwise to the providers the routing
     * policy orders (failing over only when no task was created), or to the default provider.
     */
    public Task submitRoot(String providerId, Action action) {
        Objects.requireNonNull(action, "action");
        if (action.isFollowUp()) {
            throw new InvalidRequestException(action.kind() + " is a follow-up: call it on the parent task (task."
                    + action.kind().name().toLowerCase(java.util.Locale.ROOT) + "(...))");
        }
        List<String> candidates;
        if (providerId != null || routing == null) {
            ProviderEntry p = provider(providerId != null ? providerId : defaultProvider);
            requireSupported(p, action);
            candidates = List.of(p.id());
        } else {
            candidates = route(action);
        }
        return start(provider(candidates.get(0)), action, Optional.empty(), Optional.empty(), candidates);
    }

    private List<String> route(Action action) {
        List<String> eligible = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (ProviderEntry p : providers.values()) {
            try {
                requireSupported(p, action);
                eligible.add(p.id());
            } catch (UnsupportedActionException e) {
                refusals.add(e.getMessage());
            }
        }
        List<String> ordered = eligible.isEmpty() ? List.of() : routing.order(action, new io.mj4j.core.routing.RoutingContext() {
            @Override
            public List<String> eligible() {
                return List.copyOf(eligible);
            }

            @Override
            public boolean healthy(String id) {
                return runtimes.get(id).health.healthy();
            }

            @Override
            public Optional<java.math.BigDecimal> price(String id, ActionKind kind) {
                return prices.price(id, kind);
            }

            @Override
            public Random random() {
                return random;
            }
        });
        List<String> valid = ordered.stream().distinct().filter(eligible::contains).toList();
        if (valid.isEmpty()) {
            throw new UnsupportedActionException("No configured provider may take " + action.kind() + ": "
                    + (eligible.isEmpty() ? refusals : "the routing policy chose none of " + eligible));
        }
        return valid;
    }

    /**
     * Submits a follow-up of the task {@code parentId} (tracked, or found in the store from an earlier
     * run) to the parent's provider.
     */
    public Task submitFollowUp(String parentId, Action action) {
        Objects.requireNonNull(action, "action");
        TaskHandle live = active.get(parentId);
        TaskRecord parent = live != null ? live.record() : store.find(parentId).orElseThrow(() ->
                new InvalidRequestException("Unknown task '" + parentId + "': not tracked and not in the task store"));
        ProviderEntry p = provider(parent.providerId());
        if (!action.isFollowUp()) {
            throw new InvalidRequestException(action.kind() + " is a root action; submit it on the client, not on a task");
        }
        requireSupported(p, action);
        TaskSnapshot ps = parent.snapshot();
        if (ps.status() != TaskStatus.SUCCEEDED) {
            throw unsupported(p, action.kind() + " needs a SUCCEEDED parent; task " + parentId + " is " + ps.status());
        }
        Optional<io.mj4j.spi.FollowUp> needed = action.requiredFollowUp();
        if (needed.isPresent() && !ps.followUps().contains(needed.get())) {
            throw unsupported(p, "Task " + parentId + " does not offer " + needed.get() + "; it offers " + ps.followUps());
        }
        return start(p, action, Optional.of(parentId), Optional.of(ps), List.of(p.id()));
    }

    /** Resumes every stored, unfinished task of a configured provider (with leases: those this node can claim). */
    public List<Task> resumeActive() {
        List<Task> out = new ArrayList<>();
        if (leases != null) {
            Instant now = clock.instant();
            for (String id : leases.claimOrphans(nodeId, now, now.plus(leaseDuration), Integer.MAX_VALUE)) {
                store.find(id).filter(r -> providers.containsKey(r.providerId())).ifPresent(r -> out.add(resume(id)));
            }
            return out;
        }
        for (TaskRecord r : store.findActive()) {
            if (providers.containsKey(r.providerId())) {
                out.add(resume(r.id()));
            }
        }
        return out;
    }

    /**
     * A handle on a stored task, tracking it again if it has not ended (for example after a restart):
     * polling resumes where it stopped; a task whose submit outcome was never learned is reconciled by
     * lookup where the provider can, else reported UNKNOWN. Never resubmits.
     */
    public Task resume(String id) {
        TaskHandle live = active.get(id);
        if (live != null) {
            return live;
        }
        TaskRecord record = store.find(id).orElseThrow(() ->
                new InvalidRequestException("Unknown task '" + id + "': not in the task store"));
        ProviderEntry p = provider(record.providerId());
        TaskHandle h = new TaskHandle(this, record, List.of(record.providerId()));
        globalListeners.forEach(h::onUpdate);
        TaskSnapshot s = record.snapshot();
        if (s.isTerminal()) {
            finish(p, h, s);
            return h;
        }
        active.put(id, h);
        if (s.vendorTaskId().isPresent()) {
            byVendorId.put(vendorKey(p.id(), s.vendorTaskId().get()), h);
            h.accepted.complete(s);
            Instant now = clock.instant();
            Instant planned = store.nextPollAt(id).filter(t -> t.isAfter(now) && t.isBefore(h.deadline())).orElse(now);
            pollers.get(p.id()).schedule(h, planned); // where it stopped: on the schedule the last run recorded
            return h;
        }
        MjException unknown = new ProviderUnavailableException("the submit of task " + id
                + " was interrupted before the vendor's answer was recorded", true);
        unknown.withProvider(p.id()).withTaskId(id);
        if (s.status() == TaskStatus.SUBMITTING) {
            apply(p, h, TaskSnapshot.builder(TaskStatus.UNKNOWN).build());
        }
        if (p.descriptor().has(Feature.LOOKUP_BY_REFERENCE)) {
            run(() -> reconcile(p, h, unknown, 1));
        } else {
            giveUpUnknown(p, h, unknown);
        }
        return h;
    }

    private static void requireSupported(ProviderEntry p, Action action) {
        ProviderDescriptor d = p.provider().capabilities(p.descriptor()); // issue-16: what the instance learned of its server
        if (!d.supports(action.kind())) {
            throw unsupported(p, "Provider '" + p.id() + "' does not support " + action.kind() + "; it supports "
                    + d.actions());
        }
        if (action instanceof Action.Imagine im && im.prompt().speed().isPresent() && !d.speedModes().isEmpty()
                && !d.speedModes().contains(im.prompt().speed().get())) {
            throw unsupported(p, "Provider '" + p.id() + "' does not offer speed " + im.prompt().speed().get()
                    + "; it offers " + d.speedModes());
        }
    }

    private static UnsupportedActionException unsupported(ProviderEntry p, String message) {
        UnsupportedActionException e = new UnsupportedActionException(message);
        e.withProvider(p.id());
        return e;
    }

    private Task start(ProviderEntry p, Action action, Optional<String> parentId, Optional<TaskSnapshot> parentSnapshot,
                       List<String> candidates) {
        Optional<java.math.BigDecimal> price = prices.price(p.id(), action.kind());
        reserveBudget(p, action, price);
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        TaskRecord record = new TaskRecord(id, p.id(), action, parentId,
                TaskSnapshot.builder(TaskStatus.SUBMITTING).build(), now, now, now.plus(deadlineFor(action.kind())));
        try {
            store.insert(record); // write-ahead: the task exists before anything is sent
            if (leases != null) {
                leases.acquire(List.of(id), nodeId, now, now.plus(leaseDuration));
            }
        } catch (RuntimeException e) {
            price.ifPresent(costs::release);
            throw e;
        }
        TaskHandle h = new TaskHandle(this, record, candidates);
        globalListeners.forEach(h::onUpdate);
        h.reservedPrice = price.orElse(null);
        active.put(id, h);
        Optional<java.net.URI> callback = receiver != null && candidates.stream().anyMatch(c -> provider(c).descriptor().has(Feature.CALLBACKS))
                ? Optional.of(receiver.urlFor(id)) : Optional.empty();
        h.takesCallbacks = callback.isPresent();
        SubmitRequest request = new SubmitRequest(action, parentSnapshot, id, callback);
        run(() -> attemptSubmit(p, h, request, 1));
        return h;
    }

    private void reserveBudget(ProviderEntry p, Action action, Optional<java.math.BigDecimal> price) {
        if (price.isEmpty()) {
            return;
        }
        if (budget == null) {
            costs.reserve(price.get());
            return;
        }
        if (!costs.tryReserve(price.get(), budget.limit())) {
            BudgetExceededException e = new BudgetExceededException("Budget of " + budget.limit().toPlainString() + " "
                    + prices.currency() + " reached: spent " + costs.normalizedTotal().toPlainString() + ", reserved "
                    + costs.reserved().toPlainString() + ", and " + action.kind() + " on '" + p.id() + "' costs "
                    + price.get().toPlainString());
            e.withProvider(p.id());
            throw e;
        }
    }

    private Duration deadlineFor(ActionKind kind) {
        return deadlines.getOrDefault(kind, defaultDeadline);
    }

    private void attemptSubmit(ProviderEntry p, TaskHandle h, SubmitRequest request, int attempt) {
        ProviderRuntime rt = runtimes.get(p.id());
        if (!h.holdsSlot) {
            ProviderRuntime.Slot slot = rt.acquire(() -> run(() -> {
                h.holdsSlot = true;
                attemptSubmit(p, h, request, attempt);
            }));
            if (slot == ProviderRuntime.Slot.QUEUED) {
                return; // sent when a task of this provider ends
            }
            if (slot == ProviderRuntime.Slot.FULL) {
                onSubmitFailure(p, h, request, attempt, new CapacityExceededException("Provider '" + p.id()
                        + "' is at its limit of " + rt.inFlight() + " running tasks and its queue is full"));
                return;
            }
            h.holdsSlot = true;
        }
        if (!rt.health.tryAcquire()) {
            releaseSlot(p, h);
            if (!h.hasNextCandidate() && attempt < retry.maxAttempts()) {
                // nowhere else to go: wait for the circuit's trial instead of failing a task nobody sent
                Duration wait = max(rt.health.cooldownLeft(), retry.delayBefore(attempt + 1));
                scheduler.schedule(wait, () -> run(() -> attemptSubmit(p, h, request, attempt + 1)));
                return;
            }
            onSubmitFailure(p, h, request, attempt, new CapacityExceededException("Provider '" + p.id()
                    + "' is unhealthy (circuit open after repeated failures); not sent"));
            return;
        }
        SubmitReceipt receipt;
        long started = System.nanoTime();
        h.submitStartedNanos = started;
        MDC.put("mj.task", h.id());
        try {
            receipt = p.provider().submit(request);
        } catch (MjException e) {
            onSubmitFailure(p, h, request, attempt, e);
            return;
        } catch (RuntimeException e) {
            onSubmitFailure(p, h, request, attempt, new ProviderProtocolException(
                    "Provider '" + p.id() + "' failed while submitting: " + e, e));
            return;
        } finally {
            MDC.remove("mj.task");
        }
        rt.health.success();
        events.submitted(p.id(), h.action().kind(), MjEvents.SubmitOutcome.ACCEPTED, Duration.ofNanos(System.nanoTime() - started));
        TaskSnapshot first = receipt.snapshot().orElseGet(() ->
                TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId(receipt.vendorTaskId()).build());
        acknowledged(p, h, first);
    }

    private void acknowledged(ProviderEntry p, TaskHandle h, TaskSnapshot first) {
        h.acceptedAt = clock.instant();
        first.vendorTaskId().ifPresent(v -> byVendorId.put(vendorKey(p.id(), v), h));
        java.math.BigDecimal reserved = h.reservedPrice;
        if (reserved != null) {
            h.reservedPrice = null;
            costs.confirm(p.id(), h.action().kind(), reserved);
            events.cost(p.id(), h.action().kind(), Optional.empty(), Optional.of(reserved));
        }
        apply(p, h, first);
        h.accepted.complete(h.snapshot());
        if (!h.snapshot().isTerminal()) {
            Duration firstPoll = adaptive && !p.descriptor().has(Feature.BATCH_FETCH)
                    ? planner.first(p.poll(), p.descriptor().minPollInterval(), planner.expected(p.id(), h.action()))
                    : p.poll().firstPoll();
            pollers.get(p.id()).schedule(h, clock.instant().plus(firstPoll));
        }
    }

    /** Failures that prove no task was created and say nothing against the request itself. */
    private static boolean failoverEligible(MjException e) {
        return !e.mayHaveCreatedTask() && (e instanceof io.mj4j.spi.TransportException || e instanceof RateLimitedException
                || e instanceof ProviderUnavailableException || e instanceof io.mj4j.spi.AuthenticationException
                || e instanceof io.mj4j.spi.InsufficientBalanceException || e instanceof CapacityExceededException);
    }

    /**
     * Request errors that count against the provider's health: not the caller's own mistakes, and not a 429,
     * which is the vendor pacing a healthy account (the retry honours its Retry-After).
     */
    private static boolean countsAgainstHealth(MjException e) {
        return failoverEligible(e) && !(e instanceof CapacityExceededException) && !(e instanceof RateLimitedException)
                || e.mayHaveCreatedTask();
    }

    private void onSubmitFailure(ProviderEntry p, TaskHandle h, SubmitRequest request, int attempt, MjException e) {
        e.withProvider(p.id()).withTaskId(h.id());
        ProviderRuntime rt = runtimes.get(p.id());
        if (countsAgainstHealth(e)) {
            rt.health.failure();
        }
        if (!e.mayHaveCreatedTask()) {
            releaseSlot(p, h);
            String next = failoverEligible(e) ? h.nextCandidate() : null;
            if (next != null) {
                ProviderEntry to = provider(next);
                LOG.info("Submit of task {} to {} not accepted ({}); failing over to {}", h.id(), p.id(),
                        e.getClass().getSimpleName(), to.id());
                events.submitted(p.id(), h.action().kind(), MjEvents.SubmitOutcome.FAILED_OVER, sinceSubmit(h));
                if (!moveTo(h, p, to)) {
                    return;
                }
                run(() -> attemptSubmit(to, h, request, 1));
                return;
            }
            if (e.retryable() && attempt < retry.maxAttempts() && !(e instanceof CapacityExceededException)) {
                Duration delay = max(retry.delayBefore(attempt + 1), retryAfter(e));
                LOG.info("Submit of task {} to {} not accepted ({}); attempt {} of {} in {}", h.id(), p.id(),
                        e.getClass().getSimpleName(), attempt + 1, retry.maxAttempts(), delay);
                scheduler.schedule(delay, () -> run(() -> attemptSubmit(p, h, request, attempt + 1)));
                return;
            }
            LOG.info("Submit of task {} to {} refused: {}", h.id(), p.id(), redactor.redact(e.getMessage()));
            events.submitted(p.id(), h.action().kind(), MjEvents.SubmitOutcome.REFUSED, sinceSubmit(h));
            synchronized (h) {
                h.submitError = e;
            }
            releaseReservation(h);
            apply(p, h, TaskSnapshot.builder(TaskStatus.FAILED).failure(SubmitFailures.of(e, redactor.redact(e.getMessage()))).build()); // issue-16
            return;
        }
        LOG.warn("Submit of task {} to {} may have reached the vendor ({}); not retried", h.id(), p.id(), redactor.redact(e.getMessage()));
        events.submitted(p.id(), h.action().kind(), MjEvents.SubmitOutcome.UNKNOWN, sinceSubmit(h));
        apply(p, h, TaskSnapshot.builder(TaskStatus.UNKNOWN).build());
        if (p.descriptor().has(Feature.LOOKUP_BY_REFERENCE)) {
            scheduler.schedule(retry.delayBefore(2), () -> run(() -> reconcile(p, h, e, 1)));
        } else {
            giveUpUnknown(p, h, e);
        }
    }

    /** Time since the last submit exchange began (zero when none was sent: a full queue or an open circuit). */
    private static Duration sinceSubmit(TaskHandle h) {
        long started = h.submitStartedNanos;
        h.submitStartedNanos = 0;
        return started == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }

    /** Moves a not-yet-created task to another provider (the record too). False when the budget forbids it. */
    private boolean moveTo(TaskHandle h, ProviderEntry from, ProviderEntry to) {
        releaseReservation(h);
        Optional<java.math.BigDecimal> price = prices.price(to.id(), h.action().kind());
        try {
            reserveBudget(to, h.action(), price);
        } catch (BudgetExceededException b) {
            synchronized (h) {
                h.submitError = b;
            }
            apply(from, h, TaskSnapshot.builder(TaskStatus.FAILED).failure(Failure.of(FailureCategory.INVALID_REQUEST, b.getMessage())).build());
            return false;
        }
        h.reservedPrice = price.orElse(null);
        synchronized (h) {
            TaskRecord moved = h.record().withProvider(to.id(), clock.instant());
            store.update(moved);
            h.moveTo(moved);
        }
        return true;
    }

    private void releaseReservation(TaskHandle h) {
        java.math.BigDecimal r = h.reservedPrice;
        if (r != null) {
            h.reservedPrice = null;
            costs.release(r);
        }
    }

    private void releaseSlot(ProviderEntry p, TaskHandle h) {
        if (h.holdsSlot) {
            h.holdsSlot = false;
            Runnable next = runtimes.get(p.id()).release();
            if (next != null) {
                next.run();
            }
        }
    }

    /** Asks the vendor whether the ambiguous submit created a task. */
    private void reconcile(ProviderEntry p, TaskHandle h, MjException original, int attempt) {
        Optional<TaskSnapshot> found;
        try {
            found = p.provider().lookup(h.id());
        } catch (RuntimeException e) {
            if (attempt < retry.maxAttempts()) {
                scheduler.schedule(retry.delayBefore(attempt + 1), () -> run(() -> reconcile(p, h, original, attempt + 1)));
            } else {
                giveUpUnknown(p, h, original);
            }
            return;
        }
        if (found.isPresent() && found.get().vendorTaskId().isPresent()) {
            LOG.info("Task {} reconciled: the vendor has it as {}", h.id(), found.get().vendorTaskId().get());
            acknowledged(p, h, found.get());
        } else {
            // Absence is not proof: a vendor may index the reference late, or not at all. Stay UNKNOWN.
            LOG.warn("Task {}: the vendor's lookup found no task for this submit; its outcome stays unknown", h.id());
            giveUpUnknown(p, h, original);
        }
    }

    private void giveUpUnknown(ProviderEntry p, TaskHandle h, MjException cause) {
        if (leases != null) {
            // parked: no node can learn more about it; a person decides (never resubmitted)
            Instant now = clock.instant();
            leases.acquire(List.of(h.id()), nodeId, now, now.plus(Duration.ofDays(36500)));
        }
        SubmitOutcomeUnknownException u = new SubmitOutcomeUnknownException(h.id(), cause);
        u.withProvider(p.id());
        active.remove(h.id());
        h.accepted.completeExceptionally(u);
        h.completion.completeExceptionally(u);
    }

    // ---------------------------------------------------------------- snapshots

    /** Passes {@code incoming} through the state machine; stores, then tells listeners. Returns true when applied. */
    private boolean apply(ProviderEntry p, TaskHandle h, TaskSnapshot incoming) {
        synchronized (h) {
            if (results.screen(h.id(), h.action().kind(), incoming).isPresent()) { // issue-16: a success without a usable result
                LOG.warn("Task {}: the vendor reported SUCCEEDED without a usable result; treated as a protocol error, polling goes on", h.id());
                return false;
            }
            Optional<TaskSnapshot> next = stateMachine.apply(h.snapshot(), incoming);
            if (next.isEmpty()) {
                return false;
            }
            TaskRecord record = h.record().withSnapshot(next.get(), clock.instant());
            store.update(record); // write-ahead: stored before anyone hears of it
            next.get().vendorTaskId().ifPresent(v -> byVendorId.putIfAbsent(vendorKey(p.id(), v), h));
            h.advance(record);
            TaskSnapshot n = next.get();
            if (n.usage().isPresent() && !h.usageCounted) {
                h.usageCounted = true;
                costs.addReported(p.id(), h.action().kind(), n.usage().get());
                events.cost(p.id(), h.action().kind(), n.usage(), Optional.empty());
            }
            if (!h.progressSeen && (n.status() == TaskStatus.RUNNING || n.status() == TaskStatus.SUCCEEDED)) {
                h.progressSeen = true;
                events.firstProgress(p.id(), h.action().kind(), Duration.between(h.record().createdAt(), clock.instant()));
            }
            if (n.isTerminal()) {
                finish(p, h, n);
            }
            return true;
        }
    }

    private void finish(ProviderEntry p, TaskHandle h, TaskSnapshot last) {
        active.remove(h.id());
        vendorLost.forget(h.id()); // issue-16
        results.forget(h.id()); // issue-16
        last.vendorTaskId().ifPresent(v -> byVendorId.remove(vendorKey(p.id(), v)));
        pollers.get(p.id()).remove(h);
        releaseSlot(p, h);
        releaseReservation(h);
        if (leases != null) {
            run(() -> leases.release(h.id(), nodeId));
        }
        Optional<FailureCategory> category = last.failure().map(io.mj4j.spi.Failure::category);
        if (last.status() == TaskStatus.SUCCEEDED) {
            runtimes.get(p.id()).health.success();
            if (h.acceptedAt != null) {
                planner.observe(p.id(), h.action(), Duration.between(h.acceptedAt, clock.instant()));
            }
        } else if (h.submitError == null && category.filter(c -> c == FailureCategory.VENDOR_ERROR || c == FailureCategory.TIMEOUT).isPresent()) {
            runtimes.get(p.id()).health.failure(); // tasks failing or stalling at the vendor count against its health
        }
        events.ended(p.id(), h.action().kind(), last.status(), category, Duration.between(h.record().createdAt(), clock.instant()));
        if (last.status() == TaskStatus.SUCCEEDED) {
            h.accepted.complete(last);
            h.completion.complete(last);
            return;
        }
        MjException error = h.submitError;
        if (error == null) {
            boolean timeout = last.failure().map(f -> f.category() == FailureCategory.TIMEOUT).orElse(false);
            String why = last.failure().map(f -> f.category() + (f.vendorMessage().isEmpty() ? "" : ": " + f.vendorMessage())).orElse("");
            error = timeout
                    ? new TaskTimeoutException("Task " + h.id() + " timed out: " + why, last)
                    : new TaskFailedException("Task " + h.id() + " ended " + last.status() + (why.isEmpty() ? "" : " (" + why + ")"), last);
            error.withProvider(p.id()).withTaskId(h.id());
            h.accepted.complete(last);
        } else {
            h.accepted.completeExceptionally(error);
        }
        h.completion.completeExceptionally(error);
    }

    private static String vendorKey(String providerId, String vendorTaskId) {
        return providerId + '\u0000' + vendorTaskId;
    }

    // ---------------------------------------------------------------- polling

    private void onDue(ProviderEntry p, List<TaskHandle> due) {
        Instant now = clock.instant();
        List<TaskHandle> fetch = new ArrayList<>();
        for (TaskHandle h : due) {
            if (h.snapshot().isTerminal()) {
                continue;
            }
            if (!now.isBefore(h.deadline())) {
                timeout(p, h);
            } else {
                fetch.add(h);
            }
        }
        if (fetch.isEmpty()) {
            return;
        }
        int batch = p.descriptor().has(Feature.BATCH_FETCH) ? p.descriptor().maxBatchSize() : 0;
        if (batch > 1 && fetch.size() > 1) {
            for (int i = 0; i < fetch.size(); i += batch) {
                List<TaskHandle> chunk = List.copyOf(fetch.subList(i, Math.min(fetch.size(), i + batch)));
                run(() -> fetchBatch(p, chunk));
            }
        } else {
            for (TaskHandle h : fetch) {
                run(() -> fetchOne(p, h));
            }
        }
    }

    private void fetchOne(ProviderEntry p, TaskHandle h) {
        TaskSnapshot s;
        long started = System.nanoTime();
        MDC.put("mj.task", h.id());
        try {
            s = p.provider().fetch(h.ref());
        } catch (RuntimeException e) {
            events.polled(p.id(), false, 1, Duration.ofNanos(System.nanoTime() - started));
            pollFailed(p, h, e);
            return;
        } finally {
            MDC.remove("mj.task");
        }
        events.polled(p.id(), true, 1, Duration.ofNanos(System.nanoTime() - started));
        pollSucceeded(p, h, s);
    }

    private void fetchBatch(ProviderEntry p, List<TaskHandle> chunk) {
        Map<String, TaskSnapshot> found;
        long started = System.nanoTime();
        try {
            found = p.provider().fetchBatch(chunk.stream().map(TaskHandle::ref).toList());
        } catch (RuntimeException e) {
            events.polled(p.id(), false, chunk.size(), Duration.ofNanos(System.nanoTime() - started));
            chunk.forEach(h -> pollFailed(p, h, e));
            return;
        }
        events.polled(p.id(), true, chunk.size(), Duration.ofNanos(System.nanoTime() - started));
        for (TaskHandle h : chunk) {
            TaskSnapshot s = found.get(h.ref().vendorTaskId());
            if (s == null) {
                pollFailed(p, h, new io.mj4j.spi.TaskNotFoundException("the batch reply of '" + p.id() + "' lacks task " + h.ref().vendorTaskId())); // issue-16
            } else {
                pollSucceeded(p, h, s);
            }
        }
    }

    private void pollSucceeded(ProviderEntry p, TaskHandle h, TaskSnapshot s) {
        vendorLost.answered(h.id()); // issue-16
        h.polls++;
        h.consecutiveErrors = 0;
        try {
            apply(p, h, s);
        } catch (RuntimeException e) {
            LOG.warn("Applying a snapshot of task {} failed; will poll again", h.id(), e);
            h.consecutiveErrors++;
        }
        scheduleNextPoll(p, h, null);
    }

    private void pollFailed(ProviderEntry p, TaskHandle h, RuntimeException e) {
        Optional<TaskSnapshot> lost = vendorLost.pollFailed(h.id(), h.snapshot(), e, clock.instant()); // issue-16
        if (lost.isPresent()) { // issue-16
            apply(p, h, lost.get()); // issue-16
            return; // issue-16
        } // issue-16
        h.polls++;
        h.consecutiveErrors++;
        LOG.debug("Poll of task {} on {} failed ({} in a row): {}", h.id(), p.id(), h.consecutiveErrors, redactor.redact(e.getMessage()));
        scheduleNextPoll(p, h, e);
    }

    /** Polls never end a task: after an error the next poll is only later (backoff, jitter, Retry-After). */
    private void scheduleNextPoll(ProviderEntry p, TaskHandle h, RuntimeException error) {
        TaskSnapshot last = h.snapshot();
        if (last.isTerminal()) {
            return;
        }
        PollOptions o = p.poll();
        Instant now = clock.instant();
        Duration delay;
        if (error != null) {
            delay = max(o.interval(), p.descriptor().minPollInterval());
            double factor = Math.pow(o.backoff(), h.consecutiveErrors);
            delay = Duration.ofNanos((long) Math.min(o.maxInterval().toNanos(), delay.toNanos() * factor));
            if (error instanceof MjException m) {
                delay = max(delay, retryAfter(m));
            }
        } else if (adaptive) {
            Instant accepted = h.acceptedAt != null ? h.acceptedAt : h.record().createdAt();
            // the reading before this one, paired with this one, gives the progress rate
            delay = planner.next(o, p.descriptor().minPollInterval(), planner.expected(p.id(), h.action()), accepted, now, last,
                    h.lastProgress, h.lastProgressAt, p.descriptor().has(Feature.BATCH_FETCH));
        } else {
            delay = max(o.interval(), p.descriptor().minPollInterval());
        }
        if (error == null && h.takesCallbacks) {
            // callbacks are hints: the poll is the safety net, three times sparser, never off
            Duration slow = delay.multipliedBy(3);
            delay = slow.compareTo(o.maxInterval()) > 0 ? max(delay, o.maxInterval()) : slow;
        }
        int progress = last.progress().orElse(-1);
        if (progress >= 0 && progress != h.lastProgress) {
            h.prevProgress = h.lastProgress;
            h.prevProgressAt = h.lastProgressAt;
            h.lastProgress = progress;
            h.lastProgressAt = now;
        }
        if (o.jitter() > 0) {
            // spread by a share of the base interval, not of the whole delay: an aimed poll stays on its mark
            double spread;
            synchronized (random) {
                spread = (random.nextDouble() * 2 - 1) * o.jitter();
            }
            long base = Math.min(delay.toNanos(), max(o.interval(), p.descriptor().minPollInterval()).toNanos());
            delay = Duration.ofNanos(Math.max(0, delay.toNanos() + (long) (base * spread)));
        }
        delay = max(delay, p.descriptor().minPollInterval());
        int budget = p.descriptor().maxPollsPerTask();
        if (budget > 0 && h.polls < budget) {
            // spread what is left of the vendor's poll budget over the time left before the deadline
            Duration left = Duration.between(now, h.deadline());
            delay = max(delay, left.dividedBy(Math.max(1, budget - h.polls)));
        }
        Instant next = now.plus(delay);
        if ((budget > 0 && h.polls >= budget) || next.isAfter(h.deadline())) {
            next = h.deadline(); // out of poll budget: callbacks or the deadline end it
        }
        pollers.get(p.id()).schedule(h, next);
        try {
            store.scheduled(h.id(), next);
        } catch (RuntimeException e) {
            LOG.warn("Could not record the next poll of task {}; the poll itself is scheduled", h.id(), e);
        }
    }

    private void timeout(ProviderEntry p, TaskHandle h) {
        TaskSnapshot last = h.snapshot();
        Duration limit = Duration.between(h.record().createdAt(), h.deadline());
        apply(p, h, last.toBuilder().status(TaskStatus.FAILED).failure(results.atDeadline(h.id()).orElse(Failure.of(FailureCategory.TIMEOUT, // issue-16
                "No terminal status within " + limit + " (last status " + last.status()
                        + last.vendorStatus().map(v -> ", vendor said '" + v + "'").orElse("") + ")"))).build());
    }

    private static Duration retryAfter(MjException e) {
        if (e instanceof RateLimitedException r) {
            return r.retryAfter().orElse(Duration.ZERO);
        }
        if (e instanceof ProviderUnavailableException u) {
            return u.retryAfter().orElse(Duration.ZERO);
        }
        return Duration.ZERO;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    // ---------------------------------------------------------------- cancel, callbacks

    CompletableFuture<TaskSnapshot> cancel(TaskHandle h) {
        ProviderEntry p = provider(h.providerId());
        if (!p.provider().capabilities(p.descriptor()).has(Feature.CANCEL)) { // issue-16: what the instance learned of its server
            throw unsupported(p, "Provider '" + p.id() + "' cannot cancel tasks");
        }
        if (h.snapshot().isTerminal()) {
            return CompletableFuture.completedFuture(h.snapshot());
        }
        if (h.snapshot().vendorTaskId().isEmpty()) {
            throw new InvalidRequestException("Task " + h.id() + " is " + h.snapshot().status() + " and has no vendor id to cancel yet");
        }
        TaskRef ref = h.ref();
        CompletableFuture<TaskSnapshot> f = new CompletableFuture<>();
        run(() -> {
            try {
                apply(p, h, p.provider().cancel(ref));
                f.complete(h.snapshot());
            } catch (MjException e) {
                f.completeExceptionally(e.withProvider(p.id()).withTaskId(h.id()));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    @Override
    public CallbackResult accept(String providerId, Map<String, List<String>> headers, byte[] body) {
        ProviderEntry p = provider(providerId);
        if (!p.descriptor().has(Feature.CALLBACKS)) {
            throw unsupported(p, "Provider '" + p.id() + "' does not send callbacks");
        }
        List<TaskSnapshot> snapshots;
        try {
            snapshots = p.provider().parseCallback(headers == null ? Map.of() : headers, body == null ? new byte[0] : body);
        } catch (MjException e) {
            throw e.withProvider(p.id());
        }
        int applied = 0;
        int ignored = 0;
        List<String> unknown = new ArrayList<>();
        for (TaskSnapshot s : snapshots) {
            String vid = s.vendorTaskId().orElse(null);
            TaskHandle h = vid == null ? null : byVendorId.get(vendorKey(p.id(), vid));
            if (h == null) {
                unknown.add(String.valueOf(vid));
            } else if (apply(p, h, s)) {
                applied++;
            } else {
                ignored++;
            }
        }
        return new CallbackResult(applied, ignored, unknown);
    }

    // ---------------------------------------------------------------- misc

    private void run(Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            LOG.warn("Engine executor rejected work (client closed?)", e);
        }
    }

    /** Stops polling; tasks stay as stored. */
    public void close() {
        closed = true;
        pollers.values().forEach(ProviderPoller::close);
    }
}
