package io.mj4j.core.internal;

import dev.failsafe.FailsafeExecutor;
import io.mj4j.core.RetryOptions;
import io.mj4j.core.Scheduler;
import io.mj4j.spi.MjException;
import io.mj4j.spi.SubmitOutcomeUnknownException;
import io.mj4j.spi.TaskSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reconciliation of ambiguous submits (invariant 1): asks the vendor, by the client reference sent with the
 * submit, whether the task exists, retrying failed lookups on Failsafe; a found task is acknowledged, and
 * an absent one is never resubmitted (a vendor may index the reference late, or not at all): it is given up
 * as UNKNOWN, parked for a person when several nodes share the store. Lookups run as submit-lane jobs.
 * Owns no per-task state; touches tracking and leases. Thread-safe.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Tracking tracking;
    private final Leases leases;
    private final Scheduler timer;
    private final FailsafeScheduler scheduler;
    private final RetryOptions retry;
    private final Lane lane;

    Reconciler(Tracking tracking, Leases leases, Scheduler timer, FailsafeScheduler scheduler, Lane lane, RetryOptions retry) {
        this.lane = lane;
        this.tracking = tracking;
        this.leases = leases;
        this.timer = timer;
        this.scheduler = scheduler;
        this.retry = retry;
    }

    /** After {@code delay}, looks the task up; {@code found} gets the vendor's snapshot, else {@code gaveUp} runs. */
    void reconcile(TrackedTask t, ProviderEntry p, MjException original, Duration delay, Consumer<TaskSnapshot> found, Runnable gaveUp) {
        timer.schedule(delay, () -> {
            FailsafeExecutor<Optional<TaskSnapshot>> exec = SubmitRetry.<Optional<TaskSnapshot>>executor(retry, e -> true,
                    e -> Duration.ZERO, scheduler).onComplete(event -> lane.handOver(() -> {
                Optional<TaskSnapshot> result = event.getResult();
                Throwable error = event.getException();
                if (error == null && result.isPresent() && result.get().vendorTaskId().isPresent()) {
                    LOG.info("Task {} reconciled: the vendor has it as {}", t.id, result.get().vendorTaskId().get());
                    found.accept(result.get());
                    return;
                }
                if (error == null) {
                    LOG.warn("Task {}: the vendor's lookup found no task for this submit; its outcome stays unknown", t.id);
                }
                giveUp(t, p, original);
                gaveUp.run();
            }));
            try {
                exec.getAsync(() -> p.provider().lookup(t.id));
            } catch (RuntimeException e) {
                LOG.debug("Lookup of task {} not started (client closing)", t.id);
            }
        });
    }

    /** Nothing more can be learned: the caller hears UNKNOWN with the client reference. */
    void giveUp(TrackedTask t, ProviderEntry p, MjException cause) {
        leases.park(t.id);
        SubmitOutcomeUnknownException u = new SubmitOutcomeUnknownException(t.id, cause);
        u.withProvider(p.id());
        tracking.unknown(t, u);
    }
}
