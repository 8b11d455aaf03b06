package io.mj4j.sandbox.faults;

import io.mj4j.core.CallbackServer;
import io.mj4j.core.JdkTransport;
import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.Task;
import io.mj4j.sandbox.Faults;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine driven through every fault the sandbox can make, on the midjourney-proxy simulator (it has
 * lookup by reference, callbacks and batch fetch). For each scenario: tasks the application submitted,
 * tasks created at the vendor, final statuses, tasks lost (no final word), duplicate submits (more vendor
 * tasks than application tasks) and orphans (vendor tasks the engine never learned of). The table is
 * printed at the end and written to {@code target/fault-table.md}; README's reliability section copies it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Fault suite: nothing lost, nothing twice")
class FaultSuiteTest {
    private static final int TASKS = 12;
    private static final List<String> ROWS = new ArrayList<>();
    private static final byte[] SECRET = "fault-suite-callback-secret".getBytes(StandardCharsets.UTF_8);

    /** One scenario's outcome. */
    record Row(String scenario, int tasks, long created, long succeeded, long failed, long unknown, long lost, long duplicates,
               long orphans) {
        String markdown() {
            return "| " + scenario + " | " + tasks + " | " + created + " | " + succeeded + " | " + failed + " | " + unknown
                    + " | " + lost + " | " + duplicates + " | " + orphans + " |";
        }
    }

