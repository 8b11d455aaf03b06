package io.mj4j.store.jdbc;

import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.Task;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.Action;
import io.mj4j.spi.SubmitOutcomeUnknownException;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing lost, nothing twice: an engine in a child JVM submits {@value #TASKS} imagine tasks to a sandbox this test
 * runs, is killed with SIGKILL while they are in flight, and a new engine on the same store resumes them. The
 * sandbox's counters and the store must agree: every stored task ends (or is UNKNOWN with the reason, and then the
 * vendor provably never got it), and no task reached the vendor twice or without the store knowing it.
 */
abstract class CrashRecoveryContract {
    static final int TASKS = 200;
    /** Imagine takes 45 s at real speed: 4.5 s here (plus or minus 30 %), long enough to be in flight at the kill. */
    static final double TIME_SCALE = 0.1;
    static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern CRASH_ID = Pattern.compile("crash-(\\d+)");

    @TempDir
    Path dir;

    /** The child's store arguments: {@code h2 <file>} or {@code pg <url>}. */
    protected abstract List<String> childStoreArguments();

    /** The same store, opened in this JVM once the child is dead. */
    protected abstract JdbcTaskStore openStore();

    /** A plain connection to that database. */
    protected abstract Connection connect() throws SQLException;

    /** What the database is called in the figures. */
    protected abstract String databaseName();

    @Test
    @DisplayName("killed after its 200 submits were acknowledged, the work is finished by a new engine: none lost, none sent twice")
    void killAfterAcknowledgement() throws Exception {
        Figures f = crashAndRecover("gptunnel", TASKS);

        assertThat(f.acknowledgedAtKill).isEqualTo(TASKS);
        assertThat(f.succeeded).as("every task succeeded").isEqualTo(TASKS);
        assertThat(f.unknown).isZero();
        assertThat(f.inFlightAtKill).as("tasks still running when the engine died").isGreaterThan(0);
        assertThat(f.finishedAfterRestart).isEqualTo(f.inFlightAtKill);
    }

    @Test
    @DisplayName("killed halfway through its 200 submits, a new engine reconciles the unanswered ones by lookup and never resubmits")
    void killWhileSubmitting() throws Exception {
        Figures f = crashAndRecover("acedata", TASKS / 2);

        assertThat(f.submittingAtKill).as("submits not yet answered when the engine died").isGreaterThan(0);
        assertThat(f.succeeded + f.unknown).isEqualTo(TASKS);
        assertThat(f.finishedAfterRestart).isEqualTo(f.succeeded - f.succeededAtKill);
    }

