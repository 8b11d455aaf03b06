package io.mj4j.sandbox.gptunnel;

import io.mj4j.sandbox.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.sandbox.vendor.SimTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GPTunnel simulator on the wire, against shared/vendors/gptunnel.md (§n): plain {@link HttpClient} requests, a
 * clock the test moves, and the replies compared with the documented shapes in {@code src/test/resources/gptunnel/}.
 */
@DisplayName("The GPTunnel simulator on the wire")
class GptunnelWireTest {
    private static final Duration FINISH = Duration.ofMinutes(3);

    private final TestClock clock = new TestClock();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MjSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = MjSandbox.start("gptunnel", SandboxOptions.builder().clock(clock).timeScale(1).seed(11).build());
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUri() + pathAndQuery));
    }

    /** POST /v1/midjourney/{endpoint} with the bare key (§1) and a JSON body. */
    private HttpResponse<String> post(String endpoint, String json) throws IOException, InterruptedException {
        return send(request("/v1/midjourney/" + endpoint).header("Authorization", sandbox.apiKey())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(request(pathAndQuery).header("Authorization", sandbox.apiKey()).GET());
    }

    private JsonNode result(String taskId) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/v1/midjourney/result?taskId=" + taskId);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Fixtures.parse(r.body());
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Fixtures.parse(r.body());
    }

    private String created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        String id = json(r).path("id").asText();
        assertThat(id).as("§2: a 24-hex ObjectId").matches("[0-9a-f]{24}");
        return id;
    }

    private String imagine(String prompt) throws IOException, InterruptedException {
        return created(post("imagine", "{\"prompt\":\"" + prompt + "\"}"));
    }

    /** An imagine, run to done. */
    private String grid(String prompt) throws IOException, InterruptedException {
        String id = imagine(prompt);
        clock.advance(FINISH);
        return id;
    }

    /** U{image} of a finished grid, run to done. */
    private String upsampled(String gridId, int image) throws IOException, InterruptedException {
        String id = created(post("upsample", "{\"taskId\":\"" + gridId + "\",\"image\":" + image + "}"));
        clock.advance(FINISH);
        return id;
    }

    private BufferedImage download(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    private static void assertError(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r)).isEqualTo(Fixtures.tree("error-invalid.json", "message", message));
    }

    private static String mask(int width, int height, boolean gray) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width, height);
        g.setColor(gray ? Color.GRAY : Color.WHITE);
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    // ------------------------------------------------------------------ tests

    @Nested
    @DisplayName("imagine and /result")
    class CreateAndPoll {
        @Test
        @DisplayName("imagine answers the documented task object at once: idle, 0 %, no actions, no result, 18 roubles (§2, §3.1)")
        void imagineReply() throws Exception {
            HttpResponse<String> r = post("imagine", "{\"prompt\":\"a lighthouse --ar 16:9\"}");
            String id = created(r);

            assertThat(json(r)).isEqualTo(Fixtures.tree("imagine-created.json", "id", id));
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(1);
            assertThat(sandbox.tasks().get(0).attributes()).containsEntry("type", "imagine").containsEntry("cost", "18");
        }

        @Test
        @DisplayName("a task goes idle -> processing -> done as the clock moves, and percent only grows (§4)")
        void statusProgression() throws Exception {
            String id = imagine("a lighthouse --ar 16:9");

            clock.advance(Duration.ofSeconds(1));
            assertThat(result(id)).isEqualTo(Fixtures.tree("task.json", "id", id, "status", "idle", "percent", "0", "error", "null"));

            clock.advance(Duration.ofSeconds(19));
            JsonNode running = result(id);
            int percent = running.path("percent").asInt();
            assertThat(percent).isBetween(1, 99);
            assertThat(running).isEqualTo(Fixtures.tree("task.json", "id", id, "status", "processing",
                    "percent", Integer.toString(percent), "error", "null"));

            clock.advance(Duration.ofSeconds(5));
            assertThat(result(id).path("percent").asInt()).isGreaterThan(percent);

            clock.advance(FINISH);
            JsonNode done = result(id);
            String url = sandbox.tasks().get(0).gridUrl() + "?cache=100";
            assertThat(done).isEqualTo(Fixtures.tree("done-grid.json", "id", id, "parentId", "null", "type", "imagine", "result", url));
            assertThat(sandbox.counters().fetches()).isEqualTo(4);
        }

        @Test
        @DisplayName("the done grid's result is a URL string of a 2x2 PNG grid of the prompt's aspect ratio (§5)")
        void gridImage() throws Exception {
            String id = grid("a lighthouse --ar 16:9");

            BufferedImage png = download(result(id).path("result").asText());

            assertThat(png.getWidth()).isEqualTo(1024);
            assertThat(png.getHeight()).isEqualTo(576);
        }

        @Test
        @DisplayName("/result reports zeros in usage: the charge is on the create reply only (§2)")
        void resultUsageIsZero() throws Exception {
            String id = imagine("a fox");
            assertThat(result(id).path("usage").path("total_cost").asInt()).isZero();
            clock.advance(FINISH);
            assertThat(result(id).path("usage").path("total_cost").asInt()).isZero();
        }

        @Test
        @DisplayName("GPTunnel sends no callbacks (§8): a callback field in the body is ignored and nothing is posted")
        void noCallbacks() throws Exception {
            String id = created(post("imagine", "{\"prompt\":\"a fox\",\"callbackUrl\":\"http://127.0.0.1:9/hook\",\"webhook\":\"http://127.0.0.1:9/hook\"}"));
            clock.advance(FINISH);

            assertThat(result(id).path("status").asText()).isEqualTo("done");
            assertThat(sandbox.tasks().get(0).callbackUrl()).isEmpty();
            assertThat(sandbox.counters().callbacksSent()).isZero();
        }

        @Test
        @DisplayName("balance reports roubles: the starting figure less every charge, with the credit limit (§3.7)")
        void balance() throws Exception {
            imagine("a fox");
            imagine("a cat");
            created(post("imagine", "{\"prompt\":\"a dog\",\"useWalletBalance\":true}"));

            JsonNode org = json(get("/v1/balance"));
            JsonNode wallet = json(get("/v1/balance?useWalletBalance=true"));

            assertThat(org.path("object").asText()).isEqualTo("balance");
            assertThat(org.path("orgId").asText()).matches("[0-9a-f]{24}");
            assertThat(org.path("balance").decimalValue()).isEqualByComparingTo("964");
            assertThat(org.path("creditLimit").asInt()).isEqualTo(15000);
            assertThat(wallet.path("balance").decimalValue()).isEqualByComparingTo("482");
        }
    }

    @Nested
    @DisplayName("errors")
    class Errors {
        @Test
        @DisplayName("a missing, wrong or Bearer-prefixed key gets the documented 401 body verbatim, is counted, creates nothing (§1, §7)")
        void unauthorized() throws Exception {
            List<HttpResponse<String>> replies = new ArrayList<>();
            String body = "{\"prompt\":\"a fox\"}";
            replies.add(send(request("/v1/midjourney/imagine").POST(HttpRequest.BodyPublishers.ofString(body))));
            replies.add(send(request("/v1/midjourney/imagine").header("Authorization", "wrong-key").POST(HttpRequest.BodyPublishers.ofString(body))));
            replies.add(send(request("/v1/midjourney/imagine").header("Authorization", "Bearer " + sandbox.apiKey())
                    .POST(HttpRequest.BodyPublishers.ofString(body))));
            replies.add(send(request("/v1/midjourney/result?taskId=65589df803761c00010775ae").GET()));

            assertThat(replies).allSatisfy(r -> {
                assertThat(r.statusCode()).isEqualTo(401);
                assertThat(r.body()).isEqualTo(Fixtures.text("error-unauthorized.txt"));
            });
            assertThat(sandbox.counters().rejectedAuth()).isEqualTo(4);
            assertThat(sandbox.counters().tasksCreated()).isZero();
        }

        @Test
        @DisplayName("a missing prompt is the documented invalid_request_error (§3.1); a body that is not JSON too")
        void missingPrompt() throws Exception {
            assertError(post("imagine", "{}"), 400, "'prompt' is a required property");
            assertError(post("imagine", ""), 400, "'prompt' is a required property");
            assertError(post("imagine", "{\"prompt\":\"  \"}"), 400, "'prompt' must not be empty");
            assertError(post("imagine", "prompt=a+fox"), 400, "Request body must be a JSON object (Content-Type: application/json)");
            assertThat(sandbox.counters().tasksCreated()).isZero();
        }

        @Test
        @DisplayName("an unknown task id answers 404 in the error envelope; /result without taskId answers the page's 'id' quirk (§3.2)")
        void unknownTask() throws Exception {
            assertError(get("/v1/midjourney/result?taskId=65589df803761c00010775ae"), 404, "Task 65589df803761c00010775ae not found");
            assertError(get("/v1/midjourney/result"), 400, "'id' is a required property");
            assertError(post("upsample", "{\"taskId\":\"65589df803761c00010775ae\",\"image\":1}"), 404, "Task 65589df803761c00010775ae not found");
            assertThat(sandbox.counters().fetches()).as("every status query is counted").isEqualTo(2);
        }

        @Test
        @DisplayName("an unknown endpoint answers 404 in the error envelope")
        void unknownEndpoint() throws Exception {
            assertError(post("blend", "{}"), 404, "Unknown endpoint POST /v1/midjourney/blend");
            assertError(get("/v1/midjourney/imagine"), 404, "Unknown endpoint GET /v1/midjourney/imagine");
        }

        @Test
        @DisplayName("an injected rate limit is a 429 with Retry-After and the envelope; a server error a 500; nothing is created")
        void faults() throws Exception {
            sandbox.faults().rateLimitNext(1, Duration.ofSeconds(7)).serverErrorNext(1);

            HttpResponse<String> limited = post("imagine", "{\"prompt\":\"a fox\"}");
            HttpResponse<String> broken = post("imagine", "{\"prompt\":\"a fox\"}");

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(json(limited)).isEqualTo(Fixtures.tree("error-rate-limited.json"));
            assertThat(broken.statusCode()).isEqualTo(500);
            assertThat(json(broken)).isEqualTo(Fixtures.tree("error-server.json"));
            assertThat(sandbox.counters().tasksCreated()).isZero();
            assertThat(sandbox.counters().faultsInjected()).isEqualTo(2);
        }

        @Test
        @DisplayName("a moderated prompt ends 'failed' with its reason in error; a vendor failure too, with its own text (§4, §12)")
        void failures() throws Exception {
            sandbox.faults().promptRejectionRate(1.0);
            String rejected = imagine("a forbidden thing");
            sandbox.faults().promptRejectionRate(0).vendorErrorRate(1.0);
            String broken = imagine("a fox");
            clock.advance(FINISH);

            JsonNode r = result(rejected);
            JsonNode b = result(broken);

            SimTask rejectedTask = sandbox.tasks().get(0);
            assertThat(r).isEqualTo(Fixtures.tree("task.json", "id", rejected, "status", "failed",
                    "percent", r.path("percent").asText(), "error", Fixtures.JSON.valueToTree(rejectedTask.failureMessage()).toString()));
            assertThat(r.path("error").asText()).startsWith("Banned prompt detected");
            assertThat(b.path("status").asText()).isEqualTo("failed");
            assertThat(b.path("error").asText()).isEqualTo("Midjourney job failed: upstream GPU error");
            assertThat(b.path("result").isNull()).isTrue();
            assertThat(b.path("actions")).isEmpty();
        }

        @Test
        @DisplayName("a stalled task stays 'processing' at 47 % forever")
        void stall() throws Exception {
            sandbox.faults().stallRate(1.0);
            String id = imagine("a fox");
            clock.advance(Duration.ofHours(5));

            JsonNode r = result(id);

            assertThat(r.path("status").asText()).isEqualTo("processing");
            assertThat(r.path("percent").asInt()).isEqualTo(47);
        }
    }

    @Nested
    @DisplayName("follow-ups by parent taskId (§6)")
    class FollowUps {
        @Test
        @DisplayName("upsample of a finished grid is a free single-image task whose parentId is the grid; done, it shows a 512x288 PNG and Vary words (§3.3)")
        void upsample() throws Exception {
            String grid = grid("a lighthouse --ar 16:9");

            HttpResponse<String> r = post("upsample", "{\"taskId\":\"" + grid + "\",\"image\":2}");
            String id = created(r);
            assertThat(json(r)).isEqualTo(Fixtures.tree("action-created.json", "id", id, "parentId", grid, "type", "upsample",
                    "tokens", "0", "cost", "0"));
            clock.advance(FINISH);

            SimTask task = sandbox.tasks().get(1);
            JsonNode done = result(id);
            assertThat(done).isEqualTo(Fixtures.tree("done-upsample.json", "id", id, "parentId", grid,
                    "result", task.imageUrl() + "?cache=100"));
            assertThat(task.index()).isEqualTo(2);
            BufferedImage png = download(done.path("result").asText());
            assertThat(png.getWidth()).isEqualTo(512);
            assertThat(png.getHeight()).isEqualTo(288);
        }

        @Test
        @DisplayName("upsample is charged one generation when the prompt forces a version below 5 (§3.3)")
        void upsampleOfOldVersionIsCharged() throws Exception {
            String grid = grid("a fox --v 4");

            HttpResponse<String> r = post("upsample", "{\"taskId\":\"" + grid + "\",\"image\":1}");

            assertThat(json(r).path("usage").path("total_cost").asInt()).isEqualTo(18);
        }

        @Test
        @DisplayName("variation takes image on a grid (V1..V4) and mode on an upsample (Vary Strong/Subtle); reroll takes taskId only; all give new grids")
        void gridFollowUps() throws Exception {
            String grid = grid("a lighthouse --ar 16:9");
            String up = upsampled(grid, 3);

            String v3 = created(post("variation", "{\"taskId\":\"" + grid + "\",\"image\":3}"));
            String strong = created(post("variation", "{\"taskId\":\"" + up + "\",\"mode\":\"high\"}"));
            String subtle = created(post("variation", "{\"taskId\":\"" + up + "\",\"mode\":\"low\"}"));
            HttpResponse<String> rr = post("reroll", "{\"taskId\":\"" + grid + "\"}");
            String reroll = created(rr);
            assertThat(json(rr)).isEqualTo(Fixtures.tree("action-created.json", "id", reroll, "parentId", grid, "type", "reroll",
                    "tokens", "1", "cost", "18"));
            clock.advance(FINISH);

            for (String[] c : new String[][]{{v3, grid, "variation"}, {strong, up, "variation"}, {subtle, up, "variation"}, {reroll, grid, "reroll"}}) {
                JsonNode done = result(c[0]);
                SimTask t = sandbox.tasks().stream().filter(x -> x.id().equals(c[0])).findFirst().orElseThrow();
                assertThat(done).isEqualTo(Fixtures.tree("done-grid.json", "id", c[0], "parentId", "\"" + c[1] + "\"", "type", c[2],
                        "result", t.gridUrl() + "?cache=100"));
                BufferedImage png = download(done.path("result").asText());
                assertThat(png.getWidth()).isEqualTo(1024);
                assertThat(png.getHeight()).isEqualTo(576);
            }
            assertThat(sandbox.tasks()).extracting(t -> t.kind().name())
                    .containsExactly("IMAGINE", "UPSCALE", "VARIATION", "VARY", "VARY", "REROLL");
        }

        @Test
        @DisplayName("inpaint takes a base64 black-and-white PNG mask of the upsample's size, bare or as a data: URI, and an optional prompt (§3.5)")
        void inpaint() throws Exception {
            String up = upsampled(grid("a lighthouse --ar 16:9"), 1);

            HttpResponse<String> r = post("inpaint", "{\"taskId\":\"" + up + "\",\"mask\":\"" + mask(512, 288, false) + "\",\"prompt\":\"a red door\"}");
            String id = created(r);
            String viaDataUri = created(post("inpaint", "{\"taskId\":\"" + up + "\",\"mask\":\"data:image/png;base64," + mask(512, 288, false) + "\"}"));
            assertThat(json(r)).isEqualTo(Fixtures.tree("action-created.json", "id", id, "parentId", up, "type", "inpaint",
                    "tokens", "1", "cost", "18"));
            clock.advance(FINISH);

            assertThat(result(id).path("status").asText()).isEqualTo("done");
            assertThat(result(viaDataUri).path("status").asText()).isEqualTo("done");
            SimTask task = sandbox.tasks().get(2);
            assertThat(task.prompt()).isEqualTo("a red door --ar 16:9");
            BufferedImage png = download(result(id).path("result").asText());
            assertThat(png.getWidth()).isEqualTo(1024);
            assertThat(png.getHeight()).isEqualTo(576);
        }

        @Test
        @DisplayName("inpaint refuses a mask of another size, a gray mask, a non-PNG and a grid parent (§3.5)")
        void inpaintRefusals() throws Exception {
            String grid = grid("a lighthouse --ar 16:9");
            String up = upsampled(grid, 1);
            String message = "'mask' must be a base64-encoded black and white PNG image of the same size as the previous generation (512x288)";

            assertError(post("inpaint", "{\"taskId\":\"" + up + "\",\"mask\":\"" + mask(512, 512, false) + "\"}"), 400, message);
            assertError(post("inpaint", "{\"taskId\":\"" + up + "\",\"mask\":\"" + mask(512, 288, true) + "\"}"), 400, message);
            assertError(post("inpaint", "{\"taskId\":\"" + up + "\",\"mask\":\"bm90IGEgcG5n\"}"), 400, message);
            assertError(post("inpaint", "{\"taskId\":\"" + up + "\"}"), 400, "'mask' is a required property");
            assertError(post("inpaint", "{\"taskId\":\"" + grid + "\",\"mask\":\"" + mask(512, 288, false) + "\"}"), 400,
                    "Action 'inpaint' needs an upsampled image; task " + grid + " is a grid (type 'imagine')");
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(2);
        }

        @Test
        @DisplayName("outpaint, pan and upscale (§3.6, fields unconfirmed) take an upsample's taskId plus any fields: grids, and one single image")
        void unconfirmedEndpoints() throws Exception {
            String up = upsampled(grid("a lighthouse --ar 16:9"), 4);

            String zoom = created(post("outpaint", "{\"taskId\":\"" + up + "\",\"zoom\":2}"));
            String pan = created(post("pan", "{\"taskId\":\"" + up + "\",\"direction\":\"left\",\"prompt\":\"a harbour\"}"));
            String upscale = created(post("upscale", "{\"taskId\":\"" + up + "\",\"type\":\"2x\"}"));
            clock.advance(FINISH);

            assertThat(result(zoom).path("type").asText()).isEqualTo("outpaint");
            assertThat(result(pan).path("type").asText()).isEqualTo("pan");
            JsonNode single = result(upscale);
            assertThat(single.path("type").asText()).isEqualTo("upscale");
            assertThat(single.path("status").asText()).isEqualTo("done");
            assertThat(download(result(zoom).path("result").asText()).getWidth()).isEqualTo(1024);
            assertThat(download(single.path("result").asText()).getWidth()).isEqualTo(512);
            assertThat(sandbox.tasks()).extracting(t -> t.kind().name()).endsWith("ZOOM", "PAN", "UPSCALE_MORE");
        }

        @Test
        @DisplayName("follow-ups are refused on unfinished or wrong-kind parents and with missing or bad fields")
        void refusals() throws Exception {
            String running = imagine("a fox");
            assertError(post("upsample", "{\"taskId\":\"" + running + "\",\"image\":1}"), 400,
                    "Task " + running + " has status 'idle': actions are available once it is 'done'");
            clock.advance(FINISH);
            String grid = running;
            String up = upsampled(grid, 1);

            assertError(post("upsample", "{\"image\":1}"), 400, "'taskId' is a required property");
            assertError(post("upsample", "{\"taskId\":\"" + grid + "\"}"), 400, "'image' is a required property");
            assertError(post("upsample", "{\"taskId\":\"" + grid + "\",\"image\":5}"), 400, "5 is not one of [1, 2, 3, 4]");
            assertError(post("upsample", "{\"taskId\":\"" + up + "\",\"image\":1}"), 400,
                    "Action 'upsample' is not available for task " + up + " (its actions: [high_variation, low_variation])");
            assertError(post("variation", "{\"taskId\":\"" + grid + "\"}"), 400, "'image' is a required property");
            assertError(post("variation", "{\"taskId\":\"" + up + "\"}"), 400, "'mode' is a required property");
            assertError(post("variation", "{\"taskId\":\"" + up + "\",\"mode\":\"medium\"}"), 400, "'medium' is not one of ['high', 'low']");
            assertError(post("reroll", "{\"taskId\":\"" + up + "\"}"), 400,
                    "Action 'reroll' is not available for task " + up + " (its actions: [high_variation, low_variation])");
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(2);
        }

        @Test
        @DisplayName("a follow-up repeated after its task finished is answered with that task, usage zero, nothing created; while it runs, a new task (§10)")
        void repeats() throws Exception {
            String grid = grid("a fox");
            String body = "{\"taskId\":\"" + grid + "\",\"image\":2}";
            String first = created(post("upsample", body));

            String whileRunning = created(post("upsample", body));
            assertThat(whileRunning).isNotEqualTo(first);
            clock.advance(FINISH);
            HttpResponse<String> repeat = post("upsample", body);

            assertThat(json(repeat).path("id").asText()).isEqualTo(whileRunning);
            assertThat(json(repeat).path("status").asText()).isEqualTo("done");
            assertThat(json(repeat).path("usage").path("total_cost").asInt()).isZero();
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(3);
            assertThat(sandbox.tasks().get(0).attributes()).containsEntry("child/upsample/2", whileRunning);
        }
    }

    @Test
    @DisplayName("the registry knows the simulator: MjSandbox.vendors() lists gptunnel and environment() points at it")
    void registry() {
        assertThat(MjSandbox.vendors()).contains("gptunnel");
        assertThat(sandbox.vendorId()).isEqualTo("gptunnel");
        assertThat(sandbox.environment()).containsEntry("MJ_GPTUNNEL_API_KEY", sandbox.apiKey())
                .containsEntry("MJ_GPTUNNEL_BASE_URL", sandbox.baseUri().toString());
    }
}
