package io.mj4j.sandbox.ohmygpt;

import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.Task;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Image;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The real ohmygpt provider, through mj-core, against the simulator on loopback. */
@DisplayName("The ohmygpt provider against the OhMyGPT simulator")
class OhMyGptRoundTripTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private MjSandbox sandbox;
    private OhMyGptClient client;
    private final List<Task> submitted = new ArrayList<>();

    private Task track(Task t) {
        submitted.add(t);
        return t;
    }

    private static TaskSnapshot succeeded(Task t) {
        TaskSnapshot s = t.await(WAIT);
        assertThat(s.status()).as(t.action().toString()).isEqualTo(TaskStatus.SUCCEEDED);
        return s;
    }

    private BufferedImage png(URI url) {
        BufferedImage img = client.image(url.toString());
        assertThat(img).as("a PNG at " + url).isNotNull();
        return img;
    }

    private void assertGrid(TaskSnapshot s, int width, int height) {
        URI url = s.result().orElseThrow().grid().map(Image::url).orElseThrow(() -> new AssertionError("no grid in " + s));
        assertThat(url.getPath()).endsWith("/grid.png");
        BufferedImage img = png(url);
        assertThat(img.getWidth()).as(url.toString()).isEqualTo(width);
        assertThat(img.getHeight()).as(url.toString()).isEqualTo(height);
    }

    private void assertImage(TaskSnapshot s, int width, int height) {
        assertThat(s.result().orElseThrow().grid()).isEmpty();
        URI url = s.result().orElseThrow().images().get(0).url();
        assertThat(url.getPath()).endsWith("/image.png");
        BufferedImage img = png(url);
        assertThat(img.getWidth()).as(url.toString()).isEqualTo(width);
        assertThat(img.getHeight()).as(url.toString()).isEqualTo(height);
    }

    @Test
    @DisplayName("imagine, upscale(2) and every other action the provider declares reach SUCCEEDED with PNGs of the right size, one task per submit")
    void roundTrip() {
        try (MjSandbox vendor = MjSandbox.start("ohmygpt", SandboxOptions.builder().timeScale(0.01).build());
             Mj mj = Mj.builder().environment(vendor.environment()).provider("ohmygpt")
                     .pollOptions(new PollOptions(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.0)).build()) {
            sandbox = vendor;
            client = new OhMyGptClient(vendor);
            Set<ActionKind> exercised = EnumSet.noneOf(ActionKind.class);

            // given a finished 16:9 grid and its U2
            Task grid = track(mj.imagine("a lighthouse --ar 16:9"));
            TaskSnapshot g = succeeded(grid);
            assertGrid(g, 1024, 576);
            assertThat(g.vendorState()).containsEntry("taskType", "FAST");

            Task up = track(grid.upscale(2));
            TaskSnapshot u = succeeded(up);
            assertImage(u, 512, 288);
            exercised.addAll(List.of(ActionKind.IMAGINE, ActionKind.UPSCALE));

            // when every other declared follow-up is pressed on them
            Map<String, Task> grids = new LinkedHashMap<>();
            grids.put("V1", track(grid.variation(1)));
            grids.put("reroll", track(grid.reroll()));
            grids.put("vary subtle", track(up.vary(Action.Strength.SUBTLE)));
            grids.put("vary strong", track(up.vary(Action.Strength.STRONG)));
            grids.put("zoom 2x", track(up.zoomOut(2.0)));
            grids.put("zoom 1.5x", track(up.zoomOut(1.5)));
            for (Action.Direction d : Action.Direction.values()) {
                grids.put("pan " + d, track(up.pan(d)));
            }
            String inpaint = u.vendorState().values().stream().filter(v -> v.startsWith("MJ::Inpaint::")).findFirst().orElseThrow();
            grids.put("custom inpaint", track(up.followUp(new Action.Custom(inpaint,
                    Map.of("base64Mask", "data:image/png;base64,iVBORw0KGgo="), true))));
            Task square = track(up.makeSquare());
            // single images and their expected height: 16:9 cells are 512x288, 1:1 cells 512x512
            Map<Task, Integer> images = new LinkedHashMap<>();
            images.put(track(up.upscaleMore(Action.UpscaleMode.SUBTLE)), 288);
            images.put(track(up.upscaleMore(Action.UpscaleMode.CREATIVE)), 288);

            // and a v5 job, whose upscale offers the 2x/4x upscalers
            Task v5 = track(mj.imagine("a lighthouse --v 5.2"));
            succeeded(v5);
            Task v5up = track(v5.upscale(1));
            succeeded(v5up);
            images.put(track(v5up.upscaleMore(Action.UpscaleMode.X2)), 512);
            images.put(track(v5up.upscaleMore(Action.UpscaleMode.X4)), 512);

            // then each ends SUCCEEDED with the image it should have
            grids.forEach((name, t) -> {
                TaskSnapshot s = succeeded(t);
                assertGrid(s, 1024, 576);
                exercised.add(t.action().kind());
            });
            TaskSnapshot sq = succeeded(square);
            assertGrid(sq, 1024, 1024);
            exercised.add(ActionKind.ZOOM);
            images.forEach((t, height) -> {
                TaskSnapshot s = succeeded(t);
                assertImage(s, 512, height);
                exercised.add(t.action().kind());
            });

            assertThat(exercised).as("every action the provider declares").isEqualTo(mj.descriptor("ohmygpt").actions());
            assertThat(vendor.counters().tasksCreated()).as("one vendor task per submit").isEqualTo(submitted.size());
            assertThat(vendor.counters().rejectedAuth()).isZero();
            assertThat(mj.balance("ohmygpt").amount()).as("the BALANCE feature").isEqualByComparingTo("3400000");
            assertThat(vendor.counters().fetches()).isGreaterThanOrEqualTo(submitted.size());
        }
    }
}
