package io.mj4j.core.internal;

import io.mj4j.core.Task;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.core.store.TaskStore;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.Feature;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resumption: tracks stored tasks again (after a restart, or when another node's lease expired). Never
 * resubmits a task that may have reached a vendor: an acknowledged task is polled where it stopped (past
 * its deadline it is asked first); a submit a closing client never sent (marked unsent) is sent now, once;
 * a submit whose outcome was never learned is reconciled by lookup where the provider can, else reported
 * UNKNOWN. A task that ended is handed back without anyone hearing its end again. Runs on the caller's
 * thread (or the lease upkeep's); owns no state; touches tracking, polling, submission, spend. Thread-safe.
 */
final class Resumption {
    /** Builds the submit request of a task (its callback URL included when the client takes callbacks). */
    interface Requests {
        SubmitRequest of(TrackedTask t, Optional<TaskSnapshot> parent, boolean callbacks);
    }

    private final ProviderSet providers;
    private final TaskStore store;
    private final Tracking tracking;
    private final Polling polling;
    private final Submission submission;
    private final Reconciler reconciler;
    private final Spend spend;
    private final Leases leases;
    private final boolean takesCallbacks;
    private final Requests requests;
    private final Function<TrackedTask, Task> view;

    Resumption(ProviderSet providers, TaskStore store, Tracking tracking, Polling polling, Submission submission, Reconciler reconciler,
               Spend spend, Leases leases, boolean takesCallbacks, Requests requests, Function<TrackedTask, Task> view) {
        this.providers = providers;
        this.store = store;
        this.tracking = tracking;
        this.polling = polling;
        this.submission = submission;
        this.reconciler = reconciler;
        this.spend = spend;
        this.leases = leases;
        this.takesCallbacks = takesCallbacks;
        this.requests = requests;
        this.view = view;
    }

    /** Every stored, unfinished task of a configured provider (with leases: those this node can claim). */
    List<Task> resumeActive() {
        List<String> ids = leases.enabled() ? leases.claimAll() : store.findActive().stream().map(TaskRecord::id).toList();
        List<Task> out = new ArrayList<>();
        for (String id : ids) {
            store.find(id).filter(r -> providers.contains(r.providerId())).ifPresent(r -> out.add(resume(id)));
        }
        return out;
    }

    Task resume(String id) {
        Optional<TrackedTask> live = tracking.active(id);
        if (live.isPresent()) {
            return live.get().view;
        }
        TaskRecord record = store.find(id).orElseThrow(() -> new InvalidRequestException("Unknown task '" + id + "': not in the task store"));
        ProviderEntry p = providers.get(record.providerId());
        TrackedTask t = tracking.adopt(record, view);
        TaskSnapshot s = record.snapshot();
        boolean callbacks = takesCallbacks && p.descriptor().has(Feature.CALLBACKS);
        if (s.isTerminal()) {
            return t.view;
        }
        if (s.vendorTaskId().isPresent()) {
            polling.resume(t, p, callbacks);
        } else if (s.status() == TaskStatus.SUBMITTING && s.vendorState().containsKey(Tracking.UNSENT)) {
            resend(t, p, record, callbacks);
        } else {
            MjException unknown = new ProviderUnavailableException("the submit of task " + id
                    + " was interrupted before the vendor's answer was recorded", true);
            unknown.withProvider(p.id()).withTaskId(id);
            if (s.status() == TaskStatus.SUBMITTING) {
                tracking.apply(t, TaskSnapshot.builder(TaskStatus.UNKNOWN).build());
            }
            if (p.descriptor().has(Feature.LOOKUP_BY_REFERENCE)) {
                reconciler.reconcile(t, p, unknown, Duration.ZERO, found -> submission.acknowledged(t, p, found, callbacks), () -> { });
            } else {
                reconciler.giveUp(t, p, unknown);
            }
        }
        return t.view;
    }

    /** Sends, once, a submit a closing client stored unsent: the mark is cleared first (write-ahead). */
    private void resend(TrackedTask t, ProviderEntry p, TaskRecord record, boolean callbacks) {
        Optional<TaskSnapshot> parent = record.parentId().flatMap(store::find).map(TaskRecord::snapshot);
        try {
            spend.reserve(t.id, p.id(), t.action.kind());
        } catch (MjException e) {
            tracking.refused(t, e);
            return;
        }
        tracking.clearUnsent(t);
        submission.start(new SubmitState(t, requests.of(t, parent, callbacks), List.of(p.id()), p, callbacks));
    }
}
