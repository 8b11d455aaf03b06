package io.mj4j.store.jdbc;

import io.mj4j.core.store.TaskRecord;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three engine processes share one PostgreSQL store with leases; one is killed (SIGKILL) with its tasks in
 * flight. Its tasks move to the survivors once their leases expire: every task finishes, exactly once.
 */
@DisplayName("Several engine processes on PostgreSQL with leases")
class PostgresSeveralNodesTest {
    private static final int PER_NODE = 40;
    @TempDir
    Path dir;
    private String url;
    private MjSandbox sandbox;
    private final List<Process> nodes = new ArrayList<>();
    private final Map<String, String> endedBy = new ConcurrentHashMap<>();
    private final Map<String, Integer> endCount = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> allEnded = new CompletableFuture<>();
    private volatile Set<String> expected = Set.of();

    @BeforeEach
    void start() throws Exception {
        Postgres.assumeConfigured();
        url = Postgres.freshSchemaUrl();
        JdbcTaskStore.postgres(url, Postgres.user(), Postgres.password()).close(); // migrate once, up front
        sandbox = MjSandbox.start("gptunnel", SandboxOptions.builder().timeScale(0.2).seed(11).build());
    }

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(Process::destroyForcibly);
        if (sandbox != null) {
            sandbox.close();
        }
        if (url != null) {
            Postgres.dropSchemaOf(url);
        }
    }

    @Test
    @DisplayName("a node killed mid-run: its tasks move to the others after the lease; every task ends once, none is sent twice")
    void nodeDiesOthersTakeOver() throws Exception {
        CompletableFuture<String> aReady = new CompletableFuture<>();
        CompletableFuture<String> bReady = new CompletableFuture<>();
        CompletableFuture<String> cReady = new CompletableFuture<>();
        Process a = node("node-a", PER_NODE, aReady);
        Process b = node("node-b", PER_NODE, bReady);
        node("node-c", 0, cReady);
        CompletableFuture.allOf(aReady, bReady, cReady).get(120, TimeUnit.SECONDS);

        a.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: its leases stop being renewed
        List<TaskRecord> all = new ArrayList<>();
        try (JdbcTaskStore store = JdbcTaskStore.postgres(url, Postgres.user(), Postgres.password())) {
            all.addAll(store.recent(10_000));
            expected = all.stream().map(TaskRecord::id).collect(Collectors.toSet());
            checkDone();
            allEnded.get(120, TimeUnit.SECONDS);

            assertThat(all).hasSize(2 * PER_NODE);
            assertThat(sandbox.counters().tasksCreated()).as("no task submitted twice").isEqualTo(2L * PER_NODE);
            for (TaskRecord r : all) {
                TaskRecord now = store.find(r.id()).orElseThrow();
                assertThat(now.snapshot().status()).as("task %s", r.id()).isEqualTo(TaskStatus.SUCCEEDED);
                List<TaskSnapshot> history = store.transitions(r.id());
                assertThat(history.stream().filter(TaskSnapshot::isTerminal)).as("terminal transitions of %s", r.id()).hasSize(1);
            }
        }
        assertThat(endCount.values()).as("every task heard ending once, by one node").allMatch(n -> n == 1);
        Set<String> aTasks = all.stream().filter(r -> r.action().toString().contains("node-a")).map(TaskRecord::id).collect(Collectors.toSet());
        Set<String> finishers = new HashSet<>();
        aTasks.forEach(id -> finishers.add(endedBy.get(id)));
        assertThat(finishers).as("node-a's tasks were finished by the survivors").doesNotContain("node-a", null);
    }

    private synchronized void checkDone() {
        if (!expected.isEmpty() && endedBy.keySet().containsAll(expected)) {
            allEnded.complete(null);
        }
    }

    private Process node(String id, int count, CompletableFuture<String> ready) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), LeaseNode.class.getName(), "gptunnel", id, Integer.toString(count), url);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve(id + "-stderr.txt").toFile());
        pb.environment().putAll(sandbox.environment());
        Process p = pb.start();
        nodes.add(p);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    if (l.startsWith("READY")) {
                        ready.complete(l);
                    } else if (l.startsWith("END ")) {
                        String task = l.split(" ")[1];
                        endedBy.put(task, id);
                        endCount.merge(task, 1, Integer::sum);
                        checkDone();
                    }
                }
                ready.completeExceptionally(new IllegalStateException(id + " ended before READY"));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, id + "-stdout");
        reader.setDaemon(true);
        reader.start();
        return p;
    }
}
