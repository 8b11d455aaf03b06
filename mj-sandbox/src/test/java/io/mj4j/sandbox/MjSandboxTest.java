package io.mj4j.sandbox;

import io.mj4j.sandbox.vendor.SimContext;
import io.mj4j.sandbox.vendor.SimRequest;
import io.mj4j.sandbox.vendor.SimResponse;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.sandbox.vendor.VendorSimulator;
import io.mj4j.spi.ActionKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The sandbox framework, with a tiny simulator of its own: POST /jobs creates, GET /jobs/{id} reads. */
class MjSandboxTest {
    static final class TinySimulator implements VendorSimulator {
        private final AtomicInteger ids = new AtomicInteger();

        @Override
        public String id() {
            return "tiny";
        }

        @Override
        public SimResponse handle(SimRequest r, SimContext ctx) {
            if (!r.header("Authorization").equals(Optional.of("Bearer " + ctx.apiKey()))) {
                ctx.countRejectedAuth();
                return SimResponse.json(401, "{\"error\":\"unauthorized\"}");
            }
            if (r.is("POST", "/jobs")) {
                String prompt = r.json().map(j -> j.path("prompt").asText()).orElse("");
                String cb = r.json().map(j -> j.path("callback").asText(null)).orElse(null);
                SimTask t = ctx.create(() -> "job-" + ids.incrementAndGet(), ActionKind.IMAGINE, prompt, null, 0, cb);
                return SimResponse.json(200, "{\"id\":\"" + t.id() + "\"}");
            }
            if (r.method().equals("GET") && r.path().startsWith("/jobs/")) {
                ctx.countFetch();
                return ctx.find(r.path().substring(6)).map(t -> SimResponse.json(200, "{\"id\":\"" + t.id() + "\",\"phase\":\""
                        + t.phase(ctx.clock().instant()) + "\",\"progress\":" + t.progress(ctx.clock().instant())
                        + ",\"grid\":\"" + t.gridUrl() + "\"}")).orElse(SimResponse.json(404, "{}"));
            }
            return SimResponse.json(404, "{\"error\":\"no route\"}");
        }

        @Override
        public SimResponse rateLimited(Duration retryAfter) {
            return SimResponse.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", String.valueOf(retryAfter.toSeconds()));
        }

        @Override
        public SimResponse serverError() {
            return SimResponse.json(500, "{\"error\":\"boom\"}");
        }

        @Override
        public Optional<String> callbackBody(SimTask task, SimContext ctx) {
            return Optional.of("{\"id\":\"" + task.id() + "\"}");
        }
    }

    private final TestClock clock = new TestClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private MjSandbox sandbox;

    @AfterEach
    void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private MjSandbox start() {
        sandbox = MjSandbox.start(new TinySimulator(), SandboxOptions.builder().clock(clock).timeScale(1).seed(7).build());
        return sandbox;
    }

