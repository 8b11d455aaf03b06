package io.mj4j.core.internal;

import io.mj4j.core.callback.CallbackReceiver;
import io.mj4j.core.store.TaskStore;
import io.mj4j.spi.Feature;
import io.mj4j.spi.MjException;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.TaskSnapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Callback intake, behind the HMAC-checked {@link CallbackReceiver} (the only way in): a callback speaks
 * for the one task its URL names, and only about that task's own vendor id. Callbacks are hints
 * (invariant 7): a non-terminal snapshot goes through the state machine like a poll's; a terminal one
 * (SUCCEEDED, FAILED, CANCELLED) only makes polling fetch the task now, and the fetched snapshot decides, so
 * a forged or mistaken "done" never ends a task. Called on the application's HTTP threads; owns no state.
 * Thread-safe.
 */
final class CallbackIntake implements CallbackReceiver.Sink {
    private final ProviderSet providers;
    private final Tracking tracking;
    private final Polling polling;
    private final TaskStore store;
    private final Redaction redaction;

    CallbackIntake(ProviderSet providers, Tracking tracking, Polling polling, TaskStore store, Redaction redaction) {
        this.providers = providers;
        this.tracking = tracking;
        this.polling = polling;
        this.store = store;
        this.redaction = redaction;
    }

    @Override
    public CallbackReceiver.Outcome accept(String taskId, Map<String, List<String>> headers, byte[] body) {
        Optional<TrackedTask> live = tracking.active(taskId);
        if (live.isEmpty()) {
            return store.find(taskId).map(r -> CallbackReceiver.Outcome.IGNORED).orElse(CallbackReceiver.Outcome.UNKNOWN_TASK);
        }
        TrackedTask t = live.get();
        ProviderEntry p = providers.get(t.providerId());
        if (!p.descriptor().has(Feature.CALLBACKS)) {
            return CallbackReceiver.Outcome.UNREADABLE;
        }
        List<TaskSnapshot> snapshots;
        try {
            snapshots = p.provider().parseCallback(headers, body);
        } catch (MjException e) {
            throw e.withProvider(p.id()).withTaskId(taskId).redactWith(redaction);
        }
        Optional<String> own = t.snapshot().vendorTaskId();
        boolean applied = false;
        boolean confirm = false;
        for (TaskSnapshot s : snapshots) {
            if (own.isEmpty() || !s.vendorTaskId().equals(own)) {
                continue; // a task's URL speaks for that task only; before its submit reply it has nothing to say
            }
            if (s.isTerminal()) {
                confirm = true;
            } else if (tracking.apply(t, s)) {
                applied = true;
            }
        }
        if (confirm) {
            polling.fetchNow(t);
            return CallbackReceiver.Outcome.FETCHING;
        }
        return applied ? CallbackReceiver.Outcome.APPLIED : CallbackReceiver.Outcome.IGNORED;
    }
}
