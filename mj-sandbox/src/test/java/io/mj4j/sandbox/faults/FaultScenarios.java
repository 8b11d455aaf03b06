package io.mj4j.sandbox.faults;

import io.mj4j.core.Mj;
import io.mj4j.core.Task;
import io.mj4j.sandbox.Faults;
import io.mj4j.sandbox.Ledger;
import io.mj4j.sandbox.TestClock;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The fault scenarios, each a function of the provider stack it runs on: {@link FaultSuiteTest} runs them on
 * the honest stack and requires no violation; {@link FaultSuiteCatchesBrokenVariantsTest} runs them on broken
 * stacks and requires the violation the scenario exists to catch. Every verdict is computed from the vendor's
 * ledger joined with the engine's tasks ({@link IdentityRow}); none is a constant.
 */
final class FaultScenarios {
    static final int TASKS = 12;
    private static final Duration BOUND = Duration.ofSeconds(90);

    private FaultScenarios() {
    }

    /** A scenario's row and what it found wrong (empty when every guarantee held). */
    record Verdict(IdentityRow row, List<String> violations) {
    }

    /** Collects violated guarantees, each named so the self-test can tell which one a broken variant broke. */
    static final class Checks {
        private final List<String> violations = new ArrayList<>();

        void require(boolean holds, String guarantee, Object found) {
            if (!holds) {
                violations.add(guarantee + " (found " + found + ")");
            }
        }

        /** Nothing lost, nothing twice, nothing unknown to the engine, no end the vendor contradicts, every task ended. */
        void safe(IdentityRow r) {
            require(r.lost() == 0, "lost", r.lost());
            require(r.duplicates() == 0, "duplicates", r.duplicates());
            require(r.orphans() == 0, "orphans", r.orphans());
            require(r.wrongEnds() == 0, "wrong ends", r.wrongEnds() + "; details: " + r.wrongEndDetails());
            require(r.unfinished() == 0, "unfinished", r.unfinished());
        }

        List<String> violations() {
            return List.copyOf(violations);
        }
    }

    /** A scenario as the suite and the self-test call it. */
    @FunctionalInterface
    interface Scenario {
        Verdict run(UnaryOperator<MjProvider> stack) throws Exception;
    }

    // ------------------------------------------------------------------ the common shape

    private interface Expect {
        void check(IdentityRow row, Ledger ledger, FaultRun run, List<Task> tasks, Checks checks);
    }

