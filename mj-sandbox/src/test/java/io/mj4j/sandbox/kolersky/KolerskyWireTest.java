package io.mj4j.sandbox.kolersky;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.sandbox.internal.kolersky.KolerskySimulator;
import io.mj4j.sandbox.TestClock;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.mj4j.sandbox.kolersky.KolerskyFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kolersky simulator against shared/vendors/kolersky.md, over HTTP with the JDK client. A clock the
 * test moves drives the jobs: nothing waits.
 */
@DisplayName("The Kolersky simulator on the wire")
class KolerskyWireTest {
    private static final String UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String IMAGINE = "{\"taskType\":\"text-to-image\",\"prompt\":\"foggy harbour at dawn\","
            + "\"aspectRatio\":\"16:9\",\"speed\":\"fast\",\"version\":\"7\"}";

    private final TestClock clock = new TestClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private MjSandbox sandbox;
    private HttpServer receiver;

    /** A reply: status, JSON body (null when empty or not JSON) and headers. */
    private record Reply(int status, JsonNode json, HttpHeaders headers) {
    }

    @AfterEach
    void close() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private void start() {
        start(new KolerskySimulator());
    }

    private void start(KolerskySimulator simulator) {
        sandbox = MjSandbox.start(simulator, SandboxOptions.builder().clock(clock).timeScale(1).seed(7).build());
    }

