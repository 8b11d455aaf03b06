package io.mj4j.core.internal;

import dev.failsafe.FailsafeExecutor;
import io.mj4j.core.BudgetExceededException;
import io.mj4j.core.CapacityExceededException;
import io.mj4j.core.MjEvents.SubmitOutcome;
import io.mj4j.core.RetryOptions;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.Feature;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Submission: gets each new task accepted by a vendor exactly once (invariant 1). Owns each unsent task's
 * {@link SubmitState}: its provider candidates, its concurrency slot, and its phase (waiting, sending,
 * parked, done). Takes a slot ({@link ProviderRuntime}), passes the circuit breaker, sends, and retries on
 * Failsafe ({@link SubmitRetry}) only what provably created no task; fails over to the next routed provider
 * when a refusal says nothing against the request; hands an ambiguous failure to the {@link Reconciler}.
 *
 * <p>Attempts run as jobs of the submit lane (their delays on the engine's timer); {@link #start} runs on
 * the caller's thread, {@link #close} on the closing one. {@code close()} parks every task not being sent
 * (marked unsent in the store, so a later {@code resumeActive()} sends it once); a task being sent finishes.
 * Touches tracking, polling, spend, the providers' runtimes and the events. Thread-safe.
 */
final class Submission {
    private static final Logger LOG = LoggerFactory.getLogger(Submission.class);

    enum Phase { WAITING, SENDING, PARKED, DONE }

    /** Thrown inside an attempt that must not send because the client is closing. */
    private static final class Parked extends RuntimeException {
        Parked() {
            super("parked", null, false, false);
        }
    }

    private final ProviderSet providers;
    private final Tracking tracking;
    private final Polling polling;
    private final Spend spend;
    private final Reconciler reconciler;
    private final Lane lane;
    private final FailsafeScheduler scheduler;
    private final RetryOptions retry;
    private final Clock clock;
    private final Events events;
    private final Redaction redaction;
    private final BooleanSupplier closed;
    private final Map<String, SubmitState> states = new ConcurrentHashMap<>();

    Submission(ProviderSet providers, Tracking tracking, Polling polling, Spend spend, Reconciler reconciler, Lane lane,
               FailsafeScheduler scheduler, RetryOptions retry, Clock clock, Events events, Redaction redaction, BooleanSupplier closed) {
        this.providers = providers;
        this.tracking = tracking;
        this.polling = polling;
        this.spend = spend;
        this.reconciler = reconciler;
        this.lane = lane;
        this.scheduler = scheduler;
        this.retry = retry;
        this.clock = clock;
        this.events = events;
        this.redaction = redaction;
        this.closed = closed;
    }

    /** Starts getting a stored task accepted by the first of {@code candidates}. Returns at once. */
    void start(SubmitState s) {
        states.put(s.task.id, s);
        begin(s);
    }

    private void begin(SubmitState s) {
        ProviderRuntime rt = providers.runtime(s.provider.id());
        ProviderRuntime.Slot slot = rt.acquire(() -> lane.execute(() -> {
            s.holdsSlot = true;
            send(s);
        }));
        if (slot == ProviderRuntime.Slot.GRANTED) {
            s.holdsSlot = true;
            send(s);
        } else if (slot == ProviderRuntime.Slot.FULL) {
            done(s, null, new CapacityExceededException("Provider '" + s.provider.id() + "' is at its limit of " + rt.inFlight()
                    + " running tasks and its queue is full"));
        } // QUEUED: sent when a task of this provider ends
    }

    private void send(SubmitState s) {
        // Failsafe reports the outcome while holding its own locks (which the thread that started the execution may
        // still need): the outcome is handled on a worker of its own, never on the caller's thread
        AtomicBoolean handled = new AtomicBoolean();
        FailsafeExecutor<SubmitReceipt> exec = SubmitRetry.<SubmitReceipt>executor(retry, e -> retryable(s, e), SubmitErrors::floor,
                        () -> untilDeadline(s), scheduler)
                .onComplete(event -> {
                    if (handled.compareAndSet(false, true)) {
                        lane.handOver(() -> done(s, event.getResult(), event.getException()));
                    }
                });
        try {
            exec.getAsync(() -> attempt(s));
        } catch (RejectedExecutionException e) {
            if (handled.compareAndSet(false, true)) {
                done(s, null, e);
            }
        }
    }

    private SubmitReceipt attempt(SubmitState s) {
        ProviderEntry p = s.provider;
        synchronized (s) {
            if (closed.getAsBoolean() || s.phase != Phase.WAITING) {
                throw new Parked();
            }
            s.phase = Phase.SENDING;
        }
        if (untilDeadline(s).isZero()) {
            // A submit held back (open circuit, Retry-After, backoff) past its task's deadline is not sent: the
            // vendor would start paid work that the engine then gives up on at the first poll (TIMEOUT while the
            // vendor finishes). Nothing was sent, so the task ends here, TIMEOUT, with nothing owed.
            synchronized (s) {
                s.phase = Phase.WAITING;
            }
            throw (SubmitErrors.DeadlinePassed) new SubmitErrors.DeadlinePassed(s.task.id, p.id(), s.task.deadline())
                    .withProvider(p.id()).withTaskId(s.task.id);
        }
        ProviderRuntime rt = providers.runtime(p.id());
        if (!rt.health.tryAcquire()) {
            synchronized (s) {
                s.phase = Phase.WAITING;
            }
            throw (SubmitErrors.CircuitOpen) new SubmitErrors.CircuitOpen(p.id(), rt.health.cooldownLeft()).withProvider(p.id()).withTaskId(s.task.id);
        }
        long started = System.nanoTime();
        s.startedNanos = started;
        MDC.put("mj.task", s.task.id);
        try {
            SubmitReceipt receipt = p.provider().submit(s.request);
            rt.health.requestSucceeded();
            events.submitted(p.id(), s.task.action.kind(), SubmitOutcome.ACCEPTED, Duration.ofNanos(System.nanoTime() - started));
            return receipt;
        } catch (MjException e) {
            throw failed(s, rt, e);
        } catch (RuntimeException e) {
            throw failed(s, rt, new ProviderProtocolException("Provider '" + p.id() + "' failed while submitting: " + e, e));
        } finally {
            MDC.remove("mj.task");
        }
    }

    /** Time left before the task's deadline, zero once it has come. */
    private Duration untilDeadline(SubmitState s) {
        Instant now = clock.instant();
        Instant deadline = s.task.deadline();
        return now.isBefore(deadline) ? Duration.between(now, deadline) : Duration.ZERO;
    }

    private MjException failed(SubmitState s, ProviderRuntime rt, MjException e) {
        e.withProvider(s.provider.id()).withTaskId(s.task.id);
        e.redactWith(redaction);
        if (SubmitErrors.countsAgainstHealth(e)) {
            rt.health.requestFailed();
        }
        if (!e.mayHaveCreatedTask()) {
            synchronized (s) {
                s.phase = Phase.WAITING; // provably not sent: it may wait for a retry, or be parked
            }
        }
        return e;
    }

    private boolean retryable(SubmitState s, Throwable t) {
        boolean retry = SubmitErrors.retryable(t, s.hasNextCandidate());
        if (retry) {
            LOG.info("Submit of task {} to {} not accepted ({}); retrying", s.task.id, s.provider.id(), t.getClass().getSimpleName());
        }
        return retry;
    }

    private void done(SubmitState s, SubmitReceipt receipt, Throwable error) {
        if (receipt != null) {
            acknowledged(s, receipt);
            return;
        }
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof Parked || (e instanceof RejectedExecutionException && closed.getAsBoolean())) {
            park(s);
            return;
        }
        MjException m = e instanceof MjException x ? x
                : new CapacityExceededException("The engine could not run the submit of task " + s.task.id + ": " + e);
        m.withProvider(s.provider.id()).withTaskId(s.task.id);
        m.redactWith(redaction);
        if (m.mayHaveCreatedTask()) {
            ambiguous(s, m);
        } else {
            notCreated(s, m);
        }
    }

    private void acknowledged(SubmitState s, SubmitReceipt receipt) {
        synchronized (s) {
            s.phase = Phase.DONE;
        }
        acknowledged(s.task, s.provider, receipt.snapshot().orElseGet(() ->
                TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId(receipt.vendorTaskId()).build()), s.takesCallbacks);
    }

    /** The vendor has the task (its submit reply, or a lookup after an ambiguous failure). */
    void acknowledged(TrackedTask t, ProviderEntry p, TaskSnapshot first, boolean takesCallbacks) {
        spend.confirm(t.id, p.id(), t.action.kind());
        tracking.acknowledged(t, first);
        if (!t.snapshot().isTerminal()) {
            polling.track(t, p, takesCallbacks);
        }
    }

    private void notCreated(SubmitState s, MjException e) {
        releaseSlot(s);
        String next = SubmitErrors.failoverEligible(e) ? s.nextCandidate() : null;
        if (next != null) {
            LOG.info("Submit of task {} to {} not accepted ({}); failing over to {}", s.task.id, s.provider.id(),
                    e.getClass().getSimpleName(), next);
            events.submitted(s.provider.id(), s.task.action.kind(), SubmitOutcome.FAILED_OVER, s.sinceStart());
            spend.release(s.task.id);
            try {
                spend.reserve(s.task.id, next, s.task.action.kind());
            } catch (BudgetExceededException b) {
                tracking.refused(s.task, (MjException) b.withTaskId(s.task.id));
                return;
            }
            tracking.moveTo(s.task, next);
            s.provider = providers.get(next);
            synchronized (s) {
                s.phase = Phase.WAITING;
            }
            begin(s);
            return;
        }
        LOG.info("Submit of task {} to {} refused: {}", s.task.id, s.provider.id(), e.getMessage());
        events.submitted(s.provider.id(), s.task.action.kind(), SubmitOutcome.REFUSED, s.sinceStart());
        spend.release(s.task.id);
        tracking.refused(s.task, e);
    }

    private void ambiguous(SubmitState s, MjException e) {
        ProviderEntry p = s.provider;
        LOG.warn("Submit of task {} to {} may have reached the vendor ({}); not retried", s.task.id, p.id(), e.getMessage());
        events.submitted(p.id(), s.task.action.kind(), SubmitOutcome.UNKNOWN, s.sinceStart());
        tracking.apply(s.task, TaskSnapshot.builder(TaskStatus.UNKNOWN).build());
        Runnable gaveUp = () -> forget(s.task.id);
        if (p.descriptor().has(Feature.LOOKUP_BY_REFERENCE)) {
            reconciler.reconcile(s.task, p, e, retry.delayBefore(2),
                    found -> acknowledged(s.task, p, found, s.takesCallbacks), gaveUp);
        } else {
            reconciler.giveUp(s.task, p, e);
            gaveUp.run();
        }
    }

    /** The task ended: its slot is freed, and its outcome counts for the provider's health. */
    void ended(TrackedTask t, TaskSnapshot last) {
        forget(t.id);
        ProviderHealth health = providers.runtime(t.providerId()).health;
        if (last.status() == TaskStatus.SUCCEEDED) {
            health.taskSucceeded();
        } else if (t.submitError == null && last.failure()
                .filter(f -> f.category() == FailureCategory.VENDOR_ERROR || f.category() == FailureCategory.TIMEOUT).isPresent()) {
            health.taskFailed(); // tasks failing or stalling at the vendor count against its health
        }
    }

    private void forget(String taskId) {
        SubmitState s = states.remove(taskId);
        if (s != null) {
            releaseSlot(s);
        }
    }

    /** Parks every task not being sent; a task being sent finishes. Call after the engine says it is closed. */
    void close() {
        states.values().forEach(this::park);
    }

    private void park(SubmitState s) {
        synchronized (s) {
            if (s.phase != Phase.WAITING) {
                return;
            }
            s.phase = Phase.PARKED;
        }
        states.remove(s.task.id);
        s.holdsSlot = false; // the client is closing: nobody queues behind it any more
        spend.release(s.task.id);
        CapacityExceededException why = new CapacityExceededException("The client closed before the submit of task " + s.task.id
                + " was sent; it is stored unsent, and resumeActive() in a new client sends it");
        why.withProvider(s.provider.id()).withTaskId(s.task.id);
        try {
            tracking.markUnsent(s.task, why);
        } catch (RuntimeException e) {
            LOG.warn("Could not mark task {} unsent in the store; a resume will report it UNKNOWN: {}", s.task.id, e.getMessage());
        }
    }

    private void releaseSlot(SubmitState s) {
        if (s.holdsSlot) {
            s.holdsSlot = false;
            Runnable next = providers.runtime(s.provider.id()).release();
            if (next != null) {
                next.run();
            }
        }
    }
}