    private Row run(String scenario, Consumer<Faults> before, Consumer<Mj.Builder> engine, boolean callbacks) throws Exception {
        try (MjSandbox vendor = MjSandbox.start("mjproxy", SandboxOptions.builder().timeScale(0.02).seed(scenario.hashCode()).build());
             CallbackServer server = callbacks ? CallbackServer.start(new InetSocketAddress("127.0.0.1", 0), "/cb") : null) {
            Mj.Builder b = Mj.builder().environment(vendor.environment()).provider("mjproxy")
                    .transport(JdkTransport.builder().requestTimeout(Duration.ofSeconds(1)).build())
                    .pollOptions(new PollOptions(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(3), 2.0, 0.1))
                    .deadline(ActionKind.IMAGINE, Duration.ofSeconds(40));
            if (server != null) {
                b.callbacks(server.uri(), SECRET);
            }
            engine.accept(b);
            try (Mj mj = b.build()) {
                if (server != null) {
                    server.serve(mj.callbackReceiver().orElseThrow());
                }
                before.accept(vendor.faults());
                List<Task> tasks = new ArrayList<>();
                for (int i = 0; i < TASKS; i++) {
                    tasks.add(mj.imagine("fault " + scenario.hashCode() + " #" + i + " a lighthouse"));
                }
                CompletableFuture<?>[] ends = tasks.stream().map(t -> t.completion().handle((s, e) -> null)).toArray(CompletableFuture[]::new);
                try {
                    CompletableFuture.allOf(ends).get(90, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // counted as lost below
                }
                return row(scenario, vendor, tasks);
            }
        }
    }

    private static Row row(String scenario, MjSandbox vendor, List<Task> tasks) {
        long succeeded = tasks.stream().filter(t -> t.snapshot().status() == TaskStatus.SUCCEEDED).count();
        long failed = tasks.stream().filter(t -> t.snapshot().status() == TaskStatus.FAILED).count();
        long unknown = tasks.stream().filter(t -> t.snapshot().status() == TaskStatus.UNKNOWN && t.completion().isDone()).count();
        long lost = tasks.size() - succeeded - failed - unknown;
        long created = vendor.counters().tasksCreated();
        long acknowledged = tasks.stream().filter(t -> t.snapshot().vendorTaskId().isPresent()).count();
        Row r = new Row(scenario, tasks.size(), created, succeeded, failed, unknown, lost, Math.max(0, created - tasks.size()),
                Math.max(0, created - acknowledged));
        ROWS.add(r.markdown());
        return r;
    }

    private static void assertSafe(Row r) {
        assertThat(r.lost()).as("%s: tasks lost", r.scenario()).isZero();
        assertThat(r.duplicates()).as("%s: duplicate submits", r.scenario()).isZero();
        assertThat(r.orphans()).as("%s: vendor tasks the engine never learned of", r.scenario()).isZero();
    }

    @Test
    @Order(1)
    @DisplayName("no faults: every task succeeds")
    void baseline() throws Exception {
        Row r = run("no faults", f -> { }, b -> { }, false);
        assertSafe(r);
        assertThat(r.succeeded()).isEqualTo(TASKS);
    }

    @Test
    @Order(2)
    @DisplayName("connections dropped before the vendor read the submit: UNKNOWN or found by lookup, never resent")
    void dropBefore() throws Exception {
        assertSafe(run("connection dropped before the submit was read", f -> f.dropConnectionNext(4), b -> { }, false));
    }

    @Test
    @Order(3)
    @DisplayName("connections dropped after the vendor created the task: reconciled by lookup, never resent")
    void dropAfterCreate() throws Exception {
        Row r = run("connection dropped after the task was created", f -> f.dropAfterCreateNext(4), b -> { }, false);
        assertSafe(r);
        assertThat(r.succeeded()).isEqualTo(TASKS);
    }

    @Test
    @Order(4)
    @DisplayName("replies slower than the client's timeout: reconciled by lookup, never resent")
    void timeoutAfterSend() throws Exception {
        assertSafe(run("reply slower than the client timeout", f -> f.slowNext(4, Duration.ofMillis(1500)), b -> { }, false));
    }

    @Test
    @Order(5)
    @DisplayName("429 with Retry-After on submits: retried after the wait, one task each")
    void rateLimited() throws Exception {
        Row r = run("429 with Retry-After", f -> f.rateLimitNext(6, Duration.ofSeconds(1)), b -> { }, false);
        assertSafe(r);
        assertThat(r.succeeded()).isEqualTo(TASKS);
    }

    @Test
    @Order(6)
    @DisplayName("a storm of 500s on submits: ambiguous, so never resent; lookup finds nothing was created")
    void serverErrorStorm() throws Exception {
        assertSafe(run("5xx storm", f -> f.serverErrorNext(8), b -> { }, false));
    }

    @Test
    @Order(7)
    @DisplayName("malformed JSON on status queries: polled again, every task succeeds")
    void malformed() throws Exception {
        Row r = run("malformed JSON on polls", f -> f.malformedNext(5), b -> { }, false);
        assertSafe(r);
        assertThat(r.succeeded()).isEqualTo(TASKS);
    }

    @Test
    @Order(8)
    @DisplayName("truncated bodies on status queries: polled again, every task succeeds")
    void truncated() throws Exception {
        Row r = run("truncated bodies on polls", f -> f.truncatedNext(5), b -> { }, false);
        assertSafe(r);
        assertThat(r.succeeded()).isEqualTo(TASKS);
    }

    @Test
    @Order(9)
    @DisplayName("tasks stalling past the deadline end FAILED with TIMEOUT")
    void stalls() throws Exception {
        Row r = run("stall past the deadline", f -> f.stallRate(1.0), b -> b.deadline(ActionKind.IMAGINE, Duration.ofSeconds(6)), false);
        assertSafe(r);
        assertThat(r.failed()).isEqualTo(TASKS);
    }

    @Test
    @Order(10)
    @DisplayName("prompt rejections and vendor errors end FAILED with their category")
    void vendorFailures() throws Exception {
        Row r = run("prompt rejections and vendor errors", f -> f.promptRejectionRate(0.3).vendorErrorRate(0.3), b -> { }, false);
        assertSafe(r);
        assertThat(r.failed()).isPositive();
    }

    @Test
    @Order(11)
    @DisplayName("lost callbacks: polling finishes every task")
    void lostCallbacks() throws Exception {
        Row r = run("lost callbacks", f -> f.callbackLossRate(1.0), b -> { }, true);
        assertSafe(r);
        assertThat(r.succeeded()).isEqualTo(TASKS);
    }

    @Test
    @Order(12)
    @DisplayName("duplicated callbacks: each task ends once")
    void duplicatedCallbacks() throws Exception {
        Map<String, Integer> ends = new ConcurrentHashMap<>();
        Row r = run("duplicated callbacks", f -> f.duplicateCallbacks(true),
                b -> b.onUpdate((t, s) -> {
                    if (s.isTerminal()) {
                        ends.merge(t.id(), 1, Integer::sum);
                    }
                }), true);
        assertSafe(r);
        assertThat(ends.values()).hasSize(TASKS).allMatch(n -> n == 1);
    }

    @Test
    @Order(13)
    @DisplayName("out-of-order callbacks (a stale IN_PROGRESS after the end): dropped, the end stands")
    void outOfOrderCallbacks() throws Exception {
        Map<String, List<TaskStatus>> heard = new ConcurrentHashMap<>();
        List<Task> finished = new ArrayList<>();
        try (MjSandbox vendor = MjSandbox.start("mjproxy", SandboxOptions.builder().timeScale(0.02).build());
             CallbackServer server = CallbackServer.start(new InetSocketAddress("127.0.0.1", 0), "/cb");
             Mj mj = Mj.builder().environment(vendor.environment()).provider("mjproxy").callbacks(server.uri(), SECRET)
                     .pollOptions(new PollOptions(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(3), 2.0, 0.1))
                     .onUpdate((t, s) -> heard.computeIfAbsent(t.id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(s.status()))
                     .build()) {
            server.serve(mj.callbackReceiver().orElseThrow());
            for (int i = 0; i < TASKS; i++) {
                finished.add(mj.imagine("late " + i));
            }
            HttpClient http = HttpClient.newHttpClient();
            for (Task t : finished) {
                TaskSnapshot done = t.await(Duration.ofSeconds(60));
                String stale = "{\"id\":\"" + done.vendorTaskId().orElseThrow() + "\",\"status\":\"IN_PROGRESS\",\"progress\":\"40%\","
                        + "\"action\":\"IMAGINE\"}";
                HttpResponse<String> reply = post(http, mj.callbackReceiver().orElseThrow().urlFor(t.id()), stale);
                assertThat(reply.statusCode()).isIn(200, 404);
                assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
            }
            row("out-of-order callbacks", vendor, finished);
        }
        assertThat(heard.values()).allMatch(list -> list.get(list.size() - 1) == TaskStatus.SUCCEEDED);
        assertSafe(new Row("out-of-order", TASKS, TASKS, TASKS, 0, 0, 0, 0, 0));
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @AfterAll
    static void table() throws IOException {
        String header = "| scenario | tasks | created at vendor | succeeded | failed | unknown | lost | duplicates | orphans |\n"
                + "|---|---|---|---|---|---|---|---|---|\n";
        String table = header + String.join("\n", ROWS) + "\n";
        System.out.println("\nFault suite (midjourney-proxy sandbox, " + TASKS + " tasks per scenario):\n" + table);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("fault-table.md"), table);
        }
    }
}
