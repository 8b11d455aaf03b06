package io.mj4j.sandbox.acedata;

import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.Task;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.SubmitOutcomeUnknownException;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The real AceData provider (mj-provider-acedata, unchanged) through mj-core against the simulator: async submits
 * with trace_id, polls of {@code /midjourney/tasks} (one at a time and in batches), follow-ups by image_id, the
 * synchronous describe/seed/shorten, and videos. The provider polls at least 5 s apart, so the actions run in a few
 * parallel waves; the whole test takes about 20 s.
 */
@DisplayName("The real AceData provider against the simulator")
class AceDataRoundTripTest {
    private static final Duration WAIT = Duration.ofSeconds(40);

    private final HttpClient http = HttpClient.newHttpClient();
    private MjSandbox sandbox;
    private Mj mj;
    private final List<Task> submitted = new ArrayList<>();

    @BeforeEach
    void start() {
        sandbox = MjSandbox.start("acedata", SandboxOptions.builder().timeScale(0.01).build());
        mj = Mj.builder().environment(sandbox.environment()).provider("acedata")
                .pollOptions(new PollOptions(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.0))
                .build();
    }

    @AfterEach
    void stop() {
        mj.close();
        sandbox.close();
    }

    private Task track(Task t) {
        submitted.add(t);
        return t;
    }

    private BufferedImage png(URI url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(url.toString()).isEqualTo(200);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(img).as("%s is a PNG", url).isNotNull();
        return img;
    }

    private static byte[] mask(int width, int height) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        return out.toByteArray();
    }

    @Test
    @DisplayName("imagine -> upscale(2) give PNGs of 1024x576 and 512x288, every declared action succeeds, and each submit is one task")
    void roundTrip() throws Exception {
        // wave 1 and 2: imagine, then U2
        Task imagine = track(mj.imagine("a lighthouse --ar 16:9"));
        TaskSnapshot grid = imagine.await(WAIT);
        assertThat(grid.status()).isEqualTo(TaskStatus.SUCCEEDED);
        URI gridUrl = grid.result().flatMap(r -> r.grid()).orElseThrow().url();
        BufferedImage gridPng = png(gridUrl);
        assertThat(gridPng.getWidth()).isEqualTo(1024);
        assertThat(gridPng.getHeight()).isEqualTo(576);

        Task upscale = track(imagine.upscale(2));
        TaskSnapshot up = upscale.await(WAIT);
        assertThat(up.status()).isEqualTo(TaskStatus.SUCCEEDED);
        URI upUrl = up.result().flatMap(r -> r.primaryImage()).orElseThrow();
        BufferedImage upPng = png(upUrl);
        assertThat(upPng.getWidth()).isEqualTo(512);
        assertThat(upPng.getHeight()).isEqualTo(288);
        assertThat(up.vendorState().get("image_id")).isNotEqualTo(grid.vendorState().get("image_id"));

        // wave 3: every other declared action at once (polled together with retrieve_batch)
        Map<String, Task> wave = new LinkedHashMap<>();
        wave.put("variation", track(imagine.variation(3)));
        wave.put("reroll", track(imagine.reroll()));
        wave.put("vary", track(upscale.vary(Action.Strength.SUBTLE)));
        wave.put("upscaleMore", track(upscale.upscaleMore(Action.UpscaleMode.X2)));
        wave.put("zoom", track(upscale.zoomOut(1.5)));
        wave.put("square", track(upscale.makeSquare()));
        wave.put("pan", track(upscale.pan(Action.Direction.LEFT, "a stormy sky")));
        wave.put("varyRegion", track(upscale.varyRegion(mask(512, 288), "a red door")));
        wave.put("animate", track(upscale.animate(Action.Motion.LOW)));
        wave.put("seed", track(upscale.seed()));
        wave.put("custom", track(upscale.followUp(new Action.Custom("upscale_creative", Map.of(), true))));
        wave.put("blend", track(mj.blend(List.of(gridUrl, upUrl), Action.BlendShape.SQUARE)));
        wave.put("describe", track(mj.describe(gridUrl)));
        wave.put("shorten", track(mj.shorten("a very tall lighthouse on a rocky coast at dusk --ar 16:9")));

        Map<String, TaskSnapshot> done = new LinkedHashMap<>();
        for (Map.Entry<String, Task> e : wave.entrySet()) {
            TaskSnapshot s = e.getValue().await(WAIT);
            assertThat(s.status()).as(e.getKey()).isEqualTo(TaskStatus.SUCCEEDED);
            done.put(e.getKey(), s);
        }
        Set<ActionKind> kinds = EnumSet.noneOf(ActionKind.class);
        submitted.forEach(t -> kinds.add(t.action().kind()));
        assertThat(kinds).as("every action the provider declares was exercised")
                .containsAll(mj.descriptor("acedata").actions());

        for (String g : List.of("variation", "reroll", "vary", "zoom", "pan", "varyRegion")) {
            BufferedImage img = png(done.get(g).result().flatMap(r -> r.grid()).orElseThrow().url());
            assertThat(img.getWidth()).as(g).isEqualTo(1024);
            assertThat(img.getHeight()).as(g).isEqualTo(576);
        }
        assertThat(png(done.get("square").result().orElseThrow().primaryImage().orElseThrow()).getHeight()).isEqualTo(1024);
        assertThat(png(done.get("blend").result().orElseThrow().primaryImage().orElseThrow()).getWidth()).isEqualTo(1024);
        assertThat(png(done.get("upscaleMore").result().orElseThrow().primaryImage().orElseThrow()).getWidth()).isEqualTo(512);
        assertThat(done.get("custom").result().orElseThrow().images()).hasSize(1);
        assertThat(done.get("animate").result().orElseThrow().videos()).hasSize(4);
        assertThat(done.get("seed").result().orElseThrow().seed()).hasValue(sandbox.tasks().get(0).seed());
        assertThat(done.get("describe").result().orElseThrow().texts()).hasSize(4).allMatch(t -> t.contains("a lighthouse"));
        assertThat(done.get("shorten").result().orElseThrow().texts()).isNotEmpty();

        // wave 4: follow-ups of follow-up results
        Task fromVariation = track(wave.get("variation").upscale(4));
        Task redo = track(wave.get("upscaleMore").followUp(new Action.Custom("redo_upscale_2x", Map.of(), true)));
        assertThat(fromVariation.await(WAIT).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(redo.await(WAIT).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(png(fromVariation.snapshot().result().orElseThrow().primaryImage().orElseThrow()).getWidth()).isEqualTo(512);

        assertThat(sandbox.counters().tasksCreated()).as("one task per submit").isEqualTo(submitted.size());
        assertThat(sandbox.counters().rejectedAuth()).isZero();
        assertThat(sandbox.counters().fetches()).isPositive();
    }

    @Test
    @DisplayName("a submit whose reply was lost is found again by its trace_id without a second task; one refused with api_error is found nowhere")
    void lookupByTraceId() {
        sandbox.faults().dropAfterCreateNext(1);
        Task dropped = mj.imagine("a harbour at night --ar 3:2");

        assertThat(dropped.await(WAIT).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(sandbox.counters().tasksCreated()).as("reconciled, not resubmitted").isEqualTo(1);
        assertThat(sandbox.tasks().get(0).attributes().get("trace_id")).isEqualTo(dropped.id());

        sandbox.faults().serverErrorNext(1);
        Task refused = mj.imagine("a harbour at dawn");

        assertThat(catchThrowable(() -> refused.await(WAIT))).isInstanceOf(SubmitOutcomeUnknownException.class);
        assertThat(sandbox.counters().tasksCreated()).isEqualTo(1);
    }
}
