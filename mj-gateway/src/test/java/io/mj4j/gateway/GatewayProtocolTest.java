package io.mj4j.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.sandbox.Ledger;
import io.mj4j.spi.ActionKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.mj4j.gateway.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol as a client in any language sees it, over raw HTTP: authentication, the result codes of bad input
 * (answered before anything reaches the vendor: the vendor's request counter does not move), the buttons the gateway
 * issues and honours, the legacy change endpoints, describe/blend/shorten with base64 images, batch fetch and list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayProtocolTest {
    GatewayFixture f;

    @BeforeAll
    void start(@TempDir Path dir) {
        f = new GatewayFixture(dir, b -> { });
    }

    @AfterAll
    void stop() {
        f.close();
    }

    String submitted(Wire.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.code()).as(r.body()).isEqualTo(1);
        return r.json().path("result").asText();
    }

    /** Waits (bounded) for the engine to end the task, then reads it as the client does. */
    JsonNode finished(String id) throws Exception {
        f.gateway.mj().resume(id).completion().handle((s, e) -> s).get(60, TimeUnit.SECONDS);
        Wire.Reply r = f.app().get("/task/" + id + "/fetch");
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    /** The vendor's request count does not move while {@code action} runs: nothing was sent upstream. */
    Wire.Reply nothingSent(Supplier<Wire.Reply> action) {
        long before = f.vendor.counters().requests();
        Wire.Reply r = action.get();
        assertThat(f.vendor.counters().requests()).as("requests reaching the vendor").isEqualTo(before);
        return r;
    }

    static String png() {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(Masks.of(64, 64));
    }

    @Nested
    @DisplayName("authentication (mjproxy.md §2)")
    class Authentication {
        @Test
        @DisplayName("a missing or wrong secret is 401 with an empty body, and nothing reaches the vendor")
        void refused() {
            for (Wire w : List.of(f.app().as(null, null), f.app().as("mj-api-secret", "wrong-secret-123"),
                    f.app().as("Authorization", "Bearer wrong-secret-123"))) {
                Wire.Reply r = nothingSent(() -> w.post("/submit/imagine", json("prompt", "a cat")));
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.body()).isEmpty();
            }
        }

        @Test
        @DisplayName("mj-api-secret and Authorization: Bearer both work; a client sees only its own tasks")
        void ownership() throws Exception {
            String mine = submitted(f.app().post("/submit/imagine", json("prompt", "a lighthouse")));
            String theirs = submitted(f.other().post("/submit/imagine", json("prompt", "a harbour")));
            finished(mine);
            assertThat(f.other().get("/task/" + mine + "/fetch").body()).isEmpty();
            assertThat(f.app().get("/task/" + theirs + "/fetch").body()).isEmpty();
            assertThat(f.other().post("/task/list-by-condition", json("ids", List.of(mine, theirs))).json())
                    .extracting(n -> n.path("id").asText()).containsExactly(theirs);
            JsonNode task = f.app().get("/task/" + mine + "/fetch").json();
            String u1 = task.path("buttons").get(0).path("customId").asText();
            Wire.Reply click = nothingSent(() -> f.other().post("/submit/action", json("taskId", mine, "customId", u1)));
            assertThat(click.code()).isEqualTo(3);
        }
    }

    @Nested
    @DisplayName("bad input gets the protocol's codes before anything is sent upstream (§4)")
    class BadInput {
        @Test
        void code4() {
            List<Wire.Reply> replies = new ArrayList<>();
            replies.add(nothingSent(() -> f.app().post("/submit/imagine", json("prompt", "  "))));
            replies.add(nothingSent(() -> f.app().post("/submit/imagine", "{not json")));
            replies.add(nothingSent(() -> f.app().post("/submit/imagine", json("prompt", "a cat --ar 0:5"))));
            replies.add(nothingSent(() -> f.app().post("/submit/imagine", json("prompt", "a cat", "base64Array", List.of("aGVsbG8=")))));
            replies.add(nothingSent(() -> f.app().post("/submit/imagine", json("prompt", "a cat", "notifyHook", "ftp://example.com/x"))));
            replies.add(nothingSent(() -> f.app().post("/submit/blend", json("base64Array", List.of(png())))));
            replies.add(nothingSent(() -> f.app().post("/submit/blend", json("base64Array", List.of(png(), png()), "dimensions", "ROUND"))));
            replies.add(nothingSent(() -> f.app().post("/submit/describe", json())));
            replies.add(nothingSent(() -> f.app().post("/submit/shorten", json())));
            replies.add(nothingSent(() -> f.app().post("/submit/simple-change", json("content", "12345 X9"))));
            replies.add(nothingSent(() -> f.app().post("/submit/change", json("taskId", "123", "action", "UPSCALE", "index", 5))));
            replies.add(nothingSent(() -> f.app().post("/submit/change", json("taskId", "123", "action", "ZOOM", "index", 1))));
            replies.add(nothingSent(() -> f.app().post("/submit/action", json("taskId", "123"))));
            replies.add(nothingSent(() -> f.app().post("/task/list-by-condition", json("ids", "not-a-list"))));
            assertThat(replies).allSatisfy(r -> {
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.code()).as(r.body()).isEqualTo(4);
                assertThat(r.json().has("result")).as(r.body()).isFalse();
            });
        }

        @Test
        @DisplayName("an unknown parent is code 3; an unknown task is an empty 200 on fetch and absent from lists")
        void unknown() {
            Wire.Reply change = nothingSent(() -> f.app().post("/submit/change", json("taskId", "1730621718151844", "action", "UPSCALE", "index", 1)));
            assertThat(change.code()).isEqualTo(3);
            assertThat(change.json().path("description").asText()).contains("关联任务不存在或已失效");
            assertThat(nothingSent(() -> f.app().post("/submit/action", json("taskId", "1730621718151844", "customId", "MJ::JOB::upsample::1::x"))).code()).isEqualTo(3);
            assertThat(nothingSent(() -> f.app().post("/submit/modal", json("taskId", "1730621718151844"))).code()).isEqualTo(3);
            Wire.Reply fetch = nothingSent(() -> f.app().get("/task/1730621718151844/fetch"));
            assertThat(fetch.status()).isEqualTo(200);
            assertThat(fetch.body()).isEmpty();
            assertThat(nothingSent(() -> f.app().post("/task/list-by-condition", json("ids", List.of("1", "2")))).body()).isEqualTo("[]");
            assertThat(f.app().post("/task/list-by-condition", json()).body()).isEqualTo("[]");
            Wire.Reply nowhere = f.app().post("/submit/nowhere", json());
            assertThat(nowhere.status()).isEqualTo(404);
        }

        @Test
        @DisplayName("a click is honoured only with a customId the gateway issued for that very task")
        void customIds() throws Exception {
            String a = submitted(f.app().post("/submit/imagine", json("prompt", "a red fox")));
            String b = submitted(f.app().post("/submit/imagine", json("prompt", "a blue fox")));
            JsonNode ta = finished(a);
            JsonNode tb = finished(b);
            String u1OfB = tb.path("buttons").get(0).path("customId").asText();
            assertThat(u1OfB).startsWith("MJ::JOB::upsample::1::");
            // b's button on a, a made-up one in a real-looking pattern, and a modal step on a finished task: code 4, nothing sent
            assertThat(nothingSent(() -> f.app().post("/submit/action", json("taskId", a, "customId", u1OfB))).code()).isEqualTo(4);
            String forged = ta.path("buttons").get(0).path("customId").asText().replace("upsample::1", "upsample::7");
            assertThat(nothingSent(() -> f.app().post("/submit/action", json("taskId", a, "customId", forged))).code()).isEqualTo(4);
            assertThat(nothingSent(() -> f.app().post("/submit/modal", json("taskId", a, "prompt", "x"))).code()).isEqualTo(4);
            // the right one goes through, to the vendor, once
            String u1 = submitted(f.app().post("/submit/action", json("taskId", a, "customId", ta.path("buttons").get(0).path("customId").asText())));
            assertThat(finished(u1).path("status").asText()).isEqualTo("SUCCESS");
            assertThat(f.vendor.ledger().forReference(u1)).singleElement().extracting(Ledger.Entry::kind).isEqualTo(ActionKind.UPSCALE);
        }
    }

    @Nested
    @DisplayName("submit endpoints (§5)")
    class Endpoints {
        @Test
        @DisplayName("imagine, then U/V/R through /submit/change and /submit/simple-change; list and batch fetch show them")
        void legacyChange() throws Exception {
            String grid = submitted(f.app().post("/submit/imagine", json("prompt", "a castle --ar 16:9", "state", "order-7")));
            JsonNode g = finished(grid);
            assertThat(g.path("status").asText()).isEqualTo("SUCCESS");
            assertThat(g.path("progress").asText()).isEqualTo("100%");
            assertThat(g.path("action").asText()).isEqualTo("IMAGINE");
            assertThat(g.path("state").asText()).isEqualTo("order-7");
            assertThat(g.path("imageUrl").asText()).startsWith("http://");
            assertThat(g.path("buttons")).extracting(n -> n.path("label").asText()).contains("U1", "U4", "V1", "V4");
            String u3 = submitted(f.app().post("/submit/simple-change", json("content", grid + " U3")));
            String v2 = submitted(f.app().post("/submit/change", json("taskId", grid, "action", "VARIATION", "index", 2)));
            String r = submitted(f.app().post("/submit/simple-change", json("content", grid + " r")));
            assertThat(finished(u3).path("action").asText()).isEqualTo("UPSCALE");
            assertThat(finished(v2).path("action").asText()).isEqualTo("VARIATION");
            assertThat(finished(r).path("action").asText()).isEqualTo("REROLL");
            JsonNode batch = f.app().post("/task/list-by-condition", json("ids", List.of(grid, u3, v2, r, "999"))).json();
            assertThat(batch).extracting(n -> n.path("id").asText()).containsExactly(grid, u3, v2, r);
            assertThat(batch).allSatisfy(n -> assertThat(n.path("status").asText()).isEqualTo("SUCCESS"));
            JsonNode page = f.app().post("/task/query", json("state", "order-7")).json();
            assertThat(page.path("content")).extracting(n -> n.path("id").asText()).containsExactly(grid);
            for (String id : List.of(grid, u3, v2, r)) {
                assertThat(f.vendor.ledger().forReference(id)).hasSize(1);
            }
        }

        @Test
        @DisplayName("describe and blend take base64 data URLs (served to the vendor by the gateway); shorten; image-seed")
        void imagesAndTexts() throws Exception {
            String d = submitted(f.app().post("/submit/describe", json("base64", png())));
            JsonNode described = finished(d);
            assertThat(described.path("status").asText()).isEqualTo("SUCCESS");
            assertThat(described.path("properties").path("finalPrompt").asText()).startsWith("1\uFE0F\u20E3");
            String b = submitted(f.app().post("/submit/blend", json("base64Array", List.of(png(), png()), "dimensions", "LANDSCAPE")));
            assertThat(finished(b).path("status").asText()).isEqualTo("SUCCESS");
            String s = submitted(f.app().post("/submit/shorten", json("prompt", "a very very detailed red fox in the snow")));
            JsonNode shortened = finished(s);
            assertThat(shortened.path("action").asText()).isEqualTo("SHORTEN");
            assertThat(shortened.path("properties").path("finalPrompt").asText()).isNotBlank();
            // the uploaded image is served, byte for byte, at the URL the vendor was given
            String url = described.path("description").asText().substring("/describe ".length());
            assertThat(url).startsWith(f.gateway.uri() + "/mj/image/");
            try (java.io.InputStream in = java.net.URI.create(url).toURL().openStream()) {
                assertThat(in.readAllBytes()).isEqualTo(Masks.of(64, 64));
            }
            String grid = submitted(f.app().post("/submit/imagine", json("prompt", "a seeded fox")));
            assertThat(finished(grid).path("properties").path("messageHash").asText()).isNotBlank();
            Wire.Reply seed = f.app().get("/task/" + grid + "/image-seed");
            assertThat(seed.code()).as(seed.body()).isEqualTo(1);
            assertThat(seed.json().path("result").asText()).matches("\\d+");
        }

        @Test
        @DisplayName("a Vary (Region) click answers 21 with a MODAL task; the modal without a mask is code 4; with one it runs once")
        void modal() throws Exception {
            String grid = submitted(f.app().post("/submit/imagine", json("prompt", "a boat")));
            JsonNode g = finished(grid);
            String up = submitted(f.app().post("/submit/action", json("taskId", grid, "customId", g.path("buttons").get(0).path("customId").asText())));
            JsonNode u = finished(up);
            String inpaint = null;
            for (JsonNode button : u.path("buttons")) {
                if (button.path("customId").asText().startsWith("MJ::Inpaint::")) {
                    inpaint = button.path("customId").asText();
                }
            }
            assertThat(inpaint).isNotNull();
            String click = inpaint;
            Wire.Reply r = nothingSent(() -> f.app().post("/submit/action", json("taskId", up, "customId", click)));
            assertThat(r.code()).isEqualTo(21);
            String modalId = r.json().path("result").asText();
            assertThat(f.app().get("/task/" + modalId + "/fetch").json().path("status").asText()).isEqualTo("MODAL");
            assertThat(nothingSent(() -> f.app().post("/submit/modal", json("taskId", modalId, "prompt", "a scarf"))).code()).isEqualTo(4);
            String mask = "data:image/png;base64," + Base64.getEncoder().encodeToString(Masks.forImage(java.net.URI.create(u.path("imageUrl").asText())));
            assertThat(submitted(f.app().post("/submit/modal", json("taskId", modalId, "prompt", "a scarf", "maskBase64", mask)))).isEqualTo(modalId);
            assertThat(nothingSent(() -> f.app().post("/submit/modal", json("taskId", modalId, "maskBase64", mask))).code()).isEqualTo(4);
            assertThat(finished(modalId).path("status").asText()).isEqualTo("SUCCESS");
            assertThat(f.vendor.ledger().forReference(modalId)).singleElement().extracting(Ledger.Entry::kind).isEqualTo(ActionKind.VARY_REGION);
        }
    }
}
