package io.mj4j.sandbox.ohmygpt;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.sandbox.ohmygpt.OhMyGptClient.Reply;
import io.mj4j.sandbox.TestClock;
import io.mj4j.sandbox.vendor.SimTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.mj4j.sandbox.ohmygpt.OhMyGptClient.MJ;
import static io.mj4j.sandbox.ohmygpt.OhMyGptClient.fixture;
import static io.mj4j.sandbox.ohmygpt.OhMyGptClient.json;
import static io.mj4j.sandbox.ohmygpt.OhMyGptClient.time;
import static org.assertj.core.api.Assertions.assertThat;

/** The OhMyGPT simulator on the wire, against shared/vendors/ohmygpt.md (§n below) and the fixtures. */
@DisplayName("The OhMyGPT simulator")
class OhMyGptSimulatorTest {
    private static final String FOX = "a red fox in fresh snow --ar 16:9 --v 7";
    private static final String PNG_DATA_URL = "data:image/png;base64,iVBORw0KGgo=";

    private final TestClock clock = new TestClock();
    private MjSandbox sandbox;
    private OhMyGptClient client;

    @BeforeEach
    void start() {
        sandbox = MjSandbox.start("ohmygpt", SandboxOptions.builder().clock(clock).timeScale(1).seed(7).build());
        client = new OhMyGptClient(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private SimTask task(String id) {
        return sandbox.tasks().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    /** Moves the clock to the end of job {@code id} (never back). */
    private void finish(String id) {
        Instant end = task(id).endsAt();
        if (clock.instant().isBefore(end)) {
            clock.set(end);
        }
    }

    private static Map<String, String> values(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String job(Reply r) {
        String first = r.data().path("actions").get(0).path("customId").asText();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}").matcher(first);
        assertThat(m.find()).as("a Discord job id in " + first).isTrue();
        return m.group();
    }

    @Nested
    @DisplayName("submitting")
    class Submitting {
        @Test
        @DisplayName("imagine answers the envelope with the new task id as an integer (§5.1) and creates one task")
        void imagineAnswersIntegerId() {
            Reply r = client.post(MJ + "imagine", json(Map.of("model", "midjourney", "prompt", FOX, "type", "FAST")));

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.data().isIntegralNumber()).as("data is a JSON integer").isTrue();
            assertThat(r.body()).isEqualTo(fixture("submit-accepted.json", values("__TASK_ID__", r.data().asText())));
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(1);
            assertThat(client.imagine(FOX)).as("ids are sequential").isEqualTo(Long.toString(r.data().asLong() + 1));
        }

        @Test
        @DisplayName("a form-encoded imagine (the docs' encoding, §3) is accepted like a JSON one, arrays as repeated keys")
        void formBodyAccepted() {
            Reply r = client.postForm(MJ + "imagine", "model=midjourney&prompt=" + java.net.URLEncoder.encode(FOX, StandardCharsets.UTF_8)
                    + "&type=NORMAL&base64Array=" + java.net.URLEncoder.encode(PNG_DATA_URL, StandardCharsets.UTF_8)
                    + "&base64Array=" + java.net.URLEncoder.encode(PNG_DATA_URL, StandardCharsets.UTF_8));

            assertThat(r.statusCode()).isEqualTo(200);
            Reply q = client.query(r.data().asText());
            assertThat(q.data().path("prompt").asText()).isEqualTo(FOX);
            assertThat(q.data().path("taskType").asText()).isEqualTo("NORMAL");
        }

        static Stream<Arguments> refusals() {
            return Stream.of(
                    Arguments.of("imagine without a prompt", "imagine", Map.of("model", "midjourney"), "prompt is required"),
                    Arguments.of("imagine with a blank prompt", "imagine", Map.of("model", "midjourney", "prompt", "  "), "prompt is required"),
                    Arguments.of("imagine without model", "imagine", Map.of("prompt", FOX), "model is required"),
                    Arguments.of("imagine with another model", "imagine", Map.of("model", "dall-e-3", "prompt", FOX), "model is required"),
                    Arguments.of("imagine with pool TURBO", "imagine", Map.of("model", "midjourney", "prompt", FOX, "type", "TURBO"), "type must be FAST or NORMAL"),
                    Arguments.of("imagine with --ar 0:0", "imagine", Map.of("model", "midjourney", "prompt", "a fox --ar 0:0"), "Invalid parameter: "),
                    Arguments.of("imagine with a webhook that is no URL", "imagine", Map.of("model", "midjourney", "prompt", FOX, "webhook", "mailto:x"), "webhook must be an http(s) URL"),
                    Arguments.of("imagine with a reference that is no data URL", "imagine", Map.of("model", "midjourney", "prompt", FOX, "base64Array", List.of("https://x/y.png")), "data URLs"),
                    Arguments.of("action without customId", "action", Map.of("model", "midjourney", "taskId", "1001"), "customId is required"),
                    Arguments.of("action without taskId", "action", Map.of("model", "midjourney", "customId", "MJ::JOB::upsample::1::x"), "taskId is required"),
                    Arguments.of("blend of one image", "blend", Map.of("model", "midjourney", "base64Array", List.of(PNG_DATA_URL)), "2 to 5 images, got 1"),
                    Arguments.of("blend of six images", "blend", Map.of("model", "midjourney", "base64Array", List.of(PNG_DATA_URL, PNG_DATA_URL,
                            PNG_DATA_URL, PNG_DATA_URL, PNG_DATA_URL, PNG_DATA_URL)), "2 to 5 images, got 6"),
                    Arguments.of("blend in an unknown shape", "blend", Map.of("model", "midjourney", "base64Array", List.of(PNG_DATA_URL, PNG_DATA_URL),
                            "dimensions", "WIDE"), "dimensions must be PORTRAIT, SQUARE or LANDSCAPE"),
                    Arguments.of("describe without an image", "describe", Map.of("model", "midjourney"), "base64 is required"),
                    Arguments.of("query without taskId", "query", Map.of("model", "midjourney"), "taskId is required"));
        }

        @ParameterizedTest(name = "{0} is refused")
        @MethodSource("refusals")
        @DisplayName("a bad request is refused with statusCode 400 and the reason inside an HTTP 200 (§9, §12), creating nothing")
        void refused(String what, String endpoint, Map<String, Object> body, String reason) {
            Reply r = client.post(MJ + endpoint, json(body));

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.message()).contains(reason);
            assertThat(r.body()).isEqualTo(fixture("error-refused.json", values("__MESSAGE__", r.message())));
            assertThat(sandbox.counters().tasksCreated()).isZero();
        }
    }

    @Nested
    @DisplayName("authentication")
    class Authentication {
        @Test
        @DisplayName("a missing key, a wrong key and another scheme get HTTP 401 with statusCode 401, counted, nothing created (§2, §4)")
        void refusesBadKeys() {
            String body = json(Map.of("model", "midjourney", "prompt", FOX));
            List<Reply> replies = List.of(
                    client.send(client.request(MJ + "imagine").POST(HttpRequest.BodyPublishers.ofString(body))),
                    client.send(client.request(MJ + "imagine").header("Authorization", "Bearer sk-wrong").POST(HttpRequest.BodyPublishers.ofString(body))),
                    client.send(client.request(MJ + "imagine").header("Authorization", "Basic " + sandbox.apiKey()).POST(HttpRequest.BodyPublishers.ofString(body))));

            for (Reply r : replies) {
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.body()).isEqualTo(fixture("error-unauthorized.json", Map.of()));
            }
            assertThat(sandbox.counters().rejectedAuth()).isEqualTo(3);
            assertThat(sandbox.counters().tasksCreated()).isZero();
        }

        @Test
        @DisplayName("the scheme word is read in any case, the key exactly")
        void schemeCaseInsensitive() {
            Reply r = client.send(client.request(MJ + "imagine").header("Authorization", "bearer " + sandbox.apiKey())
                    .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("model", "midjourney", "prompt", FOX)))));
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Nested
    @DisplayName("querying")
    class Querying {
        @Test
        @DisplayName("a job reads NOT_START, SUBMITTED, IN_PROGRESS with a growing n%, then SUCCESS at 100% with its grid, as the clock moves (§5.5, §6)")
        void statusProgression() {
            Instant t0 = clock.instant();
            String id = client.imagine(FOX);
            SimTask t = task(id);

            assertThat(client.query(id).body()).isEqualTo(fixture("task-queued.json",
                    values("__TASK_ID__", id, "__STATUS__", "NOT_START", "__SUBMIT__", time(t0))));

            clock.advance(Duration.ofMillis(2700)); // the queue lasts 2.8-5.2 s; its second half reads SUBMITTED
            assertThat(client.query(id).body()).isEqualTo(fixture("task-queued.json",
                    values("__TASK_ID__", id, "__STATUS__", "SUBMITTED", "__SUBMIT__", time(t0))));

            clock.set(t0.plusSeconds(6));
            Reply running = client.query(id);
            String start = running.data().path("startTime").asText();
            assertThat(Instant.parse(start)).isBetween(t0.plusMillis(2800), t0.plusMillis(5200));
            int early = t.progress(clock.instant());
            assertThat(running.body()).isEqualTo(fixture("task-in-progress.json",
                    values("__TASK_ID__", id, "__PERCENT__", Integer.toString(early), "__SUBMIT__", time(t0), "__START__", start)));

            clock.set(Instant.parse(start).minusMillis(1));
            assertThat(client.query(id).data().path("status").asText()).as("just before startTime").isEqualTo("SUBMITTED");
            clock.set(Instant.parse(start));
            assertThat(client.query(id).data().path("status").asText()).as("at startTime").isEqualTo("IN_PROGRESS");

            clock.set(t0.plusSeconds(30));
            String later = client.query(id).data().path("progress").asText();
            assertThat(Integer.parseInt(later.replace("%", ""))).isGreaterThan(early).isLessThan(100);

            finish(id);
            Reply done = client.query(id);
            assertThat(done.body()).isEqualTo(fixture("task-success-grid.json", values("__TASK_ID__", id, "__JOB__", job(done),
                    "__SUBMIT__", time(t0), "__START__", start, "__FINISH__", time(t.endsAt()), "__IMAGE__", t.gridUrl().toString())));
            assertThat(job(done)).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(sandbox.counters().fetches()).isEqualTo(7);

            BufferedImage grid = client.image(done.data().path("imageDcUrl").asText());
            assertThat(grid.getWidth()).isEqualTo(1024);
            assertThat(grid.getHeight()).isEqualTo(576);
        }

        @Test
        @DisplayName("an unknown or malformed task id is refused with statusCode 400 'Task not found' on query and action")
        void unknownTaskId() {
            for (String id : List.of("999999", "abc")) {
                Reply q = client.query(id);
                assertThat(q.status()).isEqualTo(200);
                assertThat(q.body()).isEqualTo(fixture("error-refused.json", values("__MESSAGE__", "Task not found: " + id)));
                Reply a = client.action(id, "MJ::JOB::upsample::1::0b33153d-f3c4-486b-9b4a-000000000000");
                assertThat(a.body()).isEqualTo(fixture("error-refused.json", values("__MESSAGE__", "Task not found: " + id)));
            }
            assertThat(sandbox.counters().fetches()).isEqualTo(2);
            assertThat(sandbox.counters().tasksCreated()).isZero();
        }

        @Test
        @DisplayName("a job moderation rejected reads FAILURE with a 'Banned prompt' failReason (§6, §12)")
        void moderationFailure() {
            sandbox.faults().promptRejectionRate(1.0);
            Instant t0 = clock.instant();
            String id = client.imagine(FOX);
            SimTask t = task(id);
            finish(id);

            Reply r = client.query(id);
            assertThat(r.body()).isEqualTo(fixture("task-failure.json", values("__TASK_ID__", id, "__REASON__", t.failureMessage(),
                    "__SUBMIT__", time(t0), "__START__", r.data().path("startTime").asText(), "__FINISH__", time(t.endsAt()))));
            assertThat(r.data().path("failReason").asText()).startsWith("Banned prompt detected");
        }

        @Test
        @DisplayName("a job with a vendor error reads FAILURE with the generic failReason")
        void vendorErrorFailure() {
            sandbox.faults().vendorErrorRate(1.0);
            String id = client.imagine(FOX);
            finish(id);

            Reply r = client.query(id);
            assertThat(r.data().path("status").asText()).isEqualTo("FAILURE");
            assertThat(r.data().path("failReason").asText()).isEqualTo(task(id).failureMessage()).doesNotContainIgnoringCase("banned");
            assertThat(r.data().path("imageDcUrl").isNull()).isTrue();
        }

        @Test
        @DisplayName("a stalled job stays IN_PROGRESS at 47% however long one waits")
        void stall() {
            sandbox.faults().stallRate(1.0);
            String id = client.imagine(FOX);
            clock.advance(Duration.ofHours(2));

            Reply r = client.query(id);
            assertThat(r.data().path("status").asText()).isEqualTo("IN_PROGRESS");
            assertThat(r.data().path("progress").asText()).isEqualTo("47%");
            assertThat(r.data().path("finishTime").isNull()).isTrue();
        }

        @Test
        @DisplayName("query-mj-tasks pages every task newest first with the total (§5.6); a pageSize outside 5-20 is refused")
        void pagedList() {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                ids.add(client.imagine("a fox number " + i));
            }
            Reply first = client.post(MJ + "query-mj-tasks?page=1&pageSize=5", json(Map.of("model", "midjourney")));
            Reply second = client.post(MJ + "query-mj-tasks?page=2&pageSize=5", json(Map.of("model", "midjourney")));

            assertThat(first.data().path("total").asInt()).isEqualTo(7);
            assertThat(first.data().path("tasks")).extracting(n -> n.path("taskId").asText())
                    .containsExactly(ids.get(6), ids.get(5), ids.get(4), ids.get(3), ids.get(2));
            assertThat(second.data().path("tasks")).extracting(n -> n.path("taskId").asText()).containsExactly(ids.get(1), ids.get(0));
            assertThat(first.data().path("tasks").get(0)).isEqualTo(client.query(ids.get(6)).data());
            assertThat(sandbox.counters().fetches()).isEqualTo(3);

            Reply bad = client.post(MJ + "query-mj-tasks?page=1&pageSize=4", json(Map.of("model", "midjourney")));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.message()).contains("pageSize must be 5 to 20");
        }

        @Test
        @DisplayName("the balance answers data.balance as a string (§5.8)")
        void balance() {
            Reply r = client.post("/api/v1/user/admin/balance", "");
            assertThat(r.body()).isEqualTo(fixture("balance.json", Map.of()));
        }

        @Test
        @DisplayName("an unknown path, or the query as a GET, is a 404 in the envelope")
        void unknownPath() {
            Reply unknown = client.post(MJ + "nope", json(Map.of("model", "midjourney")));
            Reply get = client.send(client.request(MJ + "query?taskId=1").header("Authorization", "Bearer " + sandbox.apiKey()).GET());

            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.data().isNull()).isTrue();
            assertThat(get.status()).isEqualTo(404);
            assertThat(get.message()).isEqualTo("Cannot GET " + MJ + "query");
        }
    }

    @Nested
    @DisplayName("follow-ups")
    class FollowUps {
        private String finishedGrid(String prompt) {
            String id = client.imagine(prompt);
            finish(id);
            return id;
        }

        private List<String> customIds(String id) {
            List<String> out = new ArrayList<>();
            client.query(id).data().path("actions").forEach(a -> out.add(a.path("customId").asText()));
            return out;
        }

        @Test
        @DisplayName("U2 of a grid (§5.2) makes a new task; its SUCCESS is a 512x288 image with the upscale's buttons; the parent is unchanged")
        void upscaleResolvesCustomId() {
            String parent = finishedGrid(FOX);
            Reply before = client.query(parent);
            String u2 = "MJ::JOB::upsample::2::" + job(before);

            Instant submitted = clock.instant();
            Reply r = client.action(parent, u2);
            assertThat(r.body()).isEqualTo(fixture("submit-accepted.json", values("__TASK_ID__", Long.toString(Long.parseLong(parent) + 1))));
            String id = r.data().asText();
            SimTask t = task(id);
            assertThat(t.parent()).map(SimTask::id).hasValue(parent);
            assertThat(t.attributes()).containsEntry("customId", u2);
            finish(id);

            Reply done = client.query(id);
            assertThat(job(done)).isNotEqualTo(job(before));
            assertThat(done.body()).isEqualTo(fixture("task-success-upscale.json", values("__TASK_ID__", id, "__PARENT__", parent,
                    "__JOB__", job(done), "__SUBMIT__", time(submitted), "__START__", done.data().path("startTime").asText(),
                    "__FINISH__", time(t.endsAt()), "__IMAGE__", t.imageUrl().toString())));
            BufferedImage image = client.image(t.imageUrl().toString());
            assertThat(image.getWidth()).isEqualTo(512);
            assertThat(image.getHeight()).isEqualTo(288);
            assertThat(client.query(parent).body()).isEqualTo(before.body());
        }

        @Test
        @DisplayName("every button of a grid and of an upscale starts the job it names, with a grid or a single image")
        void everyButtonWorks() {
            String grid = finishedGrid(FOX);
            Map<String, String> started = new LinkedHashMap<>();
            for (String customId : customIds(grid)) {
                started.put(customId, client.action(grid, customId).data().asText());
            }
            String upscale = started.get("MJ::JOB::upsample::1::" + job(client.query(grid)));
            finish(upscale);
            for (String customId : customIds(upscale)) {
                Map<String, String> body = new LinkedHashMap<>(Map.of("model", "midjourney", "taskId", upscale, "customId", customId));
                if (customId.startsWith("MJ::Inpaint::")) {
                    body.put("base64Mask", PNG_DATA_URL);
                }
                Reply r = client.post(MJ + "action", json(body));
                if (customId.startsWith("MJ::CustomZoom::") || customId.startsWith("MJ::BOOKMARK::")) {
                    assertThat(r.statusCode()).as(customId).isEqualTo(400);
                    assertThat(r.message()).contains("cannot be executed through this API");
                } else {
                    assertThat(r.statusCode()).as(customId).isEqualTo(200);
                    started.put(customId, r.data().asText());
                }
            }
            assertThat(started).hasSize(9 + 12);

            started.forEach((customId, id) -> {
                finish(id);
                JsonNode d = client.query(id).data();
                String expected = customId.contains("::upsample") ? "UPSCALE" : customId.contains("::reroll::") ? "REROLL"
                        : customId.contains("Outpaint") ? "ZOOM" : customId.contains("::pan_") ? "PAN" : "VARIATION";
                assertThat(d.path("status").asText()).as(customId).isEqualTo("SUCCESS");
                assertThat(d.path("action").asText()).as(customId).isEqualTo(expected);
                String url = d.path("imageDcUrl").asText();
                assertThat(url).as(customId).endsWith(expected.equals("UPSCALE") ? "/image.png" : "/grid.png");
                assertThat(d.path("description").asText()).as(customId).startsWith("/up ");
            });

            String square = started.get(customIds(upscale).stream().filter(c -> c.startsWith("MJ::Outpaint::100::")).findFirst().orElseThrow());
            JsonNode squared = client.query(square).data();
            assertThat(squared.path("prompt").asText()).isEqualTo("a red fox in fresh snow --v 7 --ar 1:1");
            BufferedImage img = client.image(squared.path("imageDcUrl").asText());
            assertThat(img.getWidth()).isEqualTo(img.getHeight()).isEqualTo(1024);
        }

        @Test
        @DisplayName("an upscale of a --v 5.2 job offers the v5 upscalers 2x and 4x")
        void v5Upscalers() {
            String grid = finishedGrid("a lighthouse --v 5.2");
            String up = client.action(grid, "MJ::JOB::upsample::3::" + job(client.query(grid))).data().asText();
            finish(up);

            assertThat(customIds(up)).filteredOn(c -> c.contains("upsample_v"))
                    .containsExactly("MJ::JOB::upsample_v5_2x::1::" + job(client.query(up)) + "::SOLO",
                            "MJ::JOB::upsample_v5_4x::1::" + job(client.query(up)) + "::SOLO");
            assertThat(customIds(up)).as("a square image has no Make Square").noneMatch(c -> c.startsWith("MJ::Outpaint::100::"));
        }

        @Test
        @DisplayName("a button of another task, a button of an unfinished task, and Vary (Region) without a mask are refused")
        void refusedFollowUps() {
            String a = finishedGrid(FOX);
            String b = finishedGrid(FOX);
            Reply foreign = client.action(a, "MJ::JOB::upsample::1::" + job(client.query(b)));
            assertThat(foreign.statusCode()).isEqualTo(400);
            assertThat(foreign.message()).isEqualTo("customId MJ::JOB::upsample::1::" + job(client.query(b)) + " is not a button of task " + a);

            String running = client.imagine(FOX);
            Reply early = client.action(running, "MJ::JOB::upsample::1::whatever");
            assertThat(early.statusCode()).isEqualTo(400);
            assertThat(early.message()).contains("is NOT_START").contains("once it is SUCCESS");

            String up = client.action(a, "MJ::JOB::upsample::1::" + job(client.query(a))).data().asText();
            finish(up);
            Reply noMask = client.action(up, "MJ::Inpaint::1::" + job(client.query(up)) + "::SOLO");
            assertThat(noMask.statusCode()).isEqualTo(400);
            assertThat(noMask.message()).isEqualTo("base64Mask is required for Vary (Region)");
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(4);
        }

        @Test
        @DisplayName("an action without type runs in the parent's pool; with type, in that one (§5.2)")
        void poolInherited() {
            String parent = client.post(MJ + "imagine", json(Map.of("model", "midjourney", "prompt", FOX, "type", "NORMAL"))).data().asText();
            finish(parent);
            String u1 = "MJ::JOB::upsample::1::" + job(client.query(parent));

            String inherited = client.action(parent, u1).data().asText();
            String fast = client.post(MJ + "action", json(Map.of("model", "midjourney", "taskId", Long.parseLong(parent),
                    "customId", u1, "type", "FAST"))).data().asText();

            assertThat(client.query(inherited).data().path("taskType").asText()).isEqualTo("NORMAL");
            assertThat(client.query(fast).data().path("taskType").asText()).as("taskId as a JSON number is accepted too").isEqualTo("FAST");
        }
    }

    @Nested
    @DisplayName("blend and describe")
    class BlendAndDescribe {
        @Test
        @DisplayName("a LANDSCAPE blend of two data URLs is a BLEND task whose grid is 3:2 with the grid buttons (§5.3)")
        void blend() {
            Reply r = client.post(MJ + "blend", json(Map.of("model", "midjourney", "base64Array", List.of(PNG_DATA_URL, PNG_DATA_URL),
                    "dimensions", "LANDSCAPE")));
            String id = r.data().asText();
            finish(id);

            JsonNode d = client.query(id).data();
            assertThat(d.path("action").asText()).isEqualTo("BLEND");
            assertThat(d.path("actions")).hasSize(9);
            BufferedImage grid = client.image(d.path("imageDcUrl").asText());
            assertThat(grid.getWidth()).isEqualTo(1024);
            assertThat(grid.getHeight()).isEqualTo(682);
        }

        @Test
        @DisplayName("a describe's SUCCESS carries the four prompts in 'prompt', with no image and no buttons (§5.4)")
        void describe() {
            String id = client.post(MJ + "describe", json(Map.of("model", "midjourney", "base64", PNG_DATA_URL))).data().asText();
            assertThat(client.query(id).data().path("prompt").isNull()).as("no prompts before the end").isTrue();
            finish(id);

            JsonNode d = client.query(id).data();
            assertThat(d.path("status").asText()).isEqualTo("SUCCESS");
            assertThat(d.path("action").asText()).isEqualTo("DESCRIBE");
            assertThat(d.path("prompt").asText()).isEqualTo(String.join("\n\n", task(id).texts()));
            assertThat(d.path("prompt").asText().split("\n\n")).hasSize(4);
            assertThat(d.path("imageDcUrl").isNull()).isTrue();
            assertThat(d.path("actions")).isEmpty();
        }
    }

    @Nested
    @DisplayName("faults")
    class FaultKnobs {
        @Test
        @DisplayName("a rate limit is HTTP 429 with statusCode 429 and Retry-After in seconds, and creates nothing")
        void rateLimited() {
            sandbox.faults().rateLimitNext(1, Duration.ofMillis(2500));
            Reply r = client.post(MJ + "imagine", json(Map.of("model", "midjourney", "prompt", FOX)));

            assertThat(r.status()).isEqualTo(429);
            assertThat(r.raw().headers().firstValue("Retry-After")).hasValue("3");
            assertThat(r.body()).isEqualTo(fixture("error-rate-limited.json", Map.of()));
            assertThat(sandbox.counters().tasksCreated()).isZero();
            assertThat(client.post(MJ + "imagine", json(Map.of("model", "midjourney", "prompt", FOX))).statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("a server error is HTTP 500 in the envelope, and creates nothing")
        void serverError() {
            sandbox.faults().serverErrorNext(1);
            Reply r = client.post(MJ + "imagine", json(Map.of("model", "midjourney", "prompt", FOX)));

            assertThat(r.status()).isEqualTo(500);
            assertThat(r.body()).isEqualTo(fixture("error-server.json", Map.of()));
            assertThat(sandbox.counters().tasksCreated()).isZero();
        }
    }

    @Nested
    @DisplayName("webhooks")
    class Webhooks {
        @Test
        @DisplayName("the webhook receives the bare task object, SUCCESS at 100% and its own URL, when the job ends (§8)")
        void webhookDelivered() throws Exception {
            CompletableFuture<String> received = new CompletableFuture<>();
            CompletableFuture<String> contentType = new CompletableFuture<>();
            HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            hook.createContext("/omg-hook", exchange -> {
                contentType.complete(exchange.getRequestHeaders().getFirst("Content-Type"));
                received.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            hook.start();
            try {
                String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/omg-hook?k=secret";
                String id = client.post(MJ + "imagine", json(Map.of("model", "midjourney", "prompt", FOX, "webhook", url))).data().asText();
                assertThat(client.query(id).data().path("webhookUrl").asText()).isEqualTo(url);
                finish(id);

                JsonNode body = OhMyGptClient.JSON.readTree(received.get(10, TimeUnit.SECONDS));
                assertThat(body.path("taskId").asText()).isEqualTo(id);
                assertThat(body.path("status").asText()).isEqualTo("SUCCESS");
                assertThat(body.path("progress").asText()).isEqualTo("100%");
                assertThat(body.path("webhookUrl").asText()).isEqualTo(url);
                assertThat(body).as("the same object as the query's data").isEqualTo(client.query(id).data());
                assertThat(contentType.get(1, TimeUnit.SECONDS)).startsWith("application/json");
                assertThat(sandbox.counters().callbacksSent()).isEqualTo(1);
            } finally {
                hook.stop(0);
            }
        }
    }
}