    private Reply send(String method, String path, String body, String headerName, String headerValue) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUri() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        if (headerName != null) {
            b.header(headerName, headerValue);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), r.body().length == 0 ? null : KolerskyFixtures.parse(r.body()), r.headers());
    }

    private Reply send(String method, String path, String body) throws Exception {
        return send(method, path, body, "Authorization", "Bearer " + sandbox.apiKey());
    }

    private Reply post(String endpoint, String body) throws Exception {
        return send("POST", "/v1/midjourney/" + endpoint, body);
    }

    private Reply status(String id) throws Exception {
        return send("GET", "/v1/status?requestId=" + id, null);
    }

    /** Posts a job and returns its requestId, checking the §2.1 accepted reply. */
    private String submit(String endpoint, String body) throws Exception {
        Reply r = post(endpoint, body);
        assertThat(r.status()).as("%s %s -> %s", endpoint, body, r.json()).isEqualTo(200);
        String id = r.json().path("requestId").asText();
        assertThat(r.json()).isEqualTo(load("accepted", "id", id));
        return id;
    }

    private void finishAll() {
        clock.advance(Duration.ofMinutes(10));
    }

    private SimTask task(String id) {
        return sandbox.tasks().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    private JsonNode gridFixture(SimTask t) {
        var a = t.attributes();
        return load("success-grid", "id", t.id(), "grid", t.gridUrl().toString(),
                "v1", a.get("action.V1"), "v2", a.get("action.V2"), "v3", a.get("action.V3"), "v4", a.get("action.V4"),
                "u1", a.get("action.U1"), "u2", a.get("action.U2"), "u3", a.get("action.U3"), "u4", a.get("action.U4"),
                "cell1", t.cellUrl(1).toString(), "cell2", t.cellUrl(2).toString(), "cell3", t.cellUrl(3).toString(),
                "cell4", t.cellUrl(4).toString());
    }

    private byte[] download(String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET %s", url).isEqualTo(200);
        return r.body();
    }

    private BufferedImage image(String url) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(download(url)));
        assertThat(img).as("an image at %s", url).isNotNull();
        return img;
    }

    private static String maskBase64() throws IOException {
        BufferedImage mask = new BufferedImage(512, 288, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = mask.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(100, 50, 200, 100);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(mask, "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    // ------------------------------------------------------------------ jobs and status

    @Test
    @DisplayName("generate answers {requestId, status: accepted, code: 200} with a UUID requestId (§2.1)")
    void generateAccepted() throws Exception {
        start();
        String id = submit("generate", IMAGINE);
        assertThat(id).matches(UUID_RE);
        assertThat(task(id).kind()).isEqualTo(ActionKind.IMAGINE);
        assertThat(task(id).aspectRatio()).isEqualTo("16:9");
        assertThat(sandbox.counters().tasksCreated()).isEqualTo(1);
    }

    @Test
    @DisplayName("a job reads accepted, then processing with a growing \"N%\", then success with the collage, its eight actions and the four cells (§3, §4.1)")
    void statusProgression() throws Exception {
        start();
        String id = submit("generate", IMAGINE);
        SimTask t = task(id);
        assertThat(status(id).json()).isEqualTo(load("queued", "id", id));

        clock.advance(Duration.ofSeconds(10));
        int first = t.progress(clock.instant());
        assertThat(first).isBetween(1, 99);
        assertThat(status(id).json()).isEqualTo(load("processing", "id", id, "percent", String.valueOf(first)));

        clock.advance(Duration.ofSeconds(15));
        int second = t.progress(clock.instant());
        assertThat(second).isGreaterThan(first).isLessThan(100);
        assertThat(status(id).json()).isEqualTo(load("processing", "id", id, "percent", String.valueOf(second)));

        finishAll();
        Reply done = status(id);
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json()).isEqualTo(gridFixture(t));
        assertThat(done.json().path("output").path("collage").path("actions")).extracting(a -> a.path("requestId").asText())
                .allSatisfy(a -> assertThat(a).matches(UUID_RE)).doesNotHaveDuplicates();

        BufferedImage grid = image(done.json().path("output").path("collage").path("image_url").asText());
        assertThat(grid.getWidth()).isEqualTo(1024);
        assertThat(grid.getHeight()).isEqualTo(576);
        BufferedImage cell = image(done.json().path("output").path("images").get(3).path("url").asText());
        assertThat(cell.getWidth()).isEqualTo(512);
        assertThat(cell.getHeight()).isEqualTo(288);
        assertThat(sandbox.counters().fetches()).as("every status query is counted").isEqualTo(4);
    }

    @Test
    @DisplayName("image-to-image with two fileUrls and no prompt is a blend whose grid has the aspectRatio's shape")
    void blend() throws Exception {
        start();
        String id = submit("generate", "{\"taskType\":\"image-to-image\",\"fileUrls\":[\"https://example.com/a.png\","
                + "\"https://example.com/b.png\"],\"aspectRatio\":\"3:2\"}");
        finishAll();
        assertThat(task(id).kind()).isEqualTo(ActionKind.BLEND);
        assertThat(status(id).json()).isEqualTo(gridFixture(task(id)));
        BufferedImage grid = image(task(id).gridUrl().toString());
        assertThat(grid.getWidth()).isEqualTo(1024);
        assertThat(grid.getHeight()).isEqualTo(682);
    }

    @Test
    @DisplayName("the documented describe oddity (text-to-image + fileUrl, no prompt) answers four prompts")
    void describe() throws Exception {
        start();
        String id = submit("generate", "{\"taskType\":\"text-to-image\",\"fileUrl\":\"https://example.com/cat.png\"}");
        finishAll();
        JsonNode out = status(id).json().path("output");
        assertThat(task(id).kind()).isEqualTo(ActionKind.DESCRIBE);
        assertThat(out.path("prompts")).hasSize(4);
        assertThat(out.path("prompts").get(0).asText()).isEqualTo(task(id).texts().get(0));
    }

    // ------------------------------------------------------------------ follow-ups

    @Test
    @DisplayName("upscale by the grid's requestId and index 1..4 answers image_url with that very cell (§2.3, §4.3)")
    void upscaleByParentId() throws Exception {
        start();
        String grid = submit("generate", IMAGINE);
        finishAll();
        String up = submit("upscale", "{\"requestId\":\"" + grid + "\",\"index\":2}");
        assertThat(task(up).parent()).contains(task(grid));
        assertThat(task(up).index()).isEqualTo(2);
        finishAll();
        Reply done = status(up);
        assertThat(done.json()).isEqualTo(load("success-upscale", "id", up, "image", task(up).imageUrl().toString()));
        String url = done.json().path("output").path("image_url").asText();
        BufferedImage img = image(url);
        assertThat(img.getWidth()).isEqualTo(512);
        assertThat(img.getHeight()).isEqualTo(288);
        assertThat(download(url)).as("the upscale is cell 2 of the grid").isEqualTo(download(task(grid).cellUrl(2).toString()));
    }

    @Test
    @DisplayName("upscale and variation also take a per-action requestId of collage.actions, with or without index (§5)")
    void perActionIds() throws Exception {
        start();
        String grid = submit("generate", IMAGINE);
        finishAll();
        JsonNode actions = status(grid).json().path("output").path("collage").path("actions");
        String v4 = actions.get(3).path("requestId").asText();
        String u3 = actions.get(6).path("requestId").asText();
        assertThat(actions.get(6).path("index").asInt()).isEqualTo(7);

        String up = submit("upscale", "{\"requestId\":\"" + u3 + "\",\"index\":3}");
        assertThat(task(up).parent()).contains(task(grid));
        assertThat(task(up).index()).as("index is the grid position 1..4, never the actions index").isEqualTo(3);
        String variation = submit("variation", "{\"requestId\":\"" + v4 + "\"}");
        assertThat(task(variation).kind()).isEqualTo(ActionKind.VARIATION);
        assertThat(task(variation).index()).as("without index, the action's own position").isEqualTo(4);
        finishAll();
        assertThat(status(variation).json()).isEqualTo(gridFixture(task(variation)));

        assertThat(status(u3).status()).as("a per-action id is not a job").isEqualTo(404);
        assertThat(post("reroll", "{\"requestId\":\"" + u3 + "\"}").status()).as("only variation and upscale take them").isEqualTo(404);
    }

    @Test
    @DisplayName("reroll and variation give new grids; outpaint, pan and inpaint on an upscale give grids of the shape asked; seed gives the grid's seed; image-to-video gives video_urls")
    void everyFollowUp() throws Exception {
        start();
        String grid = submit("generate", IMAGINE);
        finishAll();
        String up = submit("upscale", "{\"requestId\":\"" + grid + "\",\"index\":1}");
        String variation = submit("variation", "{\"requestId\":\"" + grid + "\",\"index\":3}");
        String reroll = submit("reroll", "{\"requestId\":\"" + grid + "\"}");
        String gridSeed = submit("seed", "{\"requestId\":\"" + grid + "\"}");
        finishAll();
        String upUrl = status(up).json().path("output").path("image_url").asText();
        String zoom = submit("outpaint", "{\"requestId\":\"" + up + "\",\"zoom_ratio\":\"2\",\"aspectRatio\":\"16:9\"}");
        String square = submit("outpaint", "{\"requestId\":\"" + up + "\",\"zoom_ratio\":\"1\",\"aspectRatio\":\"1:1\"}");
        String pan = submit("pan", "{\"requestId\":\"" + up + "\",\"direction\":\"left\",\"prompt\":\"a wider harbour\"}");
        String region = submit("inpaint", "{\"requestId\":\"" + up + "\",\"mask\":\"" + maskBase64() + "\",\"prompt\":\"a red boat\"}");
        String upSeed = submit("seed", "{\"requestId\":\"" + up + "\"}");
        String video = submit("generate", "{\"taskType\":\"image-to-video\",\"fileUrl\":\"" + upUrl + "\",\"motion\":\"low\"}");
        finishAll();

        for (String id : new String[]{variation, reroll, zoom, square, pan, region}) {
            assertThat(status(id).json()).as("grid of %s", task(id).kind()).isEqualTo(gridFixture(task(id)));
        }
        assertThat(task(reroll).kind()).isEqualTo(ActionKind.REROLL);
        assertThat(task(zoom).kind()).isEqualTo(ActionKind.ZOOM);
        assertThat(task(pan).kind()).isEqualTo(ActionKind.PAN);
        assertThat(task(region).kind()).isEqualTo(ActionKind.VARY_REGION);
        assertThat(image(task(zoom).gridUrl().toString()).getWidth()).isEqualTo(1024);
        assertThat(image(task(zoom).gridUrl().toString()).getHeight()).as("zoom keeps 16:9").isEqualTo(576);
        assertThat(image(task(square).gridUrl().toString()).getHeight()).as("make square").isEqualTo(1024);
        assertThat(image(task(pan).gridUrl().toString()).getHeight()).isEqualTo(576);

        long seed = task(grid).seed();
        assertThat(status(gridSeed).json()).isEqualTo(load("success-seed", "id", gridSeed, "seed", String.valueOf(seed)));
        assertThat(status(upSeed).json()).as("an upscale has its grid's seed")
                .isEqualTo(load("success-seed", "id", upSeed, "seed", String.valueOf(seed)));

        assertThat(task(video).kind()).isEqualTo(ActionKind.ANIMATE);
        assertThat(task(video).parent()).as("the fileUrl names the upscale").contains(task(up));
        assertThat(status(video).json()).isEqualTo(load("success-video", "id", video, "video", task(video).videoUrl().toString()));
        byte[] gif = download(task(video).videoUrl().toString());
        assertThat(new String(gif, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("GIF8");

        assertThat(sandbox.counters().tasksCreated()).isEqualTo(11);
        assertThat(sandbox.counters().tasksCreated(ActionKind.SEED)).isEqualTo(2);
        assertThat(sandbox.counters().tasksCreated(ActionKind.ZOOM)).isEqualTo(2);
    }

    @Test
    @DisplayName("follow-ups on an unfinished job, of the wrong kind, or with bad fields are refused with 400 and create nothing")
    void followUpRefusals() throws Exception {
        start();
        String grid = submit("generate", IMAGINE);
        Reply early = post("upscale", "{\"requestId\":\"" + grid + "\",\"index\":1}");
        assertThat(early.json()).isEqualTo(KolerskyFixtures.JSON.createObjectNode().put("err", "Invalid parameters").put("code", 400)
                .put("message", "request " + grid + " has no finished result (status accepted)"));
        finishAll();
        String up = submit("upscale", "{\"requestId\":\"" + grid + "\",\"index\":1}");
        finishAll();
        long created = sandbox.counters().tasksCreated();

        assertInvalid(post("upscale", "{\"requestId\":\"" + grid + "\",\"index\":6}"), "index must be an integer from 1 to 4");
        assertInvalid(post("upscale", "{\"requestId\":\"" + grid + "\"}"), "index is required");
        assertInvalid(post("variation", "{\"requestId\":\"" + up + "\",\"index\":1}"),
                "variation needs an image grid; request " + up + " is not one");
        assertInvalid(post("pan", "{\"requestId\":\"" + grid + "\",\"direction\":\"left\",\"prompt\":\"x\"}"),
                "pan needs an upscaled image; request " + grid + " is not one");
        assertInvalid(post("pan", "{\"requestId\":\"" + up + "\",\"direction\":\"left\"}"), "prompt is required");
        assertInvalid(post("pan", "{\"requestId\":\"" + up + "\",\"direction\":\"north\",\"prompt\":\"x\"}"),
                "direction must be one of up, down, left, right");
        assertInvalid(post("outpaint", "{\"requestId\":\"" + up + "\",\"zoom_ratio\":\"3\"}"), "zoom_ratio must be a number from 1 to 2");
        assertInvalid(post("inpaint", "{\"requestId\":\"" + up + "\",\"mask\":\"%%%\"}"), "mask must be base64 image data");
        assertInvalid(post("inpaint", "{\"requestId\":\"" + up + "\"}"), "mask is required");
        assertThat(sandbox.counters().tasksCreated()).isEqualTo(created);
    }

    private static void assertInvalid(Reply r, String message) {
        assertThat(r.status()).as("%s", r.json()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(KolerskyFixtures.JSON.createObjectNode().put("err", "Invalid parameters").put("code", 400)
                .put("message", message));
    }

    // ------------------------------------------------------------------ errors

    @Test
    @DisplayName("a missing or wrong bearer token, or the legacy x-token header, is refused with 401 in the §7 envelope, counted, and creates nothing")
    void authRefused() throws Exception {
        start();
        Reply none = send("POST", "/v1/midjourney/generate", IMAGINE, null, null);
        Reply wrong = send("POST", "/v1/midjourney/generate", IMAGINE, "Authorization", "Bearer wrong");
        Reply legacy = send("POST", "/v1/midjourney/generate", IMAGINE, "x-token", sandbox.apiKey());
        Reply statusQuery = send("GET", "/v1/status?requestId=x", null, "Authorization", "Basic " + sandbox.apiKey());
        for (Reply r : new Reply[]{none, wrong, legacy, statusQuery}) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json()).isEqualTo(load("err-unauthorized"));
        }
        assertThat(sandbox.counters().rejectedAuth()).isEqualTo(4);
        assertThat(sandbox.counters().tasksCreated()).isZero();
        assertThat(send("POST", "/v1/midjourney/generate", IMAGINE, "authorization", "bearer " + sandbox.apiKey()).status())
                .as("header name and scheme are case-insensitive").isEqualTo(200);
    }

    @Test
    @DisplayName("an unknown requestId is a 404 in the §7 envelope, for status, follow-ups and cancel")
    void unknownId() throws Exception {
        start();
        String id = "550e8400-e29b-41d4-a716-446655440000";
        for (Reply r : new Reply[]{status(id), post("upscale", "{\"requestId\":\"" + id + "\",\"index\":1}"),
                post("seed", "{\"requestId\":\"" + id + "\"}"), send("DELETE", "/v1/midjourney/cancel", "{\"requestId\":\"" + id + "\"}")}) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json()).isEqualTo(load("err-not-found", "id", id));
        }
        assertThat(sandbox.counters().fetches()).isEqualTo(1);
    }

    @Test
    @DisplayName("a text-to-image job without a prompt is refused with §7's documented 'prompt is required'")
    void promptRequired() throws Exception {
        start();
        Reply r = post("generate", "{\"taskType\":\"text-to-image\",\"aspectRatio\":\"16:9\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(load("err-invalid-parameters"));
        assertThat(sandbox.counters().tasksCreated()).isZero();
    }

    static Stream<Arguments> badGenerates() {
        return Stream.of(
                Arguments.of("{\"prompt\":\"x\"}", "taskType is required"),
                Arguments.of("{\"taskType\":\"text-to-video\",\"prompt\":\"x\"}",
                        "taskType must be one of text-to-image, image-to-image, style-reference, omni-reference, image-to-video, image-to-video-hd"),
                Arguments.of("{\"taskType\":\"text-to-image\",\"prompt\":\"x\",\"aspectRatio\":\"7:3\"}",
                        "aspectRatio must be one of 1:2, 9:16, 2:3, 3:4, 5:6, 6:5, 4:3, 3:2, 1:1, 16:9, 2:1"),
                Arguments.of("{\"taskType\":\"text-to-image\",\"prompt\":\"x\",\"speed\":\"relax\"}", "speed must be one of relaxed, fast, turbo"),
                Arguments.of("{\"taskType\":\"text-to-image\",\"prompt\":\"x\",\"version\":\"8\"}", "version must be one of 7, 6.1, 6, 5.2, 5.1, niji6"),
                Arguments.of("{\"taskType\":\"text-to-image\",\"prompt\":\"x\",\"variety\":7}", "variety must be an integer from 0 to 100 in steps of 5"),
                Arguments.of("{\"taskType\":\"text-to-image\",\"prompt\":\"x\",\"stylization\":1050}",
                        "stylization must be an integer from 0 to 1000 in steps of 50"),
                Arguments.of("{\"taskType\":\"text-to-image\",\"prompt\":\"x\",\"weirdness\":150}",
                        "weirdness must be an integer from 0 to 3000 in steps of 100"),
                Arguments.of("{\"taskType\":\"image-to-image\",\"prompt\":\"x\",\"fileUrl\":\"https://e.com/a.png\",\"fileUrls\":[\"https://e.com/b.png\"]}",
                        "use either fileUrl or fileUrls, not both"),
                Arguments.of("{\"taskType\":\"image-to-image\",\"fileUrls\":[\"https://e.com/1.png\",\"https://e.com/2.png\",\"https://e.com/3.png\","
                        + "\"https://e.com/4.png\",\"https://e.com/5.png\",\"https://e.com/6.png\"]}", "fileUrls must be an array of 1 to 5 URLs"),
                Arguments.of("{\"taskType\":\"image-to-image\",\"prompt\":\"x\"}", "fileUrl or fileUrls is required for taskType image-to-image"),
                Arguments.of("{\"taskType\":\"style-reference\",\"fileUrl\":\"https://e.com/a.png\"}", "prompt is required"),
                Arguments.of("{\"taskType\":\"image-to-video\",\"motion\":\"low\"}", "fileUrl or fileUrls is required for taskType image-to-video"),
                Arguments.of("{\"taskType\":\"image-to-video\",\"fileUrls\":[\"https://e.com/a.png\",\"https://e.com/b.png\"]}",
                        "exactly one image (fileUrl) is required for taskType image-to-video"),
                Arguments.of("{\"taskType\":\"image-to-video-hd\",\"fileUrl\":\"https://e.com/a.png\",\"motion\":\"medium\"}",
                        "motion must be one of low, high"),
                Arguments.of("{\"taskType\":\"text-to-image\",\"prompt\":\"x\",\"callBackUrl\":\"not a url\"}", "callBackUrl must be an http(s) URL"),
                Arguments.of("{\"taskType\":\"image-to-image\",\"fileUrl\":\"ftp://e.com/a.png\"}", "fileUrl must be an http(s) URL"),
                Arguments.of("[1, 2]", "request body must be a JSON object"),
                Arguments.of("not json", "request body must be a JSON object"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badGenerates")
    @DisplayName("generate refuses bad fields with 400 Invalid parameters naming the field, creating nothing (§2.1, §7)")
    void generateValidation(String body, String message) throws Exception {
        start();
        assertInvalid(post("generate", body), message);
        assertThat(sandbox.counters().tasksCreated()).isZero();
    }

    @Test
    @DisplayName("injected faults answer 429 with Retry-After and 500, both in the §7 envelope, without creating anything")
    void faults() throws Exception {
        start();
        sandbox.faults().rateLimitNext(1, Duration.ofMillis(1500)).serverErrorNext(1);
        Reply limited = post("generate", IMAGINE);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(limited.json()).isEqualTo(load("err-too-many-requests"));
        Reply broken = post("generate", IMAGINE);
        assertThat(broken.status()).isEqualTo(500);
        assertThat(broken.json()).isEqualTo(load("err-internal"));
        assertThat(sandbox.counters().tasksCreated()).isZero();
        assertThat(sandbox.counters().faultsInjected()).isEqualTo(2);
        submit("generate", IMAGINE);
    }

    @Test
    @DisplayName("a moderated job reads status error with a 'Banned prompt' failReason, a vendor failure a generic one (§4.1)")
    void failures() throws Exception {
        start();
        sandbox.faults().promptRejectionRate(1.0);
        String banned = submit("generate", IMAGINE);
        sandbox.faults().promptRejectionRate(0).vendorErrorRate(1.0);
        String failed = submit("generate", IMAGINE);
        finishAll();
        assertThat(status(banned).json()).isEqualTo(load("error-banned", "id", banned));
        assertThat(status(failed).json()).isEqualTo(load("error", "id", failed));
    }

    @Test
    @DisplayName("cancel is a DELETE with a JSON body: an accepted job becomes cancelled, a processing one is refused (§2.9)")
    void cancel() throws Exception {
        start();
        String queued = submit("generate", IMAGINE);
        Reply ok = send("DELETE", "/v1/midjourney/cancel", "{\"requestId\":\"" + queued + "\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json()).isEqualTo(KolerskyFixtures.JSON.createObjectNode().put("requestId", queued).put("status", "cancelled").put("code", 200));
        assertThat(status(queued).json()).isEqualTo(load("cancelled", "id", queued));

        String running = submit("generate", IMAGINE);
        clock.advance(Duration.ofSeconds(10));
        assertInvalid(send("DELETE", "/v1/midjourney/cancel", "{\"requestId\":\"" + running + "\"}"), "Only accepted requests can be cancelled");
        assertThat(status(running).json().path("status").asText()).isEqualTo("processing");
        assertInvalid(send("DELETE", "/v1/midjourney/cancel", "{}"), "requestId is required");
    }

    @Test
    @DisplayName("a callBackUrl on generate and upscale receives a POST mirroring the status reply when the job ends (§6)")
    void callbacks() throws Exception {
        start();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        String grid = submit("generate", IMAGINE.replace("}", ",\"callBackUrl\":\"" + hook + "\"}"));
        finishAll();
        String first = received.poll(10, TimeUnit.SECONDS);
        assertThat(first).as("the grid's callback").startsWith("POST application/json ");
        assertThat(KolerskyFixtures.JSON.readTree(first.substring(first.indexOf('{')))).isEqualTo(gridFixture(task(grid)));

        String up = submit("upscale", "{\"requestId\":\"" + grid + "\",\"index\":4,\"callBackUrl\":\"" + hook + "\"}");
        finishAll();
        String second = received.poll(10, TimeUnit.SECONDS);
        assertThat(second).as("the upscale's callback").isNotNull();
        assertThat(KolerskyFixtures.JSON.readTree(second.substring(second.indexOf('{'))))
                .isEqualTo(load("success-upscale", "id", up, "image", task(up).imageUrl().toString()));
        assertThat(sandbox.counters().callbacksSent()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ account

    @Test
    @DisplayName("usage counts the jobs and the requests they cost (§2.12, §8); a job beyond the balance is §7's 403 Insufficient requests")
    void usageAndBalance() throws Exception {
        start(new KolerskySimulator(16));
        String grid = submit("generate", IMAGINE);
        finishAll();
        String up = submit("upscale", "{\"requestId\":\"" + grid + "\",\"index\":1}");
        finishAll();
        Reply usage = send("GET", "/v1/usage", null);
        String userId = usage.json().path("userId").asText();
        assertThat(userId).matches(UUID_RE);
        assertThat(usage.json()).isEqualTo(load("usage", "userId", userId));

        String upUrl = task(up).imageUrl().toString();
        Reply video = post("generate", "{\"taskType\":\"image-to-video\",\"fileUrl\":\"" + upUrl + "\",\"motion\":\"high\"}");
        assertThat(video.status()).as("a video costs 15 requests, 14 are left").isEqualTo(403);
        assertThat(video.json()).isEqualTo(load("err-insufficient-requests", "remaining", "14"));
        assertThat(sandbox.counters().tasksCreated()).isEqualTo(2);
    }

    @Test
    @DisplayName("upload answers {requestId, url, expiration, code} and refuses missing fields and bad base64 (§2.11), creating no job")
    void upload() throws Exception {
        start();
        Reply ok = post("image/upload", "{\"image\":\"" + maskBase64() + "\",\"extension\":\"jpg\"}");
        assertThat(ok.status()).isEqualTo(200);
        String id = ok.json().path("requestId").asText();
        String url = ok.json().path("url").asText();
        assertThat(ok.json()).isEqualTo(load("upload", "id", id, "url", url));
        assertThat(url).startsWith(sandbox.baseUri().toString()).endsWith(".jpeg");

        Reply missing = post("image/upload", "{\"image\":\"AAAA\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json()).isEqualTo(KolerskyFixtures.JSON.createObjectNode().put("err", "Missing required fields").put("code", 400)
                .put("message", "image (base64) and extension are required"));
        Reply bad = post("image/upload", "{\"image\":\"%%%\",\"extension\":\"png\"}");
        assertThat(bad.json()).isEqualTo(KolerskyFixtures.JSON.createObjectNode().put("err", "Invalid image data").put("code", 400)
                .put("message", "Failed to decode base64 image data"));
        assertThat(sandbox.counters().tasksCreated()).isZero();
    }

    @Test
    @DisplayName("/health answers without a token; an unknown route is a 404 in the §7 envelope")
    void healthAndUnknownRoutes() throws Exception {
        start();
        Reply health = send("GET", "/health", null, null, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("ok");
        assertThat(health.json().path("services").path("external").asText()).isEqualTo("ok");

        Reply unknown = post("describe", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json()).isEqualTo(KolerskyFixtures.JSON.createObjectNode().put("err", "Not found").put("code", 404)
                .put("message", "Cannot POST /v1/midjourney/describe"));
        assertThat(send("GET", "/v1/midjourney/generate", null).status()).isEqualTo(404);
    }
}