    private static Verdict imagineBurst(String scenario, UnaryOperator<MjProvider> stack, boolean callbacks, Consumer<Faults> faults,
                                        Consumer<Mj.Builder> tweak, Expect expect) throws Exception {
        try (FaultRun run = FaultRun.start(scenario, callbacks, stack)) {
            Mj mj = run.open(tweak);
            faults.accept(run.vendor.faults());
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                tasks.add(mj.imagine("fault " + scenario.hashCode() + " #" + i + " a lighthouse"));
            }
            FaultRun.awaitEnds(tasks, BOUND);
            IdentityRow row = run.row(scenario, tasks);
            Checks checks = new Checks();
            checks.safe(row);
            expect.check(row, run.vendor.ledger(), run, tasks, checks);
            return new Verdict(row, checks.violations());
        }
    }

    /** Every reference the engine knows produced exactly one vendor task. */
    private static void oneVendorTaskEach(Ledger ledger, List<Task> tasks, Checks checks) {
        Map<String, Integer> perRef = new HashMap<>();
        tasks.forEach(t -> perRef.put(t.id(), ledger.forReference(t.id()).size()));
        checks.require(perRef.values().stream().allMatch(n -> n == 1), "one vendor task per reference", perRef.values());
    }

    // ------------------------------------------------------------------ scenarios

    static Verdict baseline(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("no faults", stack, false, f -> { }, b -> { }, (r, ledger, run, tasks, c) -> {
            c.require(r.succeeded() == TASKS, "every task succeeds", r.succeeded());
            oneVendorTaskEach(ledger, tasks, c);
        });
    }

    static Verdict dropBefore(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("connection dropped before the submit was read", stack, false, f -> f.dropConnectionNext(4), b -> { },
                (r, ledger, run, tasks, c) -> {
                    c.require(r.vendorTasks() <= TASKS, "at most one vendor task per reference", r.vendorTasks());
                    c.require(r.unknown() + r.succeeded() + r.failed() == TASKS, "every task ends with a word", r);
                });
    }

    static Verdict dropAfterCreate(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("connection dropped after the task was created", stack, false, f -> f.dropAfterCreateNext(4), b -> { },
                (r, ledger, run, tasks, c) -> {
                    c.require(r.succeeded() == TASKS, "every task succeeds (reconciled by lookup)", r.succeeded());
                    oneVendorTaskEach(ledger, tasks, c);
                });
    }

    static Verdict slowReply(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("reply slower than the client timeout", stack, false, f -> f.slowNext(4, Duration.ofMillis(1500)), b -> { },
                (r, ledger, run, tasks, c) -> {
                    c.require(r.succeeded() == TASKS, "every task succeeds (reconciled by lookup)", r.succeeded());
                    oneVendorTaskEach(ledger, tasks, c);
                });
    }

    static Verdict rateLimited(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("429 with Retry-After", stack, false, f -> f.rateLimitNext(6, Duration.ofSeconds(1)), b -> { },
                (r, ledger, run, tasks, c) -> {
                    c.require(r.succeeded() == TASKS, "every task succeeds after the wait", r.succeeded());
                    oneVendorTaskEach(ledger, tasks, c);
                });
    }

    /**
     * Four 500s that created nothing, then four that came after the task was created (the ambiguous kind). The
     * eight failures open the provider's circuit (5 in a row, 30 s cooldown), so the remaining submits wait out
     * the cooldown: the deadline is longer than that, since a submit still held when its deadline passes is sent
     * anyway and the task then ends TIMEOUT while the vendor finishes it (seen with a 20 s deadline; reported).
     */
    static Verdict serverErrorStorm(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("5xx storm (4 before, 4 after creating)", stack, false, f -> f.serverErrorNext(4).serverErrorAfterCreateNext(4),
                b -> b.deadline(ActionKind.IMAGINE, Duration.ofSeconds(60)), (r, ledger, run, tasks, c) -> {
                    c.require(r.vendorTasks() <= TASKS, "at most one vendor task per reference", r.vendorTasks());
                    c.require(r.vendorTasks() >= 4, "the four tasks created before a 500 exist at the vendor", r.vendorTasks());
                });
    }

    static Verdict malformed(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("malformed JSON on polls", stack, false, f -> f.malformedNext(5), b -> { }, (r, ledger, run, tasks, c) -> {
            c.require(r.succeeded() == TASKS, "every task succeeds", r.succeeded());
            oneVendorTaskEach(ledger, tasks, c);
        });
    }

    static Verdict truncated(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("truncated bodies on polls", stack, false, f -> f.truncatedNext(5), b -> { }, (r, ledger, run, tasks, c) -> {
            c.require(r.succeeded() == TASKS, "every task succeeds", r.succeeded());
            oneVendorTaskEach(ledger, tasks, c);
        });
    }

    static Verdict stalls(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("stall past the deadline", stack, false, f -> f.stallRate(1.0),
                b -> b.deadline(ActionKind.IMAGINE, Duration.ofSeconds(6)), (r, ledger, run, tasks, c) -> {
                    long timeouts = tasks.stream().filter(t -> category(t.snapshot()) == FailureCategory.TIMEOUT).count();
                    c.require(timeouts == TASKS, "every stalled task ends FAILED with TIMEOUT", timeouts);
                    oneVendorTaskEach(ledger, tasks, c);
                });
    }

    static Verdict vendorFailures(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("prompt rejections and vendor errors", stack, false, f -> f.promptRejectionRate(0.3).vendorErrorRate(0.3),
                b -> { }, (r, ledger, run, tasks, c) -> {
                    long vendorFailed = ledger.entries().stream().filter(e -> e.phase() == io.mj4j.sandbox.vendor.SimTask.Phase.FAILED).count();
                    c.require(vendorFailed > 0 && r.failed() == vendorFailed, "the engine fails exactly the tasks the vendor failed",
                            r.failed() + " of " + vendorFailed);
                    oneVendorTaskEach(ledger, tasks, c);
                });
    }

    static Verdict lostCallbacks(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("lost callbacks", stack, true, f -> f.callbackLossRate(1.0), b -> { }, (r, ledger, run, tasks, c) -> {
            c.require(r.callbacksLost() == TASKS && r.callbacksSent() == 0, "the vendor lost every callback",
                    r.callbacksLost() + " lost, " + r.callbacksSent() + " sent");
            c.require(r.succeeded() == TASKS, "polling finishes every task", r.succeeded());
        });
    }

    static Verdict duplicatedCallbacks(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("duplicated callbacks", stack, true, f -> f.duplicateCallbacks(true), b -> { }, (r, ledger, run, tasks, c) -> {
            c.require(r.callbacksDuplicated() == TASKS && r.callbacksSent() == 2 * TASKS, "the vendor sent every callback twice",
                    r.callbacksSent() + " sent, " + r.callbacksDuplicated() + " duplicated");
            Map<String, Long> ends = tasks.stream().collect(Collectors.toMap(Task::id,
                    t -> run.heard.getOrDefault(t.id(), List.of()).stream().filter(TaskSnapshot::isTerminal).count()));
            c.require(ends.values().stream().allMatch(n -> n == 1), "listeners hear each end once", ends.values());
            c.require(r.succeeded() == TASKS, "every task succeeds", r.succeeded());
        });
    }

    /** Each task gets the callback of its queued moment while it runs past half: it must not move the task back. */
    static Verdict staleCallbacks(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("out-of-order callbacks while the task runs", stack, true, f -> f.staleCallbacks(true), b -> { },
                (r, ledger, run, tasks, c) -> {
                    c.require(r.staleCallbacks() == TASKS, "the vendor sent one stale callback per task while it ran", r.staleCallbacks());
                    long accepted = ledger.entries().stream().filter(e -> e.staleCallbacksAccepted() == 1).count();
                    c.require(accepted == TASKS, "the receiver took each stale callback (valid token, active task)", accepted);
                    List<String> regressions = tasks.stream().filter(t -> !monotonic(run.heard.getOrDefault(t.id(), List.of())))
                            .map(Task::id).toList();
                    c.require(regressions.isEmpty(), "listeners never hear a task go back", regressions);
                    c.require(r.succeeded() == TASKS, "every task succeeds", r.succeeded());
                });
    }

    /**
     * A caller who holds a task's valid callback URL (token included) posts "SUCCESS" while the vendor's task
     * is stalled: the engine must confirm with the vendor and keep the task running until its deadline.
     */
    static Verdict forgedCallback(UnaryOperator<MjProvider> stack) throws Exception {
        String scenario = "terminal callback forged with a valid token";
        try (FaultRun run = FaultRun.start(scenario, true, stack)) {
            Mj mj = run.open(b -> b.deadline(ActionKind.IMAGINE, Duration.ofSeconds(8)));
            run.vendor.faults().stallRate(1.0);
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                tasks.add(mj.imagine("forged #" + i + " a lighthouse"));
            }
            HttpClient http = HttpClient.newHttpClient();
            int forgeriesTaken = 0;
            for (Task t : tasks) {
                run.when(t, s -> s.status() == TaskStatus.RUNNING && s.vendorTaskId().isPresent()).get(30, TimeUnit.SECONDS);
                String vendorId = t.snapshot().vendorTaskId().orElseThrow();
                String forged = "{\"id\":\"" + vendorId + "\",\"action\":\"IMAGINE\",\"status\":\"SUCCESS\",\"progress\":\"100%\","
                        + "\"state\":\"" + t.id() + "\",\"imageUrl\":\"" + run.vendor.baseUri() + "/sandbox/files/" + vendorId
                        + "/grid.png\",\"failReason\":\"\",\"properties\":{},\"buttons\":[]}";
                if (post(http, mj.callbackReceiver().orElseThrow().urlFor(t.id()), forged) / 100 == 2) {
                    forgeriesTaken++;
                }
            }
            FaultRun.awaitEnds(tasks, BOUND);
            IdentityRow row = run.row(scenario, tasks);
            Checks c = new Checks();
            c.safe(row);
            c.require(forgeriesTaken == TASKS, "the forged callbacks passed the token check (so the confirmation stopped them)",
                    forgeriesTaken);
            c.require(row.succeeded() == 0, "no forged success ends a task", row.succeeded());
            return new Verdict(row, c.violations());
        }
    }

    /** The vendor acknowledges four submits, then answers "no such task" for them: those end FAILED, the rest succeed. */
    static Verdict vendorForgets(UnaryOperator<MjProvider> stack) throws Exception {
        return imagineBurst("vendor forgets a task", stack, false, f -> f.forgetNext(4),
                b -> b.deadline(ActionKind.IMAGINE, Duration.ofSeconds(8)), (r, ledger, run, tasks, c) -> {
                    List<String> forgotten = ledger.entries().stream().filter(Ledger.Entry::forgotten)
                            .map(e -> e.reference().orElse("?")).toList();
                    c.require(forgotten.size() == 4, "the vendor forgot four tasks", forgotten.size());
                    long forgottenFailed = tasks.stream().filter(t -> forgotten.contains(t.id()))
                            .filter(t -> t.snapshot().status() == TaskStatus.FAILED).count();
                    c.require(forgottenFailed == forgotten.size(), "each forgotten task ends FAILED", forgottenFailed);
                    c.require(r.succeeded() == TASKS - forgotten.size(), "the others succeed", r.succeeded());
                });
    }

    /**
     * A burst of submits on a slow vendor, the client closed in the middle of it; a new client on the same
     * store resumes: each submit reaches the vendor at most once and every task ends.
     */
    static Verdict closeDuringBurst(UnaryOperator<MjProvider> stack) throws Exception {
        return closeDuringBurst(stack, BrokenStores.HONEST);
    }

    static Verdict closeDuringBurst(UnaryOperator<MjProvider> stack, UnaryOperator<io.mj4j.core.store.TaskStore> storeWrap) throws Exception {
        String scenario = "close() during a burst, then resume";
        try (FaultRun run = FaultRun.start(scenario, stack, storeWrap)) {
            run.vendor.faults().latency(Duration.ofMillis(300));
            Mj first = run.open(b -> { });
            List<String> refs = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                refs.add(first.imagine("burst #" + i + " a lighthouse").id());
            }
            first.close();
            int sentBeforeClose = run.vendor.ledger().entries().size();
            run.vendor.faults().latency(Duration.ZERO);
            Mj second = run.open(b -> { });
            List<Task> resumed = second.resumeActive();
            FaultRun.awaitEnds(resumed, BOUND);
            Map<String, Task> live = resumed.stream().collect(Collectors.toMap(Task::id, t -> t));
            IdentityRow row = run.rowFromStore(scenario, refs, live);
            Checks c = new Checks();
            c.safe(row);
            c.require(row.tasks() == TASKS, "the store knows every task after close", row.tasks());
            c.require(sentBeforeClose < TASKS, "close() came during the burst (not every submit had reached the vendor)",
                    sentBeforeClose);
            c.require(row.succeeded() == TASKS, "every task succeeds after the resume", row.succeeded());
            return new Verdict(row, c.violations());
        }
    }

    /**
     * The client goes away after its submits were acknowledged; while it is down, longer than the deadline, the
     * vendor finishes every task. A new client resumes: it must ask before declaring a timeout, so every task
     * ends SUCCEEDED as the vendor says. The vendor and both clients share a clock the test moves (no waiting).
     */
    static Verdict outageLongerThanDeadline(UnaryOperator<MjProvider> stack) throws Exception {
        String scenario = "resume after an outage longer than the deadline";
        TestClock clock = new TestClock();
        try (FaultRun run = FaultRun.start(scenario, stack, clock)) {
            Mj first = run.open(b -> b.deadline(ActionKind.IMAGINE, Duration.ofMinutes(1)));
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                tasks.add(first.imagine("outage #" + i + " a lighthouse"));
            }
            CompletableFuture.allOf(tasks.stream().map(t -> run.when(t, s -> s.vendorTaskId().isPresent()))
                    .toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            first.close();
            clock.advance(Duration.ofHours(2));
            Mj second = run.open(b -> b.deadline(ActionKind.IMAGINE, Duration.ofMinutes(1)));
            List<Task> resumed = second.resumeActive();
            FaultRun.awaitEnds(resumed, BOUND);
            List<String> refs = tasks.stream().map(Task::id).toList();
            IdentityRow row = run.rowFromStore(scenario, refs, resumed.stream().collect(Collectors.toMap(Task::id, t -> t)));
            Checks c = new Checks();
            c.safe(row);
            c.require(resumed.size() == TASKS, "every acknowledged task is resumed", resumed.size());
            c.require(row.succeeded() == TASKS, "every task ends SUCCEEDED as the vendor says, none TIMEOUT", row.succeeded());
            return new Verdict(row, c.violations());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static FailureCategory category(TaskSnapshot s) {
        return s.failure().map(f -> f.category()).orElse(null);
    }

    private static int rank(TaskStatus s) {
        return switch (s) {
            case SUBMITTING, UNKNOWN -> 0;
            case QUEUED -> 1;
            case RUNNING, NEEDS_INPUT -> 2;
            default -> 3;
        };
    }

    /** Statuses never go back, and progress never goes back within the same status rank. */
    static boolean monotonic(List<TaskSnapshot> heard) {
        int lastRank = -1;
        int lastProgress = -1;
        for (TaskSnapshot s : heard) {
            int r = rank(s.status());
            int p = s.progress().orElse(-1);
            if (r < lastRank || r == lastRank && p >= 0 && p < lastProgress) {
                return false;
            }
            if (r > lastRank) {
                lastProgress = -1;
            }
            lastRank = r;
            lastProgress = Math.max(lastProgress, p);
        }
        return true;
    }

    private static int post(HttpClient http, URI uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return reply.statusCode();
    }
}
