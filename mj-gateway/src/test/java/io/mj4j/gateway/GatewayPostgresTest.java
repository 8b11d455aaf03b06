package io.mj4j.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.sandbox.Ledger;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.ActionKind;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.mj4j.gateway.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances on one PostgreSQL (a schema of their own): a task submitted to one is fetched and followed up
 * through the other, and when the first instance stops, the second takes over tracking its unfinished tasks (leases)
 * and finishes them; every task is one vendor task. Skipped, saying so, without {@code MJ_TEST_PG_URL} (CI sets it:
 * .ci/postgres.sh).
 */
class GatewayPostgresTest {
    private static final String KEY = "pg-client-secret-1";

    @Test
    @DisplayName("two instances share tasks; the survivor finishes the tasks of the one that stopped, each once at the vendor")
    void twoInstances() throws Exception {
        String url = System.getenv("MJ_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            System.err.println("SKIPPED: GatewayPostgresTest needs MJ_TEST_PG_URL (eval \"$(bash .ci/postgres.sh)\")");
        }
        Assumptions.assumeTrue(url != null && !url.isBlank(), "MJ_TEST_PG_URL is not set: PostgreSQL tests skipped (CI sets it)");
        String user = System.getenv().getOrDefault("MJ_TEST_PG_USER", "mj4j");
        String password = System.getenv().getOrDefault("MJ_TEST_PG_PASSWORD", "mj4j");
        String schema = "gw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String shared = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (MjSandbox vendor = MjSandbox.start("mjproxy", SandboxOptions.builder().timeScale(0.05).seed(5).build());
             HookReceiver hooks = new HookReceiver()) {
            Gateway a = start(vendor, shared, user, password, "node-a");
            List<String> ids = new ArrayList<>();
            try (Gateway b = start(vendor, shared, user, password, "node-b")) {
                Wire wa = new Wire(URI.create(a.uri() + "/mj"), "mj-api-secret", KEY);
                Wire wb = new Wire(URI.create(b.uri() + "/mj"), "mj-api-secret", KEY);
                for (int i = 0; i < 6; i++) {
                    Wire.Reply r = wa.post("/submit/imagine", json("prompt", "shared fox " + i, "notifyHook", hooks.uri().toString()));
                    assertThat(r.code()).as(r.body()).isEqualTo(1);
                    ids.add(r.json().path("result").asText());
                }
                // instance B sees A's tasks at once (one store)
                assertThat(wb.post("/task/list-by-condition", json("ids", ids)).json()).hasSize(ids.size());
                long unfinished = ids.stream().filter(id -> !wb.get("/task/" + id + "/fetch").json().path("status").asText().equals("SUCCESS")).count();
                assertThat(unfinished).as("tasks A leaves unfinished (B must take them over)").isPositive();
                a.close(); // A stops while its tasks run at the vendor: B takes them over when A's leases expire
                for (String id : ids) {
                    var ended = hooks.first(n -> n.path("id").asText().equals(id) && n.path("status").asText().equals("SUCCESS"));
                    JsonNode now = wb.get("/task/" + id + "/fetch").json();
                    JsonNode last = now.path("status").asText().equals("SUCCESS") ? now : ended.get(90, TimeUnit.SECONDS);
                    assertThat(last.path("status").asText()).isEqualTo("SUCCESS");
                }
                // a follow-up through B of a task A created goes to the same vendor, once
                JsonNode first = wb.get("/task/" + ids.get(0) + "/fetch").json();
                Wire.Reply up = wb.post("/submit/action", json("taskId", ids.get(0), "customId", first.path("buttons").get(0).path("customId").asText()));
                assertThat(up.code()).as(up.body()).isEqualTo(1);
                String upId = up.json().path("result").asText();
                b.mj().resume(upId).completion().get(60, TimeUnit.SECONDS);
                Ledger ledger = vendor.ledger();
                ledger.byReference().forEach((ref, tasks) -> assertThat(tasks).as("vendor tasks for %s", ref).hasSize(1));
                assertThat(ledger.byReference().keySet()).containsExactlyInAnyOrderElementsOf(concat(ids, upId));
                assertThat(ledger.forReference(upId)).singleElement().extracting(Ledger.Entry::kind).isEqualTo(ActionKind.UPSCALE);
            } finally {
                a.close();
            }
        } finally {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static Gateway start(MjSandbox vendor, String url, String user, String password, String node) {
        return Gateway.start(GatewaySettings.builder().provider("mjproxy").environment(vendor.environment())
                .jdbc(url, user, password).node(node, Duration.ofSeconds(2)).port(0)
                .clientKey(ClientKey.of("app", KEY)).build());
    }

    private static List<String> concat(List<String> ids, String more) {
        List<String> all = new ArrayList<>(ids);
        all.add(more);
        return all;
    }
}
