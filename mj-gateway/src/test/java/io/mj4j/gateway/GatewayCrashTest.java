package io.mj4j.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.sandbox.Ledger;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.mj4j.gateway.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway in its own JVM is killed (SIGKILL) in the middle of a burst of imagines from eight clients, then started
 * again on the same H2 file. Nothing the gateway answered is lost (every answered id finishes SUCCESS), nothing is
 * created twice at the vendor (the simulated vendor's books hold exactly one task per reference), and the vendor holds
 * no task the restarted gateway does not know (no orphans). Identities are counted in the vendor's ledger, not
 * totals. The test waits on the children's "listening" lines and on the client's notifyHooks, never on a clock.
 */
class GatewayCrashTest {
    private static final int REQUESTS = 40;
    private static final int CLIENTS = 8;
    private static final int KILL_AFTER = 15;

    @TempDir
    Path dir;

    @Test
    @DisplayName("kill -9 mid-burst, restart on the same H2 file: every answered task finishes, each exactly once at the vendor")
    void crashMidBurst() throws Exception {
        try (MjSandbox vendor = MjSandbox.start("mjproxy", SandboxOptions.builder().timeScale(0.01).seed(11).build());
             HookReceiver hooks = new HookReceiver()) {
            Path h2 = dir.resolve("gateway");
            Map<Integer, String> answered = new ConcurrentHashMap<>();
            Set<Integer> cutOff = ConcurrentHashMap.newKeySet();
            List<String> otherAnswers = new ArrayList<>();
            try (Child first = new Child(h2, "mjproxy", vendor.environment(), dir.resolve("child-1.log"))) {
                Wire w1 = new Wire(URI.create(first.uri() + "/mj"), null, null);
                CountDownLatch enough = new CountDownLatch(KILL_AFTER);
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                for (int i = 0; i < REQUESTS; i++) {
                    int n = i;
                    clients.submit(() -> {
                        try {
                            Wire.Reply r = w1.post("/submit/imagine", json("prompt", "burst fox " + n, "state", "burst-" + n,
                                    "notifyHook", hooks.uri().toString()));
                            if (r.code() == 1 || r.code() == 22) {
                                answered.put(n, r.json().path("result").asText());
                                enough.countDown();
                            } else {
                                synchronized (otherAnswers) {
                                    otherAnswers.add(r.body());
                                }
                            }
                        } catch (UncheckedIOException crashed) {
                            cutOff.add(n);
                        }
                    });
                }
                assertThat(enough.await(120, TimeUnit.SECONDS)).as("15 answers before the kill").isTrue();
                first.kill();
                clients.shutdown();
                assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(otherAnswers).isEmpty();
            assertThat(answered.size() + cutOff.size()).isEqualTo(REQUESTS);
            assertThat(cutOff).as("requests cut off by the kill").isNotEmpty();

            try (Child second = new Child(h2, "mjproxy", vendor.environment(), dir.resolve("child-2.log"))) {
                Wire w2 = new Wire(URI.create(second.uri() + "/mj"), null, null);
                // nothing lost: every answered id ends SUCCESS (heard by its hook, or already ended when fetched)
                for (String id : answered.values()) {
                    var ended = hooks.first(n -> n.path("id").asText().equals(id) && terminal(n));
                    JsonNode now = w2.get("/task/" + id + "/fetch").json();
                    assertThat(now).as("task %s after the restart", id).isNotNull();
                    JsonNode last = terminal(now) ? now : ended.get(60, TimeUnit.SECONDS);
                    assertThat(last.path("status").asText()).as("task %s", id).isEqualTo("SUCCESS");
                }
                // nothing twice at the vendor, and nothing there the gateway does not know
                Ledger ledger = vendor.ledger();
                assertThat(ledger.withoutReference()).isEmpty();
                ledger.byReference().forEach((ref, tasks) -> assertThat(tasks).as("vendor tasks for reference %s", ref).hasSize(1));
                assertThat(ledger.byReference().keySet()).containsAll(answered.values());
                List<String> refs = List.copyOf(ledger.byReference().keySet());
                JsonNode known = w2.post("/task/list-by-condition", json("ids", refs)).json();
                assertThat(known).extracting(n -> n.path("id").asText()).containsExactlyInAnyOrderElementsOf(refs);
                // a request cut off by the kill is findable by its state: at most one task, and not sent twice
                for (int n : cutOff) {
                    JsonNode page = w2.post("/task/query", json("state", "burst-" + n)).json();
                    assertThat(page.path("content").size()).as("tasks with state burst-%s", n).isLessThanOrEqualTo(1);
                }
                System.out.println("crash test: " + answered.size() + " answered before the kill, " + cutOff.size()
                        + " cut off; vendor tasks " + ledger.entries().size() + ", references " + refs.size());
            }
        }
    }

    private static boolean terminal(JsonNode task) {
        String s = task.path("status").asText();
        return s.equals("SUCCESS") || s.equals("FAILURE") || s.equals("CANCEL");
    }
}