    private HttpResponse<byte[]> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUri() + path))
                .header("Authorization", "Bearer " + sandbox.apiKey());
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a job moves QUEUED -> RUNNING -> SUCCEEDED with the clock, and its grid is a PNG of the aspect ratio's size")
    void jobLifecycleAndImages() throws Exception {
        start();
        String id = text(send("POST", "/jobs", "{\"prompt\":\"a red fox --ar 16:9\"}")).replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        assertThat(text(send("GET", "/jobs/" + id, null))).contains("\"phase\":\"QUEUED\"");
        clock.advance(Duration.ofSeconds(25));
        assertThat(text(send("GET", "/jobs/" + id, null))).contains("\"phase\":\"RUNNING\"");
        assertThat(send("GET", "/sandbox/files/" + id + "/grid.png", null).statusCode()).as("no file before the end").isEqualTo(404);
        clock.advance(Duration.ofMinutes(2));
        String done = text(send("GET", "/jobs/" + id, null));
        assertThat(done).contains("\"phase\":\"SUCCEEDED\"").contains("\"progress\":100");

        BufferedImage grid = ImageIO.read(new ByteArrayInputStream(send("GET", "/sandbox/files/" + id + "/grid.png", null).body()));
        assertThat(grid.getWidth()).isEqualTo(1024);
        assertThat(grid.getHeight()).isEqualTo(576);
        BufferedImage cell = ImageIO.read(new ByteArrayInputStream(send("GET", "/sandbox/files/" + id + "/cell-3.png", null).body()));
        assertThat(cell.getWidth()).isEqualTo(512);
        assertThat(cell.getHeight()).isEqualTo(288);
        assertThat(sandbox.counters().tasksCreated()).isEqualTo(1);
        assertThat(sandbox.counters().fetches()).isEqualTo(3);
    }

    @Test
    @DisplayName("a wrong key is refused and counted; nothing is created")
    void authChecked() throws Exception {
        start();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUri() + "/jobs"))
                .header("Authorization", "Bearer wrong").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(sandbox.counters().rejectedAuth()).isEqualTo(1);
        assertThat(sandbox.counters().tasksCreated()).isZero();
    }

    @Test
    @DisplayName("fault knobs: 429 with Retry-After, 500, a dropped connection, and a drop after the job was created")
    void faults() throws Exception {
        start();
        sandbox.faults().rateLimitNext(1, Duration.ofSeconds(7)).serverErrorNext(1).dropConnectionNext(1).dropAfterCreateNext(1);

        HttpResponse<byte[]> limited = send("POST", "/jobs", "{\"prompt\":\"x\"}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(send("POST", "/jobs", "{\"prompt\":\"x\"}").statusCode()).isEqualTo(500);
        assertThat(catchThrowable(() -> send("POST", "/jobs", "{\"prompt\":\"x\"}"))).isInstanceOf(IOException.class);
        assertThat(sandbox.counters().tasksCreated()).as("nothing created so far").isZero();
        assertThat(catchThrowable(() -> send("POST", "/jobs", "{\"prompt\":\"x\"}"))).isInstanceOf(IOException.class);
        assertThat(sandbox.counters().tasksCreated()).as("the ambiguous drop created the job").isEqualTo(1);
        assertThat(send("POST", "/jobs", "{\"prompt\":\"x\"}").statusCode()).isEqualTo(200);
        assertThat(sandbox.counters().faultsInjected()).isEqualTo(4);
    }

    @Test
    @DisplayName("fault knobs on status queries: a malformed body, then a truncated one, then the real answer")
    void queryFaults() throws Exception {
        start();
        send("POST", "/jobs", "{\"prompt\":\"x\"}");
        sandbox.faults().malformedNext(1).truncatedNext(1);
        assertThat(text(send("GET", "/jobs/job-1", null))).isEqualTo("{\"status\": \"SUCC");
        assertThat(catchThrowable(() -> send("GET", "/jobs/job-1", null))).isInstanceOf(IOException.class);
        assertThat(text(send("GET", "/jobs/job-1", null))).contains("\"id\":\"job-1\"");
        assertThat(sandbox.counters().faultsInjected()).isEqualTo(2);
    }

    @Test
    @DisplayName("failure rates decide outcomes at creation: all rejected, or all stalled at 47 %")
    void failureRates() throws Exception {
        start();
        sandbox.faults().promptRejectionRate(1.0);
        send("POST", "/jobs", "{\"prompt\":\"x\"}");
        sandbox.faults().promptRejectionRate(0).stallRate(1.0);
        send("POST", "/jobs", "{\"prompt\":\"y\"}");
        clock.advance(Duration.ofHours(1));
        assertThat(sandbox.tasks()).extracting(SimTask::outcome).containsExactly(SimTask.Outcome.PROMPT_REJECTED, SimTask.Outcome.STALL);
        assertThat(text(send("GET", "/jobs/job-1", null))).contains("FAILED");
        assertThat(text(send("GET", "/jobs/job-2", null))).contains("RUNNING").contains("\"progress\":47");
    }

    @Test
    @DisplayName("with a state folder, a later sandbox knows the earlier one's jobs and accepts the same key")
    void stateSurvivesRestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        sandbox = MjSandbox.start(new TinySimulator(), SandboxOptions.builder().clock(clock).timeScale(1).stateDir(dir).build());
        String key = sandbox.apiKey();
        send("POST", "/jobs", "{\"prompt\":\"a fox --ar 2:3\"}");
        sandbox.tasks().get(0).attributes().put("image_id", "img-9");
        sandbox.close();

        sandbox = MjSandbox.start(new TinySimulator(), SandboxOptions.builder().clock(clock).timeScale(1).stateDir(dir).build());
        clock.advance(Duration.ofMinutes(5));
        assertThat(sandbox.apiKey()).isEqualTo(key);
        assertThat(sandbox.tasks()).singleElement().satisfies(t -> {
            assertThat(t.aspectRatio()).isEqualTo("2:3");
            assertThat(t.attributes()).containsEntry("image_id", "img-9");
        });
        assertThat(text(send("GET", "/jobs/job-1", null))).contains("SUCCEEDED").contains(sandbox.baseUri().toString());
    }

    @Test
    @DisplayName("an unknown vendor id lists the simulators available")
    void unknownVendor() {
        assertThatThrownBy(() -> MjSandbox.start("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("available");
    }

    @Test
    @DisplayName("the environment map points mj4j at the sandbox")
    void environment() {
        start();
        assertThat(sandbox.environment()).containsEntry("MJ_TINY_API_KEY", sandbox.apiKey())
                .containsEntry("MJ_TINY_BASE_URL", sandbox.baseUri().toString());
    }
}
