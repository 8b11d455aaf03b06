package io.mj4j.sandbox.faults;

import io.mj4j.sandbox.Ledger;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One scenario's outcome counted by identity: the vendor's ledger (every task it created, with the client
 * reference its submit carried) joined with what the engine says about each reference it knows. Nothing is
 * a difference of totals, so a wrongful resend cannot hide behind a task that was never created.
 *
 * @param tasks              references the engine knows (tasks the application submitted)
 * @param vendorTasks        tasks the vendor created (each one paid)
 * @param succeeded          engine tasks that ended SUCCEEDED
 * @param failed             engine tasks that ended FAILED or CANCELLED
 * @param unknown            engine tasks that ended UNKNOWN (the caller was told the submit's fate is unknown)
 * @param unfinished         engine tasks that never ended
 * @param lost               vendor tasks of a known reference whose end the engine never saw (it ended without
 *                           them, or never ended)
 * @param duplicates         vendor tasks beyond the first for one reference
 * @param orphans            vendor tasks whose reference the engine does not know (or that carried none)
 * @param wrongEnds          engine tasks whose end contradicts the vendor's (SUCCEEDED while the vendor's task did
 *                           not succeed, FAILED while it succeeded and the vendor still admits it exists)
 * @param callbacksSent      terminal callbacks the vendor sent (duplicates included, stale ones not)
 * @param callbacksLost      callbacks the vendor did not send
 * @param callbacksDuplicated vendor tasks whose terminal callback was sent more than once
 * @param staleCallbacks     out-of-order callbacks sent while their task was running
 * @param callbacksAccepted  callbacks the receiver answered 2xx
 * @param wrongEndDetails    for each wrong end: the reference, the engine's last snapshot and the vendor's phase
 */
record IdentityRow(String scenario, int tasks, int vendorTasks, long succeeded, long failed, long unknown, long unfinished,
                   int lost, int duplicates, int orphans, int wrongEnds, int callbacksSent, int callbacksLost,
                   int callbacksDuplicated, int staleCallbacks, int callbacksAccepted, List<String> wrongEndDetails) {

    /** What the engine says about one reference it knows. */
    record EngineView(TaskSnapshot snapshot, boolean ended) {
    }

    static IdentityRow of(String scenario, Ledger ledger, Map<String, EngineView> engine) {
        Map<String, List<Ledger.Entry>> byRef = ledger.byReference();
        Map<String, Ledger.Entry> byVendorId = ledger.entries().stream()
                .collect(Collectors.toMap(Ledger.Entry::vendorTaskId, Function.identity()));
        long succeeded = count(engine, s -> s == TaskStatus.SUCCEEDED);
        long failed = count(engine, s -> s == TaskStatus.FAILED || s == TaskStatus.CANCELLED);
        long unknown = count(engine, s -> s == TaskStatus.UNKNOWN);
        long unfinished = engine.values().stream().filter(v -> !v.ended()).count();

        int lost = 0;
        int duplicates = 0;
        for (Map.Entry<String, List<Ledger.Entry>> e : byRef.entrySet()) {
            EngineView view = engine.get(e.getKey());
            if (view == null) {
                continue; // orphans, counted below
            }
            duplicates += e.getValue().size() - 1;
            for (Ledger.Entry v : e.getValue()) {
                boolean seenEnd = view.ended() && view.snapshot().vendorTaskId().filter(v.vendorTaskId()::equals).isPresent();
                if (!seenEnd) {
                    lost++;
                }
            }
        }
        int orphans = (int) ledger.entries().stream()
                .filter(v -> v.reference().isEmpty() || !engine.containsKey(v.reference().orElseThrow())).count();

        int wrongEnds = 0;
        List<String> details = new java.util.ArrayList<>();
        for (Map.Entry<String, EngineView> ev : engine.entrySet()) {
            EngineView view = ev.getValue();
            TaskStatus s = view.snapshot().status();
            if (!view.ended() || !(s == TaskStatus.SUCCEEDED || s == TaskStatus.FAILED)) {
                continue;
            }
            Optional<Ledger.Entry> v = view.snapshot().vendorTaskId().map(byVendorId::get);
            if (s == TaskStatus.SUCCEEDED && v.map(x -> x.phase() != SimTask.Phase.SUCCEEDED).orElse(true)) {
                wrongEnds++;
                details.add(ev.getKey() + ": engine " + view.snapshot() + ", vendor " + v.map(Ledger.Entry::phase).orElse(null));
            } else if (s == TaskStatus.FAILED && v.map(x -> !x.forgotten() && x.phase() == SimTask.Phase.SUCCEEDED).orElse(false)) {
                // a forgotten task may still "succeed" in the simulator's books, but the vendor denies it exists
                wrongEnds++;
                details.add(ev.getKey() + ": engine " + view.snapshot() + ", vendor " + v.map(Ledger.Entry::phase).orElse(null));
            }
        }

        int sent = 0;
        int cbLost = 0;
        int duplicated = 0;
        int stale = 0;
        int accepted = 0;
        for (Ledger.Entry v : ledger.entries()) {
            int terminal = v.callbacksSent() - v.staleCallbacksSent();
            sent += terminal;
            cbLost += v.callbacksLost();
            duplicated += terminal > 1 ? 1 : 0;
            stale += v.staleCallbacksSent();
            accepted += v.callbacksAccepted();
        }
        return new IdentityRow(scenario, engine.size(), ledger.entries().size(), succeeded, failed, unknown, unfinished, lost,
                duplicates, orphans, wrongEnds, sent, cbLost, duplicated, stale, accepted, List.copyOf(details));
    }

    private static long count(Map<String, EngineView> engine, java.util.function.Predicate<TaskStatus> p) {
        return engine.values().stream().filter(v -> v.ended() && p.test(v.snapshot().status())).count();
    }

    static String header() {
        return "| scenario | tasks | vendor tasks | succeeded | failed | unknown | unfinished | lost | duplicates | orphans "
                + "| wrong ends | callbacks sent / lost / duplicated / stale |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    }

    String markdown() {
        return "| " + scenario + " | " + tasks + " | " + vendorTasks + " | " + succeeded + " | " + failed + " | " + unknown + " | "
                + unfinished + " | " + lost + " | " + duplicates + " | " + orphans + " | " + wrongEnds + " | " + callbacksSent
                + " / " + callbacksLost + " / " + callbacksDuplicated + " / " + staleCallbacks + " |";
    }
}
