package io.mj4j.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.core.RetryOptions;
import io.mj4j.core.routing.PriceTable;
import io.mj4j.sandbox.Ledger;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Redaction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.mj4j.gateway.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Secrets, notifyHook callbacks, client budgets, vendor refusals and cancel, each on its own gateway. */
class GatewayGuaranteesTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("vendor keys never leave the gateway: not raw, not JSON-escaped, not in answers, fetches or hooks")
    void secrets() throws Exception {
        try (FakeVendor vendor = new FakeVendor(); HookReceiver hooks = new HookReceiver();
             Gateway g = Gateway.start(GatewaySettings.builder().provider("mjproxy").environment(vendor.environment())
                     .h2File(dir.resolve("gw")).port(0).secret(FakeVendor.EXTRA)
                     .engine(b -> b.retryOptions(RetryOptions.NONE)).build())) {
            Wire w = new Wire(java.net.URI.create(g.uri() + "/mj"), null, null);
            var hooked = hooks.first(n -> n.path("status").asText().equals("FAILURE"));
            Wire.Reply r = w.post("/submit/imagine", json("prompt", "echo my key", "notifyHook", hooks.uri().toString()));
            assertThat(vendor.submits.get()).isEqualTo(1);
            assertThat(r.code()).as(r.body()).isEqualTo(4);
            assertThat(r.body()).contains("bad key ****");
            List<String> seen = new ArrayList<>(List.of(r.body()));
            String id = w.post("/task/query", json()).json().path("content").get(0).path("id").asText();
            seen.add(w.get("/task/" + id + "/fetch").body());
            seen.add(w.get("/task/list").body());
            seen.add(hooked.get(30, TimeUnit.SECONDS).toString());
            String escaped = Wire.JSON.writeValueAsString(FakeVendor.KEY);
            escaped = escaped.substring(1, escaped.length() - 1);
            for (String body : seen) {
                assertThat(body).doesNotContain(FakeVendor.KEY, escaped, escaped.replace("/", "\\/"), "0123456789", "sk-live", FakeVendor.EXTRA);
            }
        }
    }

    @Test
    @DisplayName("notifyHook: the client hears its task's changes in order, ending with SUCCESS, with its state echoed")
    void notifyHook() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, b -> { }); HookReceiver hooks = new HookReceiver()) {
            var done = hooks.first(n -> n.path("status").asText().equals("SUCCESS"));
            Wire.Reply r = f.app().post("/submit/imagine", json("prompt", "a hooked fox", "state", "order-9", "notifyHook", hooks.uri().toString()));
            String id = r.json().path("result").asText();
            JsonNode last = done.get(60, TimeUnit.SECONDS);
            assertThat(last.path("id").asText()).isEqualTo(id);
            assertThat(last.path("state").asText()).isEqualTo("order-9");
            assertThat(last.path("buttons").size()).isGreaterThan(0);
            List<String> statuses = hooks.bodies.stream().map(b -> {
                try {
                    return Wire.JSON.readTree(b);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).filter(n -> n.path("id").asText().equals(id)).map(n -> n.path("status").asText()).toList();
            List<String> order = List.of("NOT_START", "SUBMITTED", "IN_PROGRESS", "SUCCESS");
            assertThat(statuses).isSortedAccordingTo((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
            assertThat(statuses).contains("SUCCESS").doesNotContain("FAILURE");
        }
    }

    @Test
    @DisplayName("a client key's budget: tasks past it are refused with code 4 and never reach the vendor; other keys go on")
    void budget() {
        try (GatewayFixture f = new GatewayFixture(dir, b -> b.clientKey(new ClientKey("capped", "capped-secret-123", Optional.of(new BigDecimal("2"))))
                .prices(PriceTable.in("USD").price("mjproxy", new BigDecimal("1")).build()))) {
            Wire capped = new Wire(f.base(), "Authorization", "Bearer capped-secret-123");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Wire.Reply r = capped.post("/submit/imagine", json("prompt", "fox " + i));
                assertThat(r.code()).as(r.body()).isEqualTo(1);
                ids.add(r.json().path("result").asText());
            }
            Wire.Reply third = capped.post("/submit/imagine", json("prompt", "fox 3"));
            assertThat(third.code()).as(third.body()).isEqualTo(4);
            assertThat(third.json().path("description").asText()).contains("budget of client key 'capped'");
            // the vendor's own ledger: tasks for exactly the two accepted ids (the engine's polls of those two go on
            // meanwhile, so a request count would race; the ledger names what the vendor created)
            assertThat(f.vendor.ledger().byReference().keySet()).as("vendor tasks by reference").containsExactlyInAnyOrderElementsOf(ids);
            assertThat(f.vendor.ledger().withoutReference()).as("vendor tasks without a reference").isEmpty();
            assertThat(f.app().post("/submit/imagine", json("prompt", "unlimited fox")).code()).isEqualTo(1);
            Ledger ledger = f.vendor.ledger();
            for (String id : ids) {
                assertThat(ledger.forReference(id)).hasSize(1);
            }
        }
    }

    @Test
    @DisplayName("vendor refusals come back with the protocol's codes: banned 24, queue full 23, no account 3")
    void refusals() throws Exception {
        try (FakeVendor vendor = new FakeVendor();
             Gateway g = Gateway.start(GatewaySettings.builder().provider("mjproxy").environment(vendor.environment())
                     .h2File(dir.resolve("gw")).port(0).engine(b -> b.retryOptions(RetryOptions.NONE)).build())) {
            Wire w = new Wire(java.net.URI.create(g.uri() + "/mj"), null, null);
            Wire.Reply banned = w.post("/submit/imagine", json("prompt", "a nude statue"));
            assertThat(banned.code()).as(banned.body()).isEqualTo(24);
            assertThat(w.post("/submit/imagine", json("prompt", "busy fox")).code()).isEqualTo(23);
            assertThat(w.post("/submit/imagine", json("prompt", "noaccount fox")).code()).isEqualTo(3);
            assertThat(vendor.submits.get()).isEqualTo(3);
            // refused tasks cost nothing and read as FAILURE
            JsonNode all = w.get("/task/list").json();
            assertThat(all).hasSize(3).allSatisfy(n -> assertThat(n.path("status").asText()).isEqualTo("FAILURE"));
        }
    }

    @Test
    @DisplayName("cancel: a queued task is cancelled at its vendor and reads CANCEL; a pending modal is cancelled locally")
    void cancel() throws Exception {
        MjSandbox queued = MjSandbox.start("mjproxy", SandboxOptions.builder().timeScale(0.01).queueTime(Duration.ofHours(2)).seed(3).build());
        try (GatewayFixture f = new GatewayFixture(queued, dir, b -> { })) {
            String id = f.app().post("/submit/imagine", json("prompt", "a slow fox")).json().path("result").asText();
            Wire.Reply c = f.app().post("/task/" + id + "/cancel", "");
            assertThat(c.code()).as(c.body()).isEqualTo(1);
            f.gateway.mj().resume(id).completion().handle((s, e) -> s).get(30, TimeUnit.SECONDS);
            assertThat(f.app().get("/task/" + id + "/fetch").json().path("status").asText()).isEqualTo("CANCEL");
            assertThat(f.vendor.ledger().forReference(id)).singleElement().satisfies(e -> assertThat(e.phase().name()).contains("CANCEL"));
        }
    }
}
