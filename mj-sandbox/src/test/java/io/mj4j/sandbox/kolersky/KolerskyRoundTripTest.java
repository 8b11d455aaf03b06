package io.mj4j.sandbox.kolersky;

import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.Task;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.sandbox.internal.kolersky.KolerskySimulator;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Balance;
import io.mj4j.spi.Image;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Kolersky provider, unchanged, through mj-core against the simulator (real clock, time scale
 * 0.01). Kolersky's descriptor polls at least 5 s apart, so each step of a chain takes about one poll
 * interval; independent follow-ups run side by side.
 */
@DisplayName("The real Kolersky provider against the simulator")
class KolerskyRoundTripTest {
    private static final PollOptions POLL = new PollOptions(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.0);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();
    private MjSandbox sandbox;

    @AfterEach
    void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private Mj mj(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(sandbox.environment());
        env.putAll(extraEnv);
        return Mj.builder().environment(env).provider("kolersky").pollOptions(POLL).build();
    }

    private BufferedImage png(URI url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET %s", url).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(new String(r.body(), 1, 3, StandardCharsets.US_ASCII)).as("PNG signature").isEqualTo("PNG");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(img).isNotNull();
        return img;
    }

    private static TaskResult succeeded(Task task) {
        TaskSnapshot s = task.await(TIMEOUT);
        assertThat(s.status()).as("%s", task.action()).isEqualTo(TaskStatus.SUCCEEDED);
        return s.result().orElseThrow();
    }

    private SimTask simTask(Task task) {
        String vendorId = task.snapshot().vendorTaskId().orElseThrow();
        return sandbox.tasks().stream().filter(t -> t.id().equals(vendorId)).findFirst().orElseThrow();
    }

    private static byte[] mask() throws IOException {
        BufferedImage mask = new BufferedImage(512, 288, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = mask.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(200, 100, 120, 80);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(mask, "png", out);
        return out.toByteArray();
    }

    @Test
    @DisplayName("imagine 16:9 and upscale(2) give PNGs of 1024x576 and 512x288, and every other declared action reaches SUCCEEDED")
    void everyDeclaredAction() throws Exception {
        sandbox = MjSandbox.start("kolersky", SandboxOptions.builder().timeScale(0.01).build());
        try (Mj mj = mj(Map.of())) {
            assertThat(mj.descriptor("kolersky").actions()).containsExactlyInAnyOrder(ActionKind.IMAGINE, ActionKind.BLEND,
                    ActionKind.UPSCALE, ActionKind.VARIATION, ActionKind.REROLL, ActionKind.ZOOM, ActionKind.PAN,
                    ActionKind.VARY_REGION, ActionKind.ANIMATE, ActionKind.SEED);

            Task imagine = mj.imagine("a lighthouse --ar 16:9");
            TaskResult grid = succeeded(imagine);
            BufferedImage gridPng = png(grid.grid().orElseThrow().url());
            assertThat(gridPng.getWidth()).isEqualTo(1024);
            assertThat(gridPng.getHeight()).isEqualTo(576);
            assertThat(grid.images()).as("the four cells").hasSize(4);

            Task upscale = imagine.upscale(2);
            Task variation = imagine.variation(1);
            Task reroll = imagine.reroll();
            Task gridSeed = imagine.seed();
            Task blend = mj.blend(List.of(grid.images().get(0).url(), grid.images().get(3).url()), Action.BlendShape.LANDSCAPE);

            TaskResult up = succeeded(upscale);
            BufferedImage upPng = png(up.primaryImage().orElseThrow());
            assertThat(upPng.getWidth()).isEqualTo(512);
            assertThat(upPng.getHeight()).isEqualTo(288);
            assertThat(simTask(upscale).index()).isEqualTo(2);

            Task zoom = upscale.zoomOut(1.5);
            Task square = upscale.makeSquare();
            Task pan = upscale.pan(Action.Direction.LEFT);
            Task region = upscale.varyRegion(mask(), "a red door");
            Task animate = upscale.animate(Action.Motion.LOW);
            Task upSeed = upscale.seed();

            for (Task t : List.of(variation, reroll, blend, zoom, pan, region)) {
                BufferedImage g = png(succeeded(t).grid().orElseThrow().url());
                assertThat(g.getWidth()).as("%s", t.action()).isEqualTo(1024);
            }
            assertThat(png(succeeded(square).grid().orElseThrow().url()).getHeight()).as("make square").isEqualTo(1024);
            assertThat(png(simTask(zoom).gridUrl()).getHeight()).as("zoom keeps 16:9").isEqualTo(576);

            long seed = simTask(imagine).seed();
            assertThat(succeeded(gridSeed).seed()).hasValue(seed);
            assertThat(succeeded(upSeed).seed()).as("an upscale has its grid's seed").hasValue(seed);

            TaskResult video = succeeded(animate);
            assertThat(video.videos()).singleElement().isEqualTo(simTask(animate).videoUrl());
            HttpResponse<byte[]> gif = http.send(HttpRequest.newBuilder(video.videos().get(0)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(gif.statusCode()).isEqualTo(200);
            assertThat(new String(gif.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("GIF8");
            assertThat(simTask(animate).parent()).as("the video is made from the upscale").contains(simTask(upscale));

            assertThat(simTask(blend).kind()).isEqualTo(ActionKind.BLEND);
            assertThat(sandbox.counters().tasksCreated()).as("one task per submit").isEqualTo(12);
            assertThat(sandbox.counters().fetches()).isPositive();
        }
    }

    @Test
    @DisplayName("with follow_up_ids=action the provider sends the per-action requestIds of collage.actions, and they resolve to the grid")
    void perActionFollowUpIds() throws Exception {
        sandbox = MjSandbox.start("kolersky", SandboxOptions.builder().timeScale(0.01).build());
        try (Mj mj = mj(Map.of("MJ_KOLERSKY_OPT_FOLLOW_UP_IDS", "action"))) {
            Task imagine = mj.imagine("a lighthouse at night --ar 16:9");
            TaskSnapshot grid = imagine.await(TIMEOUT);
            assertThat(grid.vendorState()).containsKeys("action.U3", "action.V2");

            Task upscale = imagine.upscale(3);
            Task variation = imagine.variation(2);
            Image image = succeeded(upscale).images().get(0);
            succeeded(variation);
            assertThat(png(image.url()).getWidth()).isEqualTo(512);
            SimTask up = simTask(upscale);
            assertThat(up.parent()).contains(simTask(imagine));
            assertThat(up.index()).isEqualTo(3);
            assertThat(simTask(variation).index()).isEqualTo(2);
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(3);
        }
    }

    @Test
    @DisplayName("cancel of a queued job and the balance work through the real provider (CANCEL and BALANCE features)")
    void cancelAndBalance() throws Exception {
        sandbox = MjSandbox.start("kolersky", SandboxOptions.builder().timeScale(0.01).queueTime(Duration.ofHours(1)).build());
        try (Mj mj = mj(Map.of())) {
            Task imagine = mj.imagine("a lighthouse in the fog");
            imagine.accepted().get(10, TimeUnit.SECONDS);
            TaskSnapshot cancelled = imagine.cancel().get(10, TimeUnit.SECONDS);
            assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
            assertThat(simTask(imagine).phase(java.time.Instant.now())).isEqualTo(SimTask.Phase.CANCELLED);

            Balance balance = mj.balance("kolersky");
            assertThat(balance).isEqualTo(new Balance(BigDecimal.valueOf(KolerskySimulator.DEFAULT_CREDITS - 1), "requests"));
        }
    }
}
