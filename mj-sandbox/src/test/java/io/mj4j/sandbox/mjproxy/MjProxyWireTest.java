package io.mj4j.sandbox.mjproxy;

import io.mj4j.sandbox.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.sandbox.vendor.SimTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The midjourney-proxy (Plus) simulator on the wire, against shared/vendors/mjproxy.md (§n): plain
 * {@link HttpClient} requests, a clock the test moves, and the replies compared with the documented shapes in
 * {@code src/test/resources/mjproxy/}.
 */
@DisplayName("The mjproxy simulator on the wire")
class MjProxyWireTest {
    private static final String INSTANCE = "1300842676874379336";
    private static final String MASK = "data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2});

    private final TestClock clock = new TestClock();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MjSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = MjSandbox.start("mjproxy", SandboxOptions.builder().clock(clock).timeScale(1).seed(5).build());
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUri() + path)).header("mj-api-secret", sandbox.apiKey());
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> post(String path, Object... fields) throws IOException, InterruptedException {
        return post(path, body(fields).toString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** A JSON object from name, value pairs (a List value becomes an array). */
    private static ObjectNode body(Object... fields) {
        ObjectNode o = MjProxyFixtures.JSON.createObjectNode();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            Object v = fields[i + 1];
            if (v instanceof List<?> list) {
                ArrayNode a = o.putArray((String) fields[i]);
                list.forEach(e -> a.add(String.valueOf(e)));
            } else if (v instanceof Boolean flag) {
                o.put((String) fields[i], flag);
            } else {
                o.put((String) fields[i], String.valueOf(v));
            }
        }
        return o;
    }

    private static JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return MjProxyFixtures.parse(r.body());
    }

    /** A SubmitResultVO with code 1 or 22 (§4: both carry the new id); returns the id. */
    private static String accepted(HttpResponse<String> r) {
        JsonNode n = json(r);
        assertThat(n.path("code").asInt()).as(r.body()).isIn(1, 22);
        String id = n.path("result").asText();
        assertThat(id).as("§3.1: 13-digit epoch millis + 3 digits").matches("\\d{16}");
        return id;
    }

    private static void assertRefusal(HttpResponse<String> r, int code, String description) {
        assertThat(json(r)).isEqualTo(MjProxyFixtures.tree("refusal.json", "code", Integer.toString(code), "description", description));
    }

    private String imagine(String prompt, String state) throws IOException, InterruptedException {
        return accepted(post("/mj/submit/imagine", "prompt", prompt, "botType", "MID_JOURNEY", "state", state));
    }

    private JsonNode fetch(String id) throws IOException, InterruptedException {
        return json(get("/mj/task/" + id + "/fetch"));
    }

    private SimTask task(String id) {
        return sandbox.tasks().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    /** Moves the clock to the end of job {@code id} (never backwards). */
    private void finish(String id) {
        Instant end = task(id).endsAt();
        if (end.isAfter(clock.instant())) {
            clock.set(end);
        }
    }

    private String finishedGrid(String prompt) throws IOException, InterruptedException {
        String id = imagine(prompt, "ref-grid");
        finish(id);
        return id;
    }

    /** Presses the button labelled {@code label} (or with that customId fragment) of finished task {@code id}. */
    private HttpResponse<String> press(String id, String label, Object... extra) throws IOException, InterruptedException {
        List<Object> fields = new ArrayList<>(List.of("taskId", id, "customId", button(fetch(id), label)));
        fields.addAll(List.of(extra));
        return post("/mj/submit/action", fields.toArray());
    }

    private static String button(JsonNode task, String labelOrFragment) {
        for (JsonNode b : task.path("buttons")) {
            if (b.path("label").asText().equals(labelOrFragment) || b.path("customId").asText().contains(labelOrFragment)) {
                return b.path("customId").asText();
            }
        }
        throw new AssertionError("no button " + labelOrFragment + " in " + task);
    }

    private static List<String> customIds(JsonNode task) {
        List<String> out = new ArrayList<>();
        task.path("buttons").forEach(b -> out.add(b.path("customId").asText()));
        return out;
    }

    private String finishedUpscale(String prompt) throws IOException, InterruptedException {
        String up = accepted(press(finishedGrid(prompt), "U2", "state", "ref-up"));
        finish(up);
        return up;
    }

    private BufferedImage download(String url, String type) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(type);
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    private static String sent(SimTask t) {
        return Long.toString(t.createdAt().plus(Duration.between(t.createdAt(), t.startsAt()).dividedBy(2)).toEpochMilli());
    }

    private static String ms(Instant i) {
        return Long.toString(i.toEpochMilli());
    }

    // ------------------------------------------------------------------ tests

    @Nested
    @DisplayName("submit and fetch")
    class SubmitAndFetch {
        @Test
        @DisplayName("imagine answers the SubmitResultVO of §3.1: code 1, a 16-digit id, the account's instance ids")
        void imagineAccepted() throws Exception {
            HttpResponse<String> r = post("/mj/submit/imagine", "prompt", "a red fox --ar 16:9", "state", "order-42");
            JsonNode n = json(r);
            String id = n.path("result").asText();
            assertThat(n).isEqualTo(MjProxyFixtures.tree("submit-accepted.json", "id", id));
            assertThat(id).matches("\\d{16}").startsWith(Long.toString(clock.millis()));
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(1);
        }

        @Test
        @DisplayName("a submit while earlier jobs still wait answers code 22 with numberOfQueues (§4, §15)")
        void queued() throws Exception {
            imagine("a fox", "a");
            JsonNode n = json(post("/mj/submit/imagine", "prompt", "a second fox"));
            assertThat(n).isEqualTo(MjProxyFixtures.tree("submit-queued.json", "id", n.path("result").asText(), "ahead", "1"));
        }

        @Test
        @DisplayName("a job reads NOT_START -> SUBMITTED -> IN_PROGRESS n% -> SUCCESS as the clock moves, each the documented task object")
        void statusProgression() throws Exception {
            String prompt = "a red fox in snow --ar 16:9";
            String id = imagine(prompt, "order-42");
            SimTask t = task(id);
            String[] common = {"id", id, "prompt", prompt, "state", "order-42", "submitTime", ms(t.createdAt())};

            assertThat(fetch(id)).isEqualTo(MjProxyFixtures.tree("task-not-start.json", common));

            clock.set(Instant.ofEpochMilli(Long.parseLong(sent(t))).plusMillis(1));
            assertThat(fetch(id)).isEqualTo(MjProxyFixtures.tree("task-submitted.json", with(common, "startTime", sent(t))));

            clock.set(t.startsAt().plus(Duration.between(t.startsAt(), t.endsAt()).dividedBy(2)));
            String percent = Integer.toString(t.progress(clock.instant()));
            assertThat(percent).isIn("48", "49", "50");
            assertThat(fetch(id)).isEqualTo(MjProxyFixtures.tree("task-running.json", with(common, "startTime", sent(t), "percent", percent)));

            clock.set(t.endsAt());
            JsonNode done = fetch(id);
            String hash = done.path("properties").path("messageHash").asText();
            assertThat(hash).as("§8: the job hash is a UUID").matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(done).isEqualTo(MjProxyFixtures.tree("task-success-grid.json", with(common, "startTime", sent(t),
                    "finishTime", ms(t.endsAt()), "imageUrl", t.gridUrl().toString(), "hash", hash)));

            BufferedImage grid = download(done.path("imageUrl").asText(), "image/png");
            assertThat(grid.getWidth()).isEqualTo(1024);
            assertThat(grid.getHeight()).isEqualTo(576);
            assertThat(sandbox.counters().fetches()).isEqualTo(4);
        }

        @Test
        @DisplayName("an unknown task id fetches as HTTP 200 with an empty body (§5.9 OSS v2 / Plus)")
        void unknownFetch() throws Exception {
            HttpResponse<String> r = get("/mj/task/1730621826053455/fetch");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEmpty();
            assertThat(sandbox.counters().fetches()).isEqualTo(1);
        }

        @Test
        @DisplayName("a speed segment before /mj is accepted (§1: /mj-fast/mj/..., /relax/mj/...)")
        void speedPrefix() throws Exception {
            accepted(post("/mj-fast/mj/submit/imagine", "prompt", "a fox"));
            accepted(post("/relax/mj/submit/imagine", "prompt", "a fox"));
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("auth and errors")
    class Errors {
        @Test
        @DisplayName("a missing or wrong mj-api-secret (or the key in Authorization) is HTTP 401 with an empty body, counted, nothing created (§2)")
        void auth() throws Exception {
            String body = "{\"prompt\":\"a fox\"}";
            HttpRequest.Builder none = HttpRequest.newBuilder(URI.create(sandbox.baseUri() + "/mj/submit/imagine"))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            HttpRequest.Builder wrong = HttpRequest.newBuilder(URI.create(sandbox.baseUri() + "/mj/submit/imagine"))
                    .header("mj-api-secret", "sk-wrong").POST(HttpRequest.BodyPublishers.ofString(body));
            HttpRequest.Builder bearer = HttpRequest.newBuilder(URI.create(sandbox.baseUri() + "/mj/task/1/fetch"))
                    .header("Authorization", "Bearer " + sandbox.apiKey()).GET();
            for (HttpRequest.Builder b : List.of(none, wrong, bearer)) {
                HttpResponse<String> r = send(b);
                assertThat(r.statusCode()).isEqualTo(401);
                assertThat(r.body()).isEmpty();
            }
            assertThat(sandbox.counters().rejectedAuth()).isEqualTo(3);
            assertThat(sandbox.counters().tasksCreated()).isZero();
        }

        @Test
        @DisplayName("bad parameters are code 4 in HTTP 200 with the proxy's words (§4); nothing is created")
        void validation() throws Exception {
            assertRefusal(post("/mj/submit/imagine", "prompt", "  "), 4, "prompt不能为空");
            assertRefusal(post("/mj/submit/imagine", "{}"), 4, "prompt不能为空");
            assertRefusal(post("/mj/submit/imagine", "prompt", "a fox", "base64Array", List.of("not-an-image")), 4, "base64格式错误");
            assertRefusal(post("/mj/submit/blend", "base64Array", List.of("https://img.example/a.png")), 4, "base64List参数错误: 需要2-5张图片");
            assertRefusal(post("/mj/submit/blend", "base64Array", List.of(MASK, MASK), "dimensions", "WIDE"), 4, "dimensions参数错误");
            assertRefusal(post("/mj/submit/describe", "{}"), 4, "base64不能为空");
            assertRefusal(post("/mj/submit/shorten", "{}"), 4, "prompt不能为空");
            assertRefusal(post("/mj/submit/action", "taskId", "1730621826053455"), 4, "customId不能为空");
            assertRefusal(post("/mj/submit/modal", "{}"), 4, "taskId不能为空");
            assertRefusal(post("/mj/submit/change", "taskId", "1730621826053455", "action", "ZOOM"), 4, "action参数错误");
            assertThat(sandbox.counters().tasksCreated()).isZero();
        }

        @Test
        @DisplayName("an unreadable body, an unknown route and a wrong method are Spring's error JSON (§10)")
        void springErrors() throws Exception {
            HttpResponse<String> bad = post("/mj/submit/imagine", "prompt=a fox");
            assertThat(bad.statusCode()).isEqualTo(400);
            JsonNode n = MjProxyFixtures.parse(bad.body());
            assertThat(n).isEqualTo(MjProxyFixtures.tree("error-spring.json", "timestamp", n.path("timestamp").asText(),
                    "status", "400", "error", "Bad Request", "path", "/mj/submit/imagine"));
            assertThat(n.path("timestamp").asText()).isEqualTo("2026-01-01T00:00:00.000+00:00");

            HttpResponse<String> missing = get("/mj/nothing/here");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(MjProxyFixtures.parse(missing.body())).isEqualTo(MjProxyFixtures.tree("error-spring.json",
                    "timestamp", "2026-01-01T00:00:00.000+00:00", "status", "404", "error", "Not Found", "path", "/mj/nothing/here"));

            // a known route asked with another method is Spring's 405, on a submit route as on a task route
            for (String path : new String[] {"/mj/submit/imagine", "/mj/task/1730621826053455/cancel"}) {
                HttpResponse<String> wrong = get(path);
                assertThat(wrong.statusCode()).as(path).isEqualTo(405);
                assertThat(MjProxyFixtures.parse(wrong.body())).isEqualTo(MjProxyFixtures.tree("error-spring.json",
                        "timestamp", "2026-01-01T00:00:00.000+00:00", "status", "405", "error", "Method Not Allowed", "path", path));
            }
        }

        @Test
        @DisplayName("faults: queue full (code 23) with HTTP 429 and Retry-After, Spring's 500, nothing created")
        void faults() throws Exception {
            sandbox.faults().rateLimitNext(1, Duration.ofMillis(6500)).serverErrorNext(1);

            HttpResponse<String> limited = post("/mj/submit/imagine", "prompt", "a fox");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(MjProxyFixtures.parse(limited.body())).isEqualTo(MjProxyFixtures.tree("error-rate-limited.json"));

            HttpResponse<String> failed = get("/mj/task/1730621826053455/fetch");
            assertThat(failed.statusCode()).isEqualTo(500);
            JsonNode n = MjProxyFixtures.parse(failed.body());
            assertThat(n.path("status").asInt()).isEqualTo(500);
            assertThat(n.path("error").asText()).isEqualTo("Internal Server Error");
            assertThat(n.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00");

            assertThat(sandbox.counters().faultsInjected()).isEqualTo(2);
            assertThat(sandbox.counters().tasksCreated()).isZero();
        }

        @Test
        @DisplayName("moderation reads as FAILURE '[Banned prompt detected] ...', a vendor error as '[Internal Error] ...' (§6.1, §15)")
        void failures() throws Exception {
            sandbox.faults().promptRejectionRate(1.0);
            String banned = imagine("a forbidden thing", "ref-1");
            sandbox.faults().promptRejectionRate(0).vendorErrorRate(1.0);
            String broken = imagine("a broken thing", "ref-2");
            finish(banned);
            finish(broken);

            SimTask b = task(banned);
            assertThat(fetch(banned)).isEqualTo(MjProxyFixtures.tree("task-failure.json", "id", banned, "prompt", "a forbidden thing",
                    "state", "ref-1", "submitTime", ms(b.createdAt()), "startTime", sent(b), "finishTime", ms(b.endsAt()),
                    "failReason", "[Banned prompt detected] Sorry! Our AI moderator thinks this prompt is probably against our community standards."));
            assertThat(fetch(broken).path("failReason").asText()).isEqualTo("[Internal Error] The job encountered an error and could not be processed");
            assertThat(fetch(broken).path("status").asText()).isEqualTo("FAILURE");
        }

        @Test
        @DisplayName("follow-ups of an unknown task are code 3 '关联任务不存在或已失效' (§4, §10)")
        void unknownParent() throws Exception {
            String unknown = "1730621826053455";
            assertRefusal(post("/mj/submit/action", "taskId", unknown, "customId", "MJ::JOB::upsample::1::x"), 3, "关联任务不存在或已失效");
            assertRefusal(post("/mj/submit/modal", "taskId", unknown, "prompt", "x"), 3, "关联任务不存在或已失效");
            assertRefusal(post("/mj/submit/change", "taskId", unknown, "action", "UPSCALE", "index", "1"), 3, "关联任务不存在或已失效");
            assertRefusal(get("/mj/task/" + unknown + "/image-seed"), 3, "关联任务不存在或已失效");
            assertRefusal(post("/mj/task/" + unknown + "/cancel", ""), 3, "关联任务不存在或已失效");
        }
    }

    @Nested
    @DisplayName("follow-ups through buttons")
    class FollowUps {
        @Test
        @DisplayName("U2 of a finished grid is an UPSCALE with the upscale buttons of §8 and a 512x288 image; the id resolves only on its own task")
        void upscale() throws Exception {
            String prompt = "a lighthouse --ar 16:9";
            String grid = finishedGrid(prompt);
            String up = accepted(press(grid, "U2", "state", "ref-up"));
            assertThat(task(up).parent()).containsSame(task(grid));
            finish(up);

            SimTask t = task(up);
            JsonNode done = fetch(up);
            assertThat(done).isEqualTo(MjProxyFixtures.tree("task-success-upscale.json", "id", up, "prompt", prompt, "parent", grid,
                    "index", "2", "state", "ref-up", "submitTime", ms(t.createdAt()), "startTime", sent(t), "finishTime", ms(t.endsAt()),
                    "imageUrl", t.imageUrl().toString(), "hash", t.attributes().get("messageHash")));
            BufferedImage img = download(done.path("imageUrl").asText(), "image/png");
            assertThat(img.getWidth()).isEqualTo(512);
            assertThat(img.getHeight()).isEqualTo(288);

            // §8: a customId belongs to the task that offered it
            String gridButton = button(fetch(grid), "U1");
            HttpResponse<String> foreign = post("/mj/submit/action", "taskId", up, "customId", gridButton);
            assertThat(json(foreign).path("code").asInt()).isEqualTo(4);
            assertThat(json(foreign).path("description").asText()).startsWith("customId不存在");
            // §5.2: the parent must be SUCCESS
            String running = imagine("still drawing", "ref-x");
            assertRefusal(post("/mj/submit/action", "taskId", running, "customId", gridButton), 4, "关联任务状态错误");
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(3);
        }

        @Test
        @DisplayName("V3, reroll, vary, upscale (subtle), zoom out, make square and pan start the documented actions with grids of the right size")
        void buttons() throws Exception {
            String grid = finishedGrid("a lighthouse --ar 16:9");
            String variation = accepted(press(grid, "V3"));
            String reroll = accepted(press(grid, "reroll"));
            String up = accepted(press(grid, "U1"));
            finish(up);
            String vary = accepted(press(up, "Vary (Strong)"));
            String more = accepted(press(up, "Upscale (Subtle)"));
            String zoom = accepted(press(up, "Zoom Out 2x"));
            String square = accepted(press(up, "Make Square"));
            String pan = accepted(press(up, "pan_left"));
            for (String id : List.of(variation, reroll, vary, more, zoom, square, pan)) {
                finish(id);
            }
            assertThat(fetch(variation).path("action").asText()).isEqualTo("VARIATION");
            assertThat(fetch(variation).path("description").asText()).isEqualTo("/up " + grid + " V3");
            assertThat(fetch(reroll).path("action").asText()).as("§7: a reroll reports its parent's action").isEqualTo("IMAGINE");
            assertThat(fetch(vary).path("action").asText()).isEqualTo("VARIATION");
            assertThat(fetch(more).path("action").asText()).isEqualTo("UPSCALE");
            assertThat(customIds(fetch(more))).noneMatch(c -> c.contains("upsample_")).anyMatch(c -> c.contains("low_variation"));
            assertThat(fetch(zoom).path("action").asText()).isEqualTo("ZOOM");
            assertThat(fetch(pan).path("action").asText()).isEqualTo("PAN");
            for (String id : List.of(variation, reroll, vary, zoom, pan)) {
                BufferedImage img = download(fetch(id).path("imageUrl").asText(), "image/png");
                assertThat(new int[]{img.getWidth(), img.getHeight()}).as(id).containsExactly(1024, 576);
            }
            BufferedImage sq = download(fetch(square).path("imageUrl").asText(), "image/png");
            assertThat(new int[]{sq.getWidth(), sq.getHeight()}).containsExactly(1024, 1024);
            assertThat(customIds(fetch(square))).as("a grid offers U/V/reroll").contains(button(fetch(square), "U4"));
            BufferedImage hd = download(fetch(more).path("imageUrl").asText(), "image/png");
            assertThat(new int[]{hd.getWidth(), hd.getHeight()}).containsExactly(512, 288);
        }

        @Test
        @DisplayName("animate (low motion) ends as a VIDEO with videoUrl / videoUrls and extend buttons; the bookmark creates nothing and answers the parent id")
        void animateAndBookmark() throws Exception {
            String up = finishedUpscale("a lighthouse --ar 16:9");
            long before = sandbox.counters().tasksCreated();
            JsonNode bookmark = json(press(up, "BOOKMARK"));
            assertThat(bookmark.path("code").asInt()).isEqualTo(1);
            assertThat(bookmark.path("result").asText()).isEqualTo(up);
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(before);

            String video = accepted(press(up, "Animate (Low motion)"));
            finish(video);
            JsonNode v = fetch(video);
            assertThat(v.path("action").asText()).isEqualTo("VIDEO");
            assertThat(v.path("status").asText()).isEqualTo("SUCCESS");
            assertThat(v.path("videoUrl").asText()).isEqualTo(task(video).videoUrl().toString());
            assertThat(v.path("videoUrls").get(0).path("url").asText()).isEqualTo(task(video).videoUrl().toString());
            assertThat(customIds(v)).anyMatch(c -> c.startsWith("MJ::JOB::animate_low_extend::1::"));
            assertThat(download(v.path("videoUrl").asText(), "image/gif")).isNotNull();
        }

        @Test
        @DisplayName("/submit/change and /submit/simple-change do U/V/reroll on grids only (§5.3)")
        void change() throws Exception {
            String grid = finishedGrid("a fox --ar 3:2");
            String u2 = accepted(post("/mj/submit/change", "taskId", grid, "action", "UPSCALE", "index", "2", "state", "c-1"));
            String v1 = accepted(post("/mj/submit/simple-change", "content", grid + " v1"));
            String r = accepted(post("/mj/submit/simple-change", "content", grid + " R"));
            finish(u2);
            finish(v1);
            finish(r);
            assertThat(fetch(u2).path("description").asText()).isEqualTo("/up " + grid + " U2");
            assertThat(fetch(u2).path("state").asText()).isEqualTo("c-1");
            assertThat(fetch(v1).path("description").asText()).isEqualTo("/up " + grid + " V1");
            assertThat(fetch(r).path("action").asText()).isEqualTo("IMAGINE");
            assertThat(task(u2).index()).isEqualTo(2);
            assertRefusal(post("/mj/submit/change", "taskId", u2, "action", "VARIATION", "index", "1"), 4, "关联任务状态错误");
            assertRefusal(post("/mj/submit/change", "taskId", grid, "action", "UPSCALE", "index", "5"), 4, "index参数错误: 1-4");
            assertRefusal(post("/mj/submit/simple-change", "content", grid + " X9"), 4, "content参数错误");
        }
    }

    @Nested
    @DisplayName("the MODAL flow (§4 code 21, §5.4)")
    class Modal {
        @Test
        @DisplayName("Vary (Region) answers code 21 with a MODAL task, which /submit/modal with the mask turns into a job under the same id")
        void varyRegion() throws Exception {
            String up = finishedUpscale("a lighthouse --ar 16:9");
            long before = sandbox.counters().tasksCreated();
            JsonNode r = json(press(up, "Vary (Region)", "state", "ref-vr"));
            String modal = r.path("result").asText();
            assertThat(r).isEqualTo(MjProxyFixtures.tree("submit-modal.json", "id", modal, "finalPrompt", ""));
            assertThat(sandbox.counters().tasksCreated()).as("a MODAL task is no job yet").isEqualTo(before);
            assertThat(fetch(modal)).isEqualTo(MjProxyFixtures.tree("task-modal.json", "id", modal, "action", "VARIATION",
                    "prompt", "a lighthouse --ar 16:9", "parent", up, "button", "Vary (Region)", "state", "ref-vr",
                    "submitTime", Long.toString(clock.millis()), "finalPrompt", ""));

            assertRefusal(post("/mj/submit/modal", "taskId", modal, "prompt", "a red door"), 4, "maskBase64不能为空");
            JsonNode ok = json(post("/mj/submit/modal", "taskId", modal, "prompt", "a red door", "maskBase64", MASK));
            assertThat(ok).isEqualTo(MjProxyFixtures.tree("submit-accepted.json", "id", modal));
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(before + 1);
            assertRefusal(post("/mj/submit/modal", "taskId", modal, "maskBase64", MASK), 4, "任务状态错误: task " + modal + " is not waiting in MODAL");

            assertThat(fetch(modal).path("status").asText()).isEqualTo("NOT_START");
            finish(modal);
            JsonNode done = fetch(modal);
            assertThat(done.path("status").asText()).isEqualTo("SUCCESS");
            assertThat(done.path("action").asText()).isEqualTo("VARIATION");
            assertThat(done.path("state").asText()).isEqualTo("ref-vr");
            assertThat(done.path("description").asText()).isEqualTo("/up " + up + " Vary (Region)");
            assertThat(done.path("prompt").asText()).as("the remix prompt keeps the parent's aspect ratio").isEqualTo("a red door --ar 16:9");
            BufferedImage img = download(done.path("imageUrl").asText(), "image/png");
            assertThat(new int[]{img.getWidth(), img.getHeight()}).containsExactly(1024, 576);
        }

        @Test
        @DisplayName("Custom Zoom opens a window prefilled with '--zoom 2'; its modal takes --zoom 1 to 2 only")
        void customZoom() throws Exception {
            String up = finishedUpscale("a lighthouse --ar 16:9");
            JsonNode r = json(press(up, "Custom Zoom"));
            String modal = r.path("result").asText();
            assertThat(r).isEqualTo(MjProxyFixtures.tree("submit-modal.json", "id", modal, "finalPrompt", "a lighthouse --ar 16:9 --zoom 2"));
            assertRefusal(post("/mj/submit/modal", "taskId", modal, "prompt", "a lighthouse --ar 16:9 --zoom 3"), 4,
                    "Invalid zoom value: --zoom takes 1 to 2, got 3");
            accepted(post("/mj/submit/modal", "taskId", modal, "prompt", "a lighthouse --ar 16:9 --zoom 1.5"));
            finish(modal);
            JsonNode done = fetch(modal);
            assertThat(done.path("action").asText()).isEqualTo("ZOOM");
            assertThat(done.path("prompt").asText()).isEqualTo("a lighthouse --ar 16:9 --zoom 1.5");
        }

        @Test
        @DisplayName("enableRemix makes a pan a modal whose prompt is used; without it the pan starts at once")
        void remix() throws Exception {
            String up = finishedUpscale("a lighthouse --ar 16:9");
            JsonNode r = json(press(up, "pan_left", "enableRemix", true));
            assertThat(r.path("code").asInt()).isEqualTo(21);
            assertThat(r.path("properties").path("finalPrompt").asText()).isEqualTo("a lighthouse --ar 16:9");
            String modal = r.path("result").asText();
            accepted(post("/mj/submit/modal", "taskId", modal, "prompt", "a red boat"));
            assertThat(json(press(up, "pan_right")).path("code").asInt()).isIn(1, 22);
            finish(modal);
            assertThat(fetch(modal).path("prompt").asText()).isEqualTo("a red boat --ar 16:9");
            assertThat(fetch(modal).path("action").asText()).isEqualTo("PAN");
        }

        @Test
        @DisplayName("a MODAL task can be cancelled; its modal is then refused")
        void cancelModal() throws Exception {
            String up = finishedUpscale("a lighthouse");
            String modal = json(press(up, "Vary (Region)")).path("result").asText();
            assertThat(json(post("/mj/task/" + modal + "/cancel", ""))).isEqualTo(MjProxyFixtures.tree("cancel.json"));
            assertThat(fetch(modal).path("status").asText()).isEqualTo("CANCEL");
            assertRefusal(post("/mj/submit/modal", "taskId", modal, "maskBase64", MASK), 4, "任务状态错误: task " + modal + " was cancelled");
        }
    }

    @Nested
    @DisplayName("describe, shorten and seed")
    class Texts {
        @Test
        @DisplayName("describe of a sandbox image suggests four prompts about it in properties.finalPrompt; a PicReader pick imagines one through the modal")
        void describe() throws Exception {
            String grid = finishedGrid("a lighthouse --ar 16:9");
            String link = task(grid).gridUrl().toString();
            String d = accepted(post("/mj/submit/describe", "link", link, "state", "ref-d"));
            finish(d);
            JsonNode done = fetch(d);
            List<String> texts = task(d).texts();
            assertThat(done.path("action").asText()).isEqualTo("DESCRIBE");
            assertThat(done.path("imageUrl").asText()).as("§5.6: the image read").isEqualTo(link);
            assertThat(done.path("properties").path("finalPrompt").asText()).isEqualTo(String.join("\n\n", texts));
            assertThat(texts).hasSize(4).allMatch(s -> s.contains("a lighthouse"));
            assertThat(customIds(done)).containsExactly("MJ::Job::PicReader::1", "MJ::Job::PicReader::2", "MJ::Job::PicReader::3",
                    "MJ::Job::PicReader::4", "MJ::Picread::Retry");

            JsonNode pick = json(post("/mj/submit/action", "taskId", d, "customId", "MJ::Job::PicReader::2"));
            assertThat(pick.path("code").asInt()).isEqualTo(21);
            String suggestion = texts.get(1).substring(3).strip();
            assertThat(pick.path("properties").path("finalPrompt").asText()).isEqualTo(suggestion);
            String imagine = pick.path("result").asText();
            accepted(post("/mj/submit/modal", "taskId", imagine));
            finish(imagine);
            JsonNode picked = fetch(imagine);
            assertThat(picked.path("action").asText()).isEqualTo("IMAGINE");
            assertThat(picked.path("prompt").asText()).isEqualTo(suggestion);
            assertThat(picked.path("description").asText()).isEqualTo("/imagine " + suggestion);

            String retry = accepted(post("/mj/submit/action", "taskId", d, "customId", "MJ::Picread::Retry"));
            assertThat(task(retry).kind()).hasToString("DESCRIBE");
        }

        @Test
        @DisplayName("shorten answers the analysis with numbered prompts and PromptAnalyzer picks (§5.7)")
        void shorten() throws Exception {
            String s = accepted(post("/mj/submit/shorten", "prompt", "a very detailed painting of a lighthouse at dusk --ar 3:2"));
            finish(s);
            JsonNode done = fetch(s);
            assertThat(done.path("action").asText()).isEqualTo("SHORTEN");
            assertThat(done.path("imageUrl").isNull()).isTrue();
            String text = done.path("properties").path("finalPrompt").asText();
            assertThat(text).startsWith("**Important tokens**").contains("**Shortened prompts**");
            task(s).texts().forEach(t -> assertThat(text).contains(t));
            assertThat(customIds(done)).containsExactly("MJ::Job::PromptAnalyzer::1", "MJ::Job::PromptAnalyzer::2",
                    "MJ::Job::PromptAnalyzer::3", "MJ::Job::PromptAnalyzer::4");
        }

        @Test
        @DisplayName("image-seed answers the job's seed as {code:1, result} and refuses jobs without one (§5.9)")
        void seed() throws Exception {
            String grid = finishedGrid("a fox");
            assertThat(json(get("/mj/task/" + grid + "/image-seed")))
                    .isEqualTo(MjProxyFixtures.tree("seed.json", "seed", Long.toString(task(grid).seed())));
            String running = imagine("a slow fox", "r");
            assertRefusal(get("/mj/task/" + running + "/image-seed"), 4, "关联任务状态错误");
            String shorten = accepted(post("/mj/submit/shorten", "prompt", "a fox"));
            finish(shorten);
            assertThat(json(get("/mj/task/" + shorten + "/image-seed")).path("code").asInt()).isEqualTo(4);
            assertThat(sandbox.counters().fetches()).as("each image-seed counts as a status query").isEqualTo(3);
        }
    }

    @Nested
    @DisplayName("queries, cancel and callbacks")
    class Queries {
        @Test
        @DisplayName("list-by-condition returns the known ids and omits the others; query filters by state in a page; list and queue are newest first")
        void queries() throws Exception {
            String a = imagine("a fox", "ref-a");
            String b = imagine("a cat", "ref-b");
            long fetches = sandbox.counters().fetches();

            JsonNode listed = json(post("/mj/task/list-by-condition", "ids", List.of(a, "1730621826053455", b)));
            assertThat(listed).hasSize(2);
            assertThat(listed.get(0).path("id").asText()).isEqualTo(a);
            assertThat(listed.get(1)).isEqualTo(fetch(b));
            assertThat(json(post("/mj/task/list-by-condition", "ids", List.of()))).isEmpty();

            JsonNode page = json(post("/mj/task/query", "state", "ref-b", "pageNumber", "0", "pageSize", "10", "sort", "id,desc"));
            assertThat(page.path("content")).hasSize(1);
            assertThat(page.path("content").get(0).path("id").asText()).isEqualTo(b);
            assertThat(page.path("totalElements").asInt()).isEqualTo(1);
            JsonNode all = json(post("/mj/task/query", "{}"));
            assertThat(all.path("content").findValuesAsText("id")).containsExactly(b, a);

            assertThat(json(get("/mj/task/list")).findValuesAsText("id")).containsExactly(b, a);
            assertThat(json(get("/mj/task/queue")).findValuesAsText("id")).containsExactly(b, a);
            finish(a);
            finish(b);
            assertThat(json(get("/mj/task/queue"))).isEmpty();
            assertThat(sandbox.counters().fetches() - fetches).as("each query counts once").isEqualTo(8);
        }

        @Test
        @DisplayName("a queued job can be cancelled (Plus {code:1}) and then reads CANCEL; a running one cannot")
        void cancel() throws Exception {
            String id = imagine("a fox", "ref-c");
            HttpResponse<String> r = post("/mj/task/" + id + "/cancel", "");
            assertThat(json(r)).isEqualTo(MjProxyFixtures.tree("cancel.json"));
            SimTask t = task(id);
            assertThat(fetch(id)).isEqualTo(MjProxyFixtures.tree("task-cancel.json", "id", id, "prompt", "a fox", "state", "ref-c",
                    "submitTime", ms(t.createdAt()), "finishTime", Long.toString(clock.millis())));
            assertThat(json(post("/mj/task/" + id + "/cancel", "")).path("code").asInt()).isEqualTo(4);

            String running = imagine("a cat", "ref-d");
            clock.set(task(running).startsAt());
            assertRefusal(post("/mj/task/" + running + "/cancel", ""), 4,
                    "任务状态错误: task " + running + " is IN_PROGRESS and cannot be cancelled");
        }

        @Test
        @DisplayName("notifyHook receives the full SUCCESS task object by POST when the job ends (§9)")
        void callback() throws Exception {
            CompletableFuture<String> received = new CompletableFuture<>();
            HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            hook.createContext("/hook", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (exchange.getRequestMethod().equals("POST")
                            && exchange.getRequestHeaders().getFirst("Content-Type").startsWith("application/json")) {
                        received.complete(body);
                    }
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            hook.start();
            try {
                String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook?k=secret";
                String id = accepted(post("/mj/submit/imagine", "prompt", "a fox", "state", "ref-cb", "notifyHook", url));
                assertThat(fetch(id).path("properties").path("notifyHook").asText()).as("§3.2: the hook is echoed").isEqualTo(url);
                finish(id);
                JsonNode body = MjProxyFixtures.parse(received.get(10, TimeUnit.SECONDS));
                assertThat(body.path("status").asText()).isEqualTo("SUCCESS");
                assertThat(body).isEqualTo(fetch(id));
                assertThat(sandbox.counters().callbacksSent()).isEqualTo(1);
            } finally {
                hook.stop(0);
            }
        }
    }

    @Test
    @DisplayName("with a state folder (the mj command line), a later sandbox still knows the grids, their buttons and a task waiting in MODAL")
    void stateFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        sandbox.close();
        sandbox = MjSandbox.start("mjproxy", SandboxOptions.builder().clock(clock).timeScale(1).stateDir(dir).build());
        String up = finishedUpscale("a lighthouse --ar 16:9");
        String before = fetch(up).toString();
        String oldBase = sandbox.baseUri().toString();
        String modal = json(press(up, "Vary (Region)", "state", "ref-later")).path("result").asText();
        sandbox.close();

        sandbox = MjSandbox.start("mjproxy", SandboxOptions.builder().clock(clock).timeScale(1).stateDir(dir).build());
        assertThat(fetch(up).toString()).as("the same task object, its files under the new port")
                .isEqualTo(before.replace(oldBase, sandbox.baseUri().toString()));
        assertThat(fetch(modal).path("status").asText()).isEqualTo("MODAL");
        assertThat(accepted(post("/mj/submit/modal", "taskId", modal, "maskBase64", MASK))).isEqualTo(modal);
        finish(modal);
        JsonNode done = fetch(modal);
        assertThat(done.path("status").asText()).isEqualTo("SUCCESS");
        assertThat(done.path("state").asText()).isEqualTo("ref-later");
        assertThat(accepted(press(up, "Zoom Out 2x"))).as("a new id, not one of the earlier run's").isNotIn(up, modal);
    }

    private static String[] with(String[] base, String... more) {
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }
}
