package io.mj4j.sandbox.acedata;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.mj4j.sandbox.acedata.AceDataShapes.assertMatches;
import static io.mj4j.sandbox.acedata.AceDataShapes.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AceData simulator on the wire (shared/vendors/acedata.md, §n below): plain {@link HttpClient} requests against
 * {@code MjSandbox.start("acedata", ...)} on a clock the test moves, replies compared with the documented shapes in
 * {@code src/test/resources/acedata/}.
 */
@DisplayName("The AceData simulator on the wire")
class AceDataWireTest {
    private static final String RED_FOX = "{\"action\":\"generate\",\"prompt\":\"a red fox --ar 16:9\",\"mode\":\"fast\","
            + "\"async\":true,\"trace_id\":\"ref-1\"}";

    private final io.mj4j.sandbox.TestClock clock = new io.mj4j.sandbox.TestClock();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MjSandbox sandbox;

    @BeforeEach
    void start() {
        // time scale 1: an imagine waits 2.8-5.2 s in the queue, then runs 31.5-58.5 s; an upscale runs 7-13 s.
        sandbox = MjSandbox.start("acedata", SandboxOptions.builder().clock(clock).timeScale(1).seed(11).build());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUri() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, body, "Bearer " + sandbox.apiKey());
    }

    /** POSTs and expects a 200 JSON reply. */
    private JsonNode ok(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = post(path, body);
        assertThat(r.statusCode()).as("%s %s -> %s", path, body, r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return parse(r.body());
    }

    /** POSTs and expects an error reply with {@code status} and {@code code}. */
    private JsonNode refused(String path, String body, int status, String code) throws IOException, InterruptedException {
        HttpResponse<String> r = post(path, body);
        assertThat(r.statusCode()).as("%s %s -> %s", path, body, r.body()).isEqualTo(status);
        JsonNode reply = parse(r.body());
        assertThat(reply.path("error").path("code").asText()).isEqualTo(code);
        return reply;
    }

    private JsonNode retrieve(String id) throws IOException, InterruptedException {
        return ok("/midjourney/tasks", "{\"action\":\"retrieve\",\"id\":\"" + id + "\"}");
    }

    private String submit(String json) throws IOException, InterruptedException {
        return ok("/midjourney/imagine", json).path("task_id").asText();
    }

    private String followUp(String action, String imageId, String trace) throws IOException, InterruptedException {
        return submit("{\"action\":\"" + action + "\",\"image_id\":\"" + imageId + "\",\"mode\":\"fast\",\"async\":true,"
                + "\"trace_id\":\"" + trace + "\"}");
    }

    private void finishAll() {
        clock.advance(Duration.ofMinutes(10));
    }

    /** A finished grid of "a red fox --ar 16:9": its task object. */
    private JsonNode finishedFox() throws IOException, InterruptedException {
        String id = submit(RED_FOX);
        finishAll();
        return retrieve(id);
    }

    private BufferedImage png(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    private static String mask(int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    // ------------------------------------------------------------------ tests

    @Nested
    @DisplayName("submits and the task lifecycle")
    class Lifecycle {
        @Test
        @DisplayName("an async imagine answers {task_id, trace_id} at once and creates exactly one task")
        void asyncSubmit() throws Exception {
            JsonNode reply = ok("/midjourney/imagine", RED_FOX);

            assertMatches(reply, "submit-accepted.json");
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(1);
            assertThat(sandbox.counters().tasksCreated(ActionKind.IMAGINE)).isEqualTo(1);
            assertThat(sandbox.tasks().get(0).id()).isEqualTo(reply.path("task_id").asText());
        }

        @Test
        @DisplayName("a task reads pending without a response, then generating with progress, then finished with a grid, as the clock moves")
        void statusProgression() throws Exception {
            String id = submit(RED_FOX);

            JsonNode pending = retrieve(id);
            assertMatches(pending, "task-pending.json");
            assertThat(pending.path("id").asText()).isEqualTo(id);

            clock.advance(Duration.ofSeconds(6));
            JsonNode running = retrieve(id);
            assertMatches(running, "task-running.json");
            int progress = running.path("response").path("progress").asInt();
            assertThat(progress).isBetween(0, 99);

            clock.advance(Duration.ofSeconds(20));
            int later = retrieve(id).path("response").path("progress").asInt();
            assertThat(later).as("progress moves on with the clock").isGreaterThan(progress).isLessThan(100);

            clock.advance(Duration.ofMinutes(2));
            JsonNode done = retrieve(id);
            assertMatches(done, "task-finished-grid.json");
            assertThat(done.path("response").path("task_id").asText()).isEqualTo(id);
            assertThat(done.path("image_id")).isEqualTo(done.path("response").path("image_id"));
            assertThat(done.path("response").path("image_id").asText()).as("§3.2: the final image_id differs from the progress one")
                    .isNotEqualTo(running.path("response").path("image_id").asText());
            assertThat(sandbox.counters().fetches()).isEqualTo(4);

            BufferedImage grid = png(done.path("response").path("raw_image_url").asText());
            assertThat(grid.getWidth()).isEqualTo(1024);
            assertThat(grid.getHeight()).isEqualTo(576);
        }

        @Test
        @DisplayName("split_images adds the four cells as sub_image_urls, each a PNG of one cell")
        void splitImages() throws Exception {
            String id = submit("{\"prompt\":\"a red fox --ar 16:9\",\"split_images\":true,\"async\":true}");
            finishAll();
            JsonNode cells = retrieve(id).path("response").path("sub_image_urls");

            assertThat(cells).hasSize(4);
            BufferedImage cell = png(cells.get(2).asText());
            assertThat(cell.getWidth()).isEqualTo(512);
            assertThat(cell.getHeight()).isEqualTo(288);
        }

        @Test
        @DisplayName("a stalled job stays generating at 47 % with no actions")
        void stall() throws Exception {
            sandbox.faults().stallRate(1.0);
            String id = submit(RED_FOX);
            clock.advance(Duration.ofHours(2));

            JsonNode response = retrieve(id).path("response");
            assertThat(response.path("success").asBoolean()).isTrue();
            assertThat(response.path("progress").asInt()).isEqualTo(47);
            assertThat(response.path("actions")).isEmpty();
        }

        @Test
        @DisplayName("a rejected prompt reads as failed with forbidden and the moderation message; a vendor error as api_error")
        void failures() throws Exception {
            sandbox.faults().promptRejectionRate(1.0);
            String rejected = submit(RED_FOX);
            sandbox.faults().promptRejectionRate(0).vendorErrorRate(1.0);
            String broken = submit("{\"prompt\":\"a red fox --ar 16:9\",\"async\":true}");
            finishAll();

            assertMatches(retrieve(rejected), "task-failed-moderation.json");
            JsonNode failed = retrieve(broken).path("response");
            assertThat(failed.path("success").asBoolean(true)).isFalse();
            assertThat(failed.path("error").path("code").asText()).isEqualTo("api_error");
            assertThat(failed.path("error").path("message").asText()).isNotBlank();
        }

        @Test
        @DisplayName("without async or callback_url the call is held: it answers 504 timeout when the job does not end within timeout")
        void synchronousTimeout() throws Exception {
            HttpResponse<String> r = post("/midjourney/imagine",
                    "{\"prompt\":\"a red fox --ar 16:9\",\"timeout\":0.2,\"trace_id\":\"ref-sync\"}");

            assertThat(r.statusCode()).isEqualTo(504);
            assertMatches(parse(r.body()), "error-timeout.json");
            assertThat(sandbox.counters().tasksCreated()).as("the job was created all the same (§9)").isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("follow-ups by image_id")
    class FollowUps {
        @Test
        @DisplayName("upscale2 of a finished grid gives a single 512x288 image with the single-image actions and a new image_id")
        void upscale() throws Exception {
            JsonNode grid = finishedFox();
            String gridImageId = grid.path("response").path("image_id").asText();

            String up = followUp("upscale2", gridImageId, "ref-2");
            finishAll();
            JsonNode image = retrieve(up);

            assertMatches(image, "task-finished-image.json");
            assertThat(image.path("request").path("image_id").asText()).isEqualTo(gridImageId);
            assertThat(image.path("response").path("image_id").asText()).isNotEqualTo(gridImageId);
            BufferedImage png = png(image.path("response").path("raw_image_url").asText());
            assertThat(png.getWidth()).isEqualTo(512);
            assertThat(png.getHeight()).isEqualTo(288);
            SimTask task = sandbox.tasks().get(1);
            assertThat(task.kind()).isEqualTo(ActionKind.UPSCALE);
            assertThat(task.index()).isEqualTo(2);
            assertThat(task.parent()).map(SimTask::id).hasValue(grid.path("id").asText());
        }

        @Test
        @DisplayName("variation, reroll, vary, zoom, pan and vary region give new grids; square renders square; an upscaler offers its redo word")
        void everyWord() throws Exception {
            JsonNode grid = finishedFox();
            String gridId = grid.path("response").path("image_id").asText();
            String up = followUp("upscale1", gridId, "u");
            finishAll();
            String imageId = retrieve(up).path("response").path("image_id").asText();

            List<String> grids = new ArrayList<>();
            grids.add(followUp("variation3", gridId, "v3"));
            grids.add(followUp("reroll", gridId, "rr"));
            for (String w : List.of("variation_subtle", "variation_strong", "zoom_out_2x", "zoom_out_1_5x", "pan_left", "pan_up")) {
                grids.add(followUp(w, imageId, w));
            }
            grids.add(submit("{\"action\":\"variation_region\",\"image_id\":\"" + imageId + "\",\"prompt\":\"a hat\",\"mask\":\""
                    + mask(512, 288) + "\",\"async\":true}"));
            String square = followUp("square", imageId, "sq");
            String x2 = followUp("upscale_2x", imageId, "x2");
            finishAll();

            for (String id : grids) {
                JsonNode r = retrieve(id).path("response");
                assertThat(r.path("actions").get(0).asText()).as(id).isEqualTo("upscale1");
                assertThat(r.path("raw_image_width").asInt()).isEqualTo(1024);
                assertThat(r.path("raw_image_height").asInt()).isEqualTo(576);
            }
            JsonNode sq = retrieve(square).path("response");
            assertThat(sq.path("raw_image_width").asInt()).isEqualTo(1024);
            assertThat(sq.path("raw_image_height").asInt()).isEqualTo(1024);
            JsonNode upscaled = retrieve(x2).path("response");
            assertThat(upscaled.path("actions").get(0).asText()).isEqualTo("redo_upscale_2x");
            assertThat(upscaled.path("actions").toString()).doesNotContain("\"upscale_4x\"");

            followUp("redo_upscale_2x", upscaled.path("image_id").asText(), "redo");
            assertThat(sandbox.counters().tasksCreated(ActionKind.UPSCALE_MORE)).isEqualTo(2);
            assertThat(sandbox.counters().tasksCreated(ActionKind.VARY_REGION)).isEqualTo(1);
            assertThat(sandbox.counters().tasksCreated(ActionKind.ZOOM)).isEqualTo(3);
        }

        @Test
        @DisplayName("an unfinished snapshot's image_id, an unknown image_id and an action the image does not offer are refused with bad_request")
        void unresolvable() throws Exception {
            String id = submit(RED_FOX);
            clock.advance(Duration.ofSeconds(6));
            String progressImageId = retrieve(id).path("response").path("image_id").asText();

            refused("/midjourney/imagine", "{\"action\":\"upscale1\",\"image_id\":\"" + progressImageId + "\",\"async\":true}", 400, "bad_request");
            refused("/midjourney/imagine", "{\"action\":\"upscale1\",\"image_id\":\"1234197197067915365\",\"async\":true}", 400, "bad_request");
            refused("/midjourney/imagine", "{\"action\":\"upscale1\",\"async\":true}", 400, "bad_request");
            clock.advance(Duration.ofMinutes(5));
            String gridId = retrieve(id).path("response").path("image_id").asText();
            JsonNode notOffered = refused("/midjourney/imagine", "{\"action\":\"upscale_2x\",\"image_id\":\"" + gridId + "\",\"async\":true}",
                    400, "bad_request");
            assertThat(notOffered.path("error").path("message").asText()).contains("upscale_2x").contains("upscale1");
            refused("/midjourney/imagine", "{\"action\":\"dance\",\"image_id\":\"" + gridId + "\",\"async\":true}", 400, "bad_request");

            assertThat(sandbox.counters().tasksCreated()).as("nothing but the grid was created").isEqualTo(1);
        }

        @Test
        @DisplayName("vary region needs a mask the size of the image")
        void varyRegionMask() throws Exception {
            String gridId = finishedFox().path("response").path("image_id").asText();
            String up = followUp("upscale4", gridId, "u4");
            finishAll();
            String imageId = retrieve(up).path("response").path("image_id").asText();

            JsonNode missing = refused("/midjourney/imagine", "{\"action\":\"variation_region\",\"image_id\":\"" + imageId + "\",\"async\":true}",
                    400, "bad_request");
            assertThat(missing.path("error").path("message").asText()).isEqualTo("mask is required");
            JsonNode wrongSize = refused("/midjourney/imagine", "{\"action\":\"variation_region\",\"image_id\":\"" + imageId + "\",\"mask\":\""
                    + mask(100, 100) + "\",\"async\":true}", 400, "bad_request");
            assertThat(wrongSize.path("error").path("message").asText()).contains("512x288");
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("the synchronous endpoints and videos")
    class OtherEndpoints {
        @Test
        @DisplayName("describe, seed and shorten answer at once with four descriptions, the image's seed and shortened prompts")
        void quickEndpoints() throws Exception {
            JsonNode grid = finishedFox();
            String gridUrl = grid.path("response").path("raw_image_url").asText();
            String gridImageId = grid.path("response").path("image_id").asText();

            JsonNode described = ok("/midjourney/describe", "{\"image_url\":\"" + gridUrl + "\",\"trace_id\":\"ref-d\"}");
            assertMatches(described, "describe-reply.json");
            assertThat(described.path("descriptions").get(0).asText()).contains("a red fox");

            JsonNode seed = ok("/midjourney/seed", "{\"image_id\":\"" + gridImageId + "\",\"trace_id\":\"ref-s\"}");
            assertMatches(seed, "seed-reply.json");
            assertThat(Long.parseLong(seed.path("seed").asText())).isEqualTo(sandbox.tasks().get(0).seed());

            JsonNode shortened = ok("/midjourney/shorten", "{\"prompt\":\"a very detailed red fox in the snow --v 7\",\"trace_id\":\"ref-p\"}");
            assertMatches(shortened, "shorten-reply.json");

            JsonNode describeTask = retrieve(described.path("task_id").asText());
            assertThat(describeTask.path("type").asText()).isEqualTo("describe");
            assertThat(describeTask.path("response").path("descriptions")).hasSize(4);
            assertThat(sandbox.counters().tasksCreated(ActionKind.DESCRIBE)).isEqualTo(1);
            assertThat(sandbox.counters().tasksCreated(ActionKind.SEED)).isEqualTo(1);
            assertThat(sandbox.counters().tasksCreated(ActionKind.SHORTEN)).isEqualTo(1);

            refused("/midjourney/seed", "{\"image_id\":\"42424242424242\"}", 400, "bad_request");
            assertThat(ok("/midjourney/translate", "{\"content\":\"a fox\"}").path("content").asText()).isEqualTo("a fox");
        }

        @Test
        @DisplayName("a moderated describe answers 403 forbidden at once")
        void describeRejected() throws Exception {
            sandbox.faults().promptRejectionRate(1.0);
            JsonNode reply = refused("/midjourney/describe", "{\"image_url\":\"https://example.com/a.png\"}", 403, "forbidden");
            assertThat(reply.path("error").path("message").asText()).contains("moderators");
        }

        @Test
        @DisplayName("videos generate from a finished upscale answers async and finishes with four video_urls and a cover; extend takes its video_id")
        void videos() throws Exception {
            String gridId = finishedFox().path("response").path("image_id").asText();
            String up = followUp("upscale3", gridId, "u3");
            finishAll();
            String imageUrl = retrieve(up).path("response").path("raw_image_url").asText();

            String video = ok("/midjourney/videos", "{\"action\":\"generate\",\"image_url\":\"" + imageUrl + "\",\"prompt\":\"waves --motion low\","
                    + "\"mode\":\"fast\",\"resolution\":\"480p\",\"async\":true,\"trace_id\":\"ref-v\"}").path("task_id").asText();
            finishAll();
            JsonNode done = retrieve(video);

            assertMatches(done, "task-video-finished.json");
            HttpResponse<byte[]> clip = http.send(HttpRequest.newBuilder(URI.create(done.path("response").path("video_urls").get(0).asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(clip.statusCode()).isEqualTo(200);
            assertThat(clip.headers().firstValue("Content-Type")).hasValue("image/gif");
            assertThat(png(done.path("response").path("image_url").asText()).getWidth()).isEqualTo(512);
            assertThat(sandbox.tasks().get(2).parent()).map(SimTask::id).hasValue(up);

            String videoId = done.path("response").path("video_id").asText();
            ok("/midjourney/videos", "{\"action\":\"extend\",\"video_id\":\"" + videoId + "\",\"video_index\":3,\"async\":true}");
            refused("/midjourney/videos", "{\"action\":\"extend\",\"video_id\":\"17000000000000\",\"async\":true}", 400, "bad_request");
            refused("/midjourney/videos", "{\"action\":\"extend\",\"video_id\":\"" + videoId + "\",\"video_index\":4,\"async\":true}", 400, "bad_request");
            assertThat(sandbox.counters().tasksCreated(ActionKind.ANIMATE)).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("task queries")
    class Queries {
        @Test
        @DisplayName("retrieve by trace_id finds the task submitted with it; an unknown id or trace_id answers 404 not_found")
        void retrieveByTrace() throws Exception {
            String id = submit(RED_FOX);

            JsonNode found = ok("/midjourney/tasks", "{\"action\":\"retrieve\",\"trace_id\":\"ref-1\"}");
            assertThat(found.path("id").asText()).isEqualTo(id);
            assertThat(found.path("trace_id").asText()).isEqualTo("ref-1");

            HttpResponse<String> unknown = post("/midjourney/tasks", "{\"action\":\"retrieve\",\"id\":\"7489df4c-ef03-4de0-b598-e9a590793434\"}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertMatches(parse(unknown.body()), "error-not-found.json");
            assertThat(post("/midjourney/tasks", "{\"action\":\"retrieve\",\"trace_id\":\"nobody\"}").statusCode()).isEqualTo(404);
            refused("/midjourney/tasks", "{\"action\":\"retrieve\"}", 400, "bad_request");
            assertThat(sandbox.counters().fetches()).isEqualTo(3);
        }

        @Test
        @DisplayName("retrieve_batch answers the asked tasks as items with a count, honours offset and limit, and pages the history without ids")
        void batch() throws Exception {
            String a = submit("{\"prompt\":\"a\",\"async\":true,\"trace_id\":\"ref-a\"}");
            String b = submit("{\"prompt\":\"b\",\"async\":true,\"trace_id\":\"ref-b\"}");
            String c = submit("{\"prompt\":\"c\",\"async\":true,\"trace_id\":\"ref-c\"}");

            JsonNode two = ok("/midjourney/tasks", "{\"action\":\"retrieve_batch\",\"ids\":[\"" + c + "\",\"" + a + "\",\"no-such-id\"],\"offset\":0,\"limit\":3}");
            assertThat(two.path("count").asInt()).isEqualTo(2);
            assertThat(two.path("items")).extracting(n -> n.path("id").asText()).containsExactly(c, a);
            assertThat(two.path("items").get(0).has("response")).as("pending: no response").isFalse();

            JsonNode paged = ok("/midjourney/tasks", "{\"action\":\"retrieve_batch\",\"ids\":[\"" + a + "\",\"" + b + "\"],\"offset\":1,\"limit\":1}");
            assertThat(paged.path("items")).extracting(n -> n.path("id").asText()).containsExactly(b);
            assertThat(paged.path("count").asInt()).isEqualTo(2);

            JsonNode byTrace = ok("/midjourney/tasks", "{\"action\":\"retrieve_batch\",\"trace_ids\":[\"ref-b\"]}");
            assertThat(byTrace.path("items")).extracting(n -> n.path("id").asText()).containsExactly(b);

            JsonNode history = ok("/midjourney/tasks", "{\"action\":\"retrieve_batch\",\"type\":\"imagine\"}");
            assertThat(history.path("count").asInt()).isEqualTo(3);
            assertThat(history.path("items")).hasSize(3);
            assertThat(sandbox.counters().fetches()).as("a batch counts once").isEqualTo(4);
        }
    }

    @Nested
    @DisplayName("errors and faults")
    class Errors {
        @Test
        @DisplayName("a wrong or missing token is refused with 401 invalid_token and counted; the bare token is accepted too")
        void auth() throws Exception {
            HttpResponse<String> wrong = send("POST", "/midjourney/imagine", RED_FOX, "Bearer sk-wrong");
            HttpResponse<String> missing = send("POST", "/midjourney/tasks", "{\"action\":\"retrieve\",\"id\":\"x\"}", null);

            assertThat(wrong.statusCode()).isEqualTo(401);
            assertMatches(parse(wrong.body()), "error-invalid-token.json");
            assertThat(missing.statusCode()).isEqualTo(401);
            assertMatches(parse(missing.body()), "error-invalid-token.json");
            assertThat(sandbox.counters().rejectedAuth()).isEqualTo(2);
            assertThat(sandbox.counters().tasksCreated()).isZero();
            assertThat(sandbox.counters().fetches()).isZero();

            assertThat(send("POST", "/midjourney/imagine", RED_FOX, sandbox.apiKey()).statusCode()).as("§4.2 bare token").isEqualTo(200);
        }

        @Test
        @DisplayName("a missing prompt is 400 bad_request 'prompt is required'; bad fields are refused the same way; nothing is created")
        void validation() throws Exception {
            HttpResponse<String> noPrompt = post("/midjourney/imagine", "{\"action\":\"generate\",\"async\":true}");
            assertThat(noPrompt.statusCode()).isEqualTo(400);
            assertMatches(parse(noPrompt.body()), "error-bad-request.json");

            refused("/midjourney/imagine", "{\"prompt\":\"a fox\",\"mode\":\"slow\",\"async\":true}", 400, "bad_request");
            refused("/midjourney/imagine", "{\"prompt\":\"a fox\",\"timeout\":-1}", 400, "bad_request");
            refused("/midjourney/imagine", "{\"prompt\":\"a fox\",\"callback_url\":\"not a url\"}", 400, "bad_request");
            String sixUrls = "https://a/1.png https://a/2.png https://a/3.png https://a/4.png https://a/5.png https://a/6.png";
            refused("/midjourney/imagine", "{\"prompt\":\"" + sixUrls + "\",\"async\":true}", 400, "bad_request");
            refused("/midjourney/imagine", "not json", 400, "bad_request");
            refused("/midjourney/videos", "{\"image_url\":\"https://a/1.png\",\"mode\":\"relax\",\"async\":true}", 400, "bad_request");
            refused("/midjourney/videos", "{\"prompt\":\"waves\",\"async\":true}", 400, "bad_request");
            refused("/midjourney/describe", "{}", 400, "bad_request");
            refused("/midjourney/shorten", "{}", 400, "bad_request");
            refused("/midjourney/tasks", "{\"action\":\"delete\",\"id\":\"x\"}", 400, "bad_request");

            assertThat(sandbox.counters().tasksCreated()).isZero();
        }

        @Test
        @DisplayName("an unknown path answers 404 not_found and a GET 405, both in the error envelope")
        void routes() throws Exception {
            HttpResponse<String> unknown = post("/midjourney/nope", "{}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertMatches(parse(unknown.body()), "error-not-found.json");

            HttpResponse<String> get = send("GET", "/midjourney/tasks", null, "Bearer " + sandbox.apiKey());
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(parse(get.body()).path("error").path("code").asText()).isEqualTo("method_not_allowed");
        }

        @Test
        @DisplayName("injected faults answer 429 too_many_requests with Retry-After and 500 api_error, creating nothing")
        void faults() throws Exception {
            sandbox.faults().rateLimitNext(1, Duration.ofSeconds(3)).serverErrorNext(1);

            HttpResponse<String> limited = post("/midjourney/imagine", RED_FOX);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");
            assertMatches(parse(limited.body()), "error-too-many-requests.json");

            HttpResponse<String> broken = post("/midjourney/imagine", RED_FOX);
            assertThat(broken.statusCode()).isEqualTo(500);
            assertMatches(parse(broken.body()), "error-api-error.json");

            assertThat(sandbox.counters().tasksCreated()).isZero();
            assertThat(sandbox.counters().faultsInjected()).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("callbacks")
    class Callbacks {
        private HttpServer receiver;
        private final Map<String, CompletableFuture<String>> received = new ConcurrentHashMap<>();

        @BeforeEach
        void listen() throws IOException {
            receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            receiver.createContext("/", exchange -> {
                try (exchange; InputStream in = exchange.getRequestBody()) {
                    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    received.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new CompletableFuture<>()).complete(body);
                    exchange.sendResponseHeaders(200, -1);
                }
            });
            receiver.start();
        }

        @AfterEach
        void close() {
            receiver.stop(0);
        }

        private String url(String path) {
            return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
        }

        private JsonNode await(String path) throws Exception {
            return parse(received.computeIfAbsent(path, k -> new CompletableFuture<>()).get(10, TimeUnit.SECONDS));
        }

        @Test
        @DisplayName("a callback_url submit answers at once; the result object is POSTed when the job ends, the failure body when moderation rejects it")
        void callbacks() throws Exception {
            JsonNode accepted = ok("/midjourney/imagine", "{\"prompt\":\"a calm sea\",\"callback_url\":\"" + url("/cb/ok") + "\",\"trace_id\":\"cb-1\"}");
            sandbox.faults().promptRejectionRate(1.0);
            String rejected = ok("/midjourney/imagine", "{\"prompt\":\"a calm sea\",\"callback_url\":\"" + url("/cb/bad") + "\",\"trace_id\":\"cb-2\"}")
                    .path("task_id").asText();
            assertThat(received).as("nothing is sent before the jobs end").isEmpty();

            finishAll();
            JsonNode ok = await("/cb/ok");
            JsonNode failed = await("/cb/bad");

            assertMatches(ok, "callback-succeeded.json");
            assertThat(ok.path("task_id").asText()).isEqualTo(accepted.path("task_id").asText());
            assertMatches(failed, "callback-failed.json");
            assertThat(failed.path("task_id").asText()).isEqualTo(rejected);
            assertThat(sandbox.counters().callbacksSent()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("with a state folder, a restarted sandbox still knows the tasks, their trace_ids and image_ids")
    void restart(@TempDir Path dir) throws Exception {
        sandbox.close();
        sandbox = MjSandbox.start("acedata", SandboxOptions.builder().clock(clock).timeScale(1).stateDir(dir).build());
        JsonNode grid = finishedFox();
        sandbox.close();

        sandbox = MjSandbox.start("acedata", SandboxOptions.builder().clock(clock).timeScale(1).stateDir(dir).build());
        JsonNode again = ok("/midjourney/tasks", "{\"action\":\"retrieve\",\"trace_id\":\"ref-1\"}");
        assertThat(again.path("response").path("image_id")).isEqualTo(grid.path("response").path("image_id"));
        followUp("upscale1", grid.path("response").path("image_id").asText(), "after-restart");
        assertThat(sandbox.tasks()).hasSize(2);
    }

    @Test
    @DisplayName("on a real clock a synchronous imagine is held until the grid is done and answers the full result")
    void synchronousImagine() throws Exception {
        try (MjSandbox fast = MjSandbox.start("acedata", SandboxOptions.builder().timeScale(0.002).build())) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(fast.baseUri() + "/midjourney/imagine"))
                    .header("Authorization", "Bearer " + fast.apiKey())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a quiet bay --ar 16:9\"}")).build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode result = parse(r.body());
            assertThat(result.path("success").asBoolean()).isTrue();
            assertThat(result.path("progress").asInt()).isEqualTo(100);
            assertThat(result.path("actions")).hasSize(9);
            HttpResponse<byte[]> grid = http.send(HttpRequest.newBuilder(URI.create(result.path("raw_image_url").asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(grid.statusCode()).as("the files are there when the call returns").isEqualTo(200);
            assertThat(ImageIO.read(new ByteArrayInputStream(grid.body())).getWidth()).isEqualTo(1024);
        }
    }
}