    /** Runs the crash and the recovery; asserts nothing lost and nothing twice; returns the figures. */
    private Figures crashAndRecover(String vendor, int readyAfter) throws Exception {
        Figures f = new Figures();
        try (MjSandbox sandbox = MjSandbox.start(vendor, SandboxOptions.builder().timeScale(TIME_SCALE).seed(7).build())) {
            // ---- the first engine, in its own JVM, killed while it works
            Process child = startChild(vendor, readyAfter, sandbox);
            try {
                String ready = awaitLine(child, "READY ");
                f.answeredAtReady = Integer.parseInt(ready.substring("READY ".length()).strip());
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child gone").isTrue();
            }
            Instant killedAt = Instant.now();
            f.vendorTasksAtKill = sandbox.counters().tasksCreated();
            f.runningAtVendorAtKill = sandbox.tasks().stream().filter(t -> !ended(t.phase(killedAt))).count();

            // ---- the store as the dead engine left it
            try (JdbcTaskStore store = openStore()) {
                Map<String, TaskRecord> atKill = all(store);
                f.storedAtKill = atKill.size();
                f.acknowledgedAtKill = atKill.values().stream().filter(r -> r.snapshot().vendorTaskId().isPresent()).count();
                f.submittingAtKill = atKill.values().stream().filter(r -> r.snapshot().status() == TaskStatus.SUBMITTING).count();
                f.succeededAtKill = atKill.values().stream().filter(r -> r.snapshot().status() == TaskStatus.SUCCEEDED).count();
                f.inFlightAtKill = store.findActive().size();
                assertThat(f.storedAtKill).as("every task was stored before its submit was sent").isEqualTo(TASKS);

                // ---- a new engine on the same store finishes the work
                long started = System.nanoTime();
                Map<String, Throwable> endings = new HashMap<>();
                try (Mj mj = Mj.builder().environment(sandbox.environment()).provider(vendor).store(store)
                        .pollOptions(new PollOptions(Duration.ZERO, Duration.ofMillis(200), Duration.ofSeconds(2), 2.0, 0.1)).build()) {
                    List<Task> resumed = mj.resumeActive();
                    f.resumed = resumed.size();
                    List<CompletableFuture<?>> done = new ArrayList<>();
                    for (Task t : resumed) {
                        done.add(t.completion().handle((s, e) -> {
                            synchronized (endings) {
                                endings.put(t.id(), e instanceof CompletionException c ? c.getCause() : e);
                            }
                            return null;
                        }));
                    }
                    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
                f.recoverySeconds = (System.nanoTime() - started) / 1e9;
                f.finishedAfterRestart = endings.values().stream().filter(e -> e == null).count();

                // ---- what the store and the vendor say now
                Map<String, TaskRecord> after = all(store);
                assertThat(after).hasSize(TASKS);
                for (TaskRecord r : after.values()) {
                    TaskStatus s = r.snapshot().status();
                    if (s == TaskStatus.SUCCEEDED) {
                        f.succeeded++;
                    } else if (s == TaskStatus.UNKNOWN) {
                        f.unknown++;
                        assertThat(endings.get(r.id())).as("task %s is UNKNOWN with its reason", r.id())
                                .isInstanceOf(SubmitOutcomeUnknownException.class);
                    } else if (!s.isTerminal()) {
                        f.lost++;
                    }
                    assertMonotonic(store.transitions(r.id()), r.id());
                }
                assertThat(f.lost).as("tasks neither ended nor UNKNOWN").isZero();

                Map<String, Long> atVendor = sandbox.tasks().stream()
                        .collect(Collectors.groupingBy(t -> crashId(t.prompt()), Collectors.counting()));
                f.vendorTasks = sandbox.counters().tasksCreated();
                f.duplicates = atVendor.values().stream().mapToLong(n -> n - 1).sum();
                long acknowledged = after.values().stream().filter(r -> r.snapshot().vendorTaskId().isPresent()).count();
                long distinctVendorIds = after.values().stream().map(r -> r.snapshot().vendorTaskId()).flatMap(Optional::stream)
                        .distinct().count();
                List<String> orphans = after.values().stream().filter(r -> r.snapshot().vendorTaskId().isEmpty())
                        .map(r -> crashId(((Action.Imagine) r.action()).prompt().text())).filter(atVendor::containsKey).toList();
                f.orphans = orphans.size();

                assertThat(f.duplicates).as("tasks the vendor got twice").isZero();
                assertThat(f.vendorTasks).as("vendor tasks = distinct acknowledged tasks in the store").isEqualTo(acknowledged)
                        .isEqualTo(distinctVendorIds).isEqualTo(atVendor.size());
                assertThat(orphans).as("UNKNOWN tasks the vendor did get").isEmpty();
                assertNoKeyStored(sandbox.apiKey());
            }
        }
        f.print(databaseName(), vendor);
        return f;
    }

    private Process startChild(String vendor, int readyAfter, MjSandbox sandbox) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                vendor, Integer.toString(TASKS), Integer.toString(readyAfter)));
        command.addAll(childStoreArguments());
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("child-stderr.txt").toFile());
        pb.environment().putAll(sandbox.environment()); // the key travels in the environment, not on the command line
        return pb.start();
    }

    /** The first stdout line of {@code child} that starts with {@code prefix}, waited for without sleeping. */
    private String awaitLine(Process child, String prefix) throws Exception {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    if (l.startsWith(prefix)) {
                        line.complete(l);
                    }
                }
                line.completeExceptionally(new IllegalStateException("the child ended before printing '" + prefix + "'"));
            } catch (IOException e) {
                line.completeExceptionally(e);
            }
        }, "crash-child-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return line.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("child did not get ready: " + e + "\n--- child stderr ---\n" + childStderr(), e);
        }
    }

    private String childStderr() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("child-stderr.txt"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private Map<String, TaskRecord> all(JdbcTaskStore store) throws SQLException {
        Map<String, TaskRecord> out = new HashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM mj4j_task")) {
            while (rs.next()) {
                String id = rs.getString(1);
                out.put(id, store.find(id).orElseThrow());
            }
        }
        return out;
    }

    /** Statuses never go back (SUBMITTING may become UNKNOWN: both rank 0), nothing follows a terminal one. */
    private static void assertMonotonic(List<TaskSnapshot> transitions, String id) {
        assertThat(transitions).as("transitions of %s", id).isNotEmpty();
        assertThat(transitions.get(0).status()).isEqualTo(TaskStatus.SUBMITTING);
        for (int i = 1; i < transitions.size(); i++) {
            TaskSnapshot prev = transitions.get(i - 1);
            TaskSnapshot next = transitions.get(i);
            assertThat(prev.isTerminal()).as("task %s changed after ending: %s", id, transitions).isFalse();
            assertThat(next.status().rank()).as("task %s went back: %s", id, transitions).isGreaterThanOrEqualTo(prev.status().rank());
        }
    }

    private void assertNoKeyStored(String key) throws SQLException {
        try (Connection c = connect();
             PreparedStatement p = c.prepareStatement("SELECT (SELECT COUNT(*) FROM mj4j_task WHERE action LIKE ? OR snapshot LIKE ?)"
                     + " + (SELECT COUNT(*) FROM mj4j_task_transition WHERE snapshot LIKE ?)")) {
            String like = "%" + key + "%";
            p.setString(1, like);
            p.setString(2, like);
            p.setString(3, like);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("rows holding the API key").isZero();
            }
        }
    }

    private static String crashId(String prompt) {
        Matcher m = CRASH_ID.matcher(prompt);
        return m.find() ? m.group() : "(no crash id) " + prompt;
    }

    private static boolean ended(SimTask.Phase p) {
        return p == SimTask.Phase.SUCCEEDED || p == SimTask.Phase.FAILED || p == SimTask.Phase.CANCELLED;
    }

    /** What one crash measured. */
    static final class Figures {
        int answeredAtReady;
        long vendorTasksAtKill;
        long runningAtVendorAtKill;
        long storedAtKill;
        long acknowledgedAtKill;
        long submittingAtKill;
        long succeededAtKill;
        long inFlightAtKill;
        long resumed;
        long finishedAfterRestart;
        long succeeded;
        long unknown;
        long lost;
        long vendorTasks;
        long duplicates;
        long orphans;
        double recoverySeconds;

        void print(String database, String vendor) {
            System.out.printf("CRASH-FIGURES %s/%s: stored=%d acknowledgedAtKill=%d submittingAtKill=%d inFlightAtKill=%d"
                            + " runningAtVendorAtKill=%d resumed=%d finishedAfterRestart=%d succeeded=%d unknown=%d lost=%d"
                            + " vendorTasks=%d reconciledByLookup=%d duplicates=%d orphans=%d recovery=%.1fs%n", database, vendor,
                    storedAtKill, acknowledgedAtKill, submittingAtKill, inFlightAtKill, runningAtVendorAtKill, resumed,
                    finishedAfterRestart, succeeded, unknown, lost, vendorTasks, vendorTasks - acknowledgedAtKill, duplicates, orphans,
                    recoverySeconds);
        }
    }
}
