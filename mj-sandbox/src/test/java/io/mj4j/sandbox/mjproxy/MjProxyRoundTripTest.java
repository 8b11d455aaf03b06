package io.mj4j.sandbox.mjproxy;

import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.RetryOptions;
import io.mj4j.core.Task;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.TaskFailedException;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The real mjproxy provider (default lineage "plus"), through mj-core, against the simulator: real clock, time
 * scale 0.01, loopback only. The provider polls at most every 3 s, so tasks run side by side in three rounds.
 */
@DisplayName("The real mjproxy provider round-trips through the simulator")
class MjProxyRoundTripTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final PollOptions FAST_POLLS = new PollOptions(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.0);
    private static final RetryOptions QUICK_RETRIES = new RetryOptions(3, Duration.ofMillis(10), Duration.ofMillis(50), 2.0);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MjSandbox sandbox;
    private Mj mj;

    @AfterEach
    void close() {
        if (mj != null) {
            mj.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private Mj start(SandboxOptions.Builder options, Map<String, String> environmentOverrides, RetryOptions retry) {
        sandbox = MjSandbox.start("mjproxy", options.build());
        Map<String, String> env = new HashMap<>(sandbox.environment());
        env.putAll(environmentOverrides);
        mj = Mj.builder().environment(env).provider("mjproxy").pollOptions(FAST_POLLS).retryOptions(retry).build();
        return mj;
    }

    private Mj start() {
        return start(SandboxOptions.builder().timeScale(0.01), Map.of(), RetryOptions.DEFAULT);
    }

    private BufferedImage download(URI url, String type) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET " + url).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(type);
        if (type.equals("image/png")) {
            assertThat(r.body()).as("PNG signature").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(img).as("decodable image").isNotNull();
        return img;
    }

    private static int[] size(BufferedImage img) {
        return new int[]{img.getWidth(), img.getHeight()};
    }

    private static byte[] mask(int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillRect(width / 3, height / 3, width / 3, height / 3);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private TaskSnapshot succeeded(Task task) {
        TaskSnapshot s = task.await(TIMEOUT);
        assertThat(s.status()).as(task.action().toString()).isEqualTo(TaskStatus.SUCCEEDED);
        return s;
    }

    private SimTask simTask(TaskSnapshot s) {
        String id = s.vendorTaskId().orElseThrow();
        return sandbox.tasks().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> withoutNumbers(List<String> texts) {
        return texts.stream().map(t -> t.replaceFirst("^[1-9]\\x{FE0F}?\\x{20E3}", "").strip()).toList();
    }

    @Test
    @DisplayName("imagine -> upscale(2) give a 1024x576 grid and a 512x288 image; every declared action reaches SUCCEEDED; one task per submit")
    void everyDeclaredAction() throws Exception {
        start();
        Set<ActionKind> exercised = EnumSet.noneOf(ActionKind.class);
        int jobs = 0;

        // round 1: the root actions
        Task grid = mj.imagine("a lighthouse --ar 16:9");
        URI one = URI.create(sandbox.baseUri() + "/sandbox/files/any/one.png");
        URI two = URI.create(sandbox.baseUri() + "/sandbox/files/any/two.png");
        Task blend = mj.blend(List.of(one, two), Action.BlendShape.LANDSCAPE);
        Task shorten = mj.shorten("a very detailed oil painting of a lighthouse at dusk --ar 3:2");
        Task rootCustom = mj.submit(new Action.Custom("/submit/imagine", Map.of("prompt", "a harbour at night --ar 2:3"), false));
        jobs += 4;

        TaskSnapshot g = succeeded(grid);
        assertThat(size(download(g.result().orElseThrow().grid().orElseThrow().url(), "image/png"))).containsExactly(1024, 576);
        assertThat(g.followUps()).contains(FollowUp.upscale(1), FollowUp.upscale(4), FollowUp.variation(3),
                FollowUp.of(ActionKind.REROLL), FollowUp.of(ActionKind.SEED));
        assertThat(size(download(succeeded(blend).result().orElseThrow().primaryImage().orElseThrow(), "image/png")))
                .as("3:2 grid").containsExactly(1024, 682);
        TaskSnapshot sh = succeeded(shorten);
        assertThat(sh.result().orElseThrow().texts()).hasSize(4).isEqualTo(withoutNumbers(simTask(sh).texts()));
        assertThat(size(download(succeeded(rootCustom).result().orElseThrow().primaryImage().orElseThrow(), "image/png")))
                .as("2:3 grid").containsExactly(682, 1024);
        exercised.addAll(List.of(ActionKind.IMAGINE, ActionKind.BLEND, ActionKind.SHORTEN, ActionKind.CUSTOM));

        // round 2: the grid's buttons, and describe of the grid
        Task up = grid.upscale(2);
        Task variation = grid.variation(3);
        Task reroll = grid.reroll();
        Task describe = mj.describe(g.result().orElseThrow().grid().orElseThrow().url());
        jobs += 4;

        TaskSnapshot u = succeeded(up);
        assertThat(size(download(u.result().orElseThrow().images().get(0).url(), "image/png"))).containsExactly(512, 288);
        assertThat(u.followUps()).contains(FollowUp.of(ActionKind.VARY, "STRONG"), FollowUp.of(ActionKind.VARY, "SUBTLE"),
                FollowUp.of(ActionKind.UPSCALE_MORE, "SUBTLE"), FollowUp.of(ActionKind.PAN, "LEFT"),
                FollowUp.of(ActionKind.VARY_REGION), FollowUp.of(ActionKind.SEED));
        assertThat(u.followUps()).anyMatch(f -> f.kind() == ActionKind.ZOOM).anyMatch(f -> f.kind() == ActionKind.ANIMATE);
        assertThat(size(download(succeeded(variation).result().orElseThrow().primaryImage().orElseThrow(), "image/png")))
                .containsExactly(1024, 576);
        assertThat(size(download(succeeded(reroll).result().orElseThrow().primaryImage().orElseThrow(), "image/png")))
                .containsExactly(1024, 576);
        TaskSnapshot d = succeeded(describe);
        assertThat(d.result().orElseThrow().texts()).hasSize(4).allMatch(t -> t.contains("a lighthouse"))
                .isEqualTo(withoutNumbers(simTask(d).texts()));
        exercised.addAll(List.of(ActionKind.UPSCALE, ActionKind.VARIATION, ActionKind.REROLL, ActionKind.DESCRIBE));

        // round 3: the upscale's buttons (three through /submit/modal), the seed, and a describe pick through Custom
        Map<Task, int[]> images = new LinkedHashMap<>();
        images.put(up.vary(Action.Strength.STRONG), new int[]{1024, 576});
        images.put(up.upscaleMore(Action.UpscaleMode.SUBTLE), new int[]{512, 288});
        images.put(up.zoomOut(2.0), new int[]{1024, 576});
        images.put(up.zoomOut(1.25), new int[]{1024, 576});                                  // Custom Zoom + modal
        images.put(up.pan(Action.Direction.LEFT, "a red boat"), new int[]{1024, 576});        // remix + modal
        images.put(up.varyRegion(mask(512, 288), "a red door"), new int[]{1024, 576});        // Inpaint + modal
        images.put(describe.followUp(new Action.Custom("MJ::Job::PicReader::1", Map.of(), true)), new int[]{1024, 576});
        Task animate = up.animate(Action.Motion.LOW);
        Task seed = up.seed();
        jobs += images.size() + 1; // the seed is read with image-seed and creates no task (§5.9)

        for (Map.Entry<Task, int[]> e : images.entrySet()) {
            TaskSnapshot s = succeeded(e.getKey());
            assertThat(size(download(s.result().orElseThrow().primaryImage().orElseThrow(), "image/png")))
                    .as(e.getKey().action().toString()).containsExactly(e.getValue());
            exercised.add(e.getKey().action().kind());
        }
        TaskSnapshot video = succeeded(animate);
        assertThat(download(video.result().orElseThrow().videos().get(0), "image/gif")).isNotNull();
        TaskSnapshot seeded = succeeded(seed);
        assertThat(seeded.result().orElseThrow().seed()).hasValue(simTask(u).seed());
        exercised.addAll(List.of(ActionKind.ANIMATE, ActionKind.SEED));

        assertThat(exercised).as("every action the provider declares").containsAll(mj.descriptor("mjproxy").actions());
        assertThat(sandbox.counters().tasksCreated()).as("one task per submit").isEqualTo(jobs);
        assertThat(sandbox.counters().rejectedAuth()).isZero();
    }

    @Test
    @DisplayName("a prompt the moderator rejects ends FAILED, category PROMPT_REJECTED, with the vendor's text")
    void moderation() {
        start();
        sandbox.faults().promptRejectionRate(1.0);

        Throwable t = catchThrowable(() -> mj.imagine("a forbidden thing").await(TIMEOUT));

        assertThat(t).isInstanceOf(TaskFailedException.class);
        TaskSnapshot s = ((TaskFailedException) t).snapshot();
        assertThat(s.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(s.failure().orElseThrow().category()).isEqualTo(FailureCategory.PROMPT_REJECTED);
        assertThat(s.failure().orElseThrow().vendorMessage()).startsWith("[Banned prompt detected]");
    }

    @Test
    @DisplayName("a wrong key fails the submit with AuthenticationException, and nothing is created")
    void wrongKey() {
        start(SandboxOptions.builder().timeScale(0.01), Map.of("MJ_MJPROXY_API_KEY", "sk-wrong"), RetryOptions.DEFAULT);

        Throwable t = catchThrowable(() -> mj.imagine("a fox").await(TIMEOUT));

        assertThat(t).isInstanceOf(AuthenticationException.class);
        assertThat(t.getMessage()).doesNotContain("sk-wrong");
        assertThat(sandbox.counters().rejectedAuth()).isEqualTo(1);
        assertThat(sandbox.counters().tasksCreated()).isZero();
    }

    @Test
    @DisplayName("a rate-limited submit is retried by the engine and creates exactly one task")
    void rateLimitedSubmitIsRetried() {
        start(SandboxOptions.builder().timeScale(0.01), Map.of(), QUICK_RETRIES);
        sandbox.faults().rateLimitNext(1, Duration.ZERO);

        TaskSnapshot s = mj.imagine("a fox").await(TIMEOUT);

        assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(sandbox.counters().faultsInjected()).isEqualTo(1);
        assertThat(sandbox.counters().tasksCreated()).isEqualTo(1);
    }

    @Test
    @DisplayName("a submit whose reply was lost is found again by its state (/task/query) and completes, with one task")
    void lostReplyIsReconciled() {
        start(SandboxOptions.builder().timeScale(0.01), Map.of(), QUICK_RETRIES);
        sandbox.faults().dropAfterCreateNext(1);

        Task task = mj.imagine("a fox --ar 3:2");
        TaskSnapshot s = task.await(TIMEOUT);

        assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(s.vendorTaskId()).hasValue(sandbox.tasks().get(0).id());
        assertThat(sandbox.tasks().get(0).attributes()).containsEntry("state", task.id());
        assertThat(sandbox.counters().tasksCreated()).isEqualTo(1);
    }

    @Test
    @DisplayName("a queued task is cancelled through /task/{id}/cancel and the simulator shows it CANCEL")
    void cancel() throws Exception {
        start(SandboxOptions.builder().timeScale(0.01).queueTime(Duration.ofHours(2)), Map.of(), RetryOptions.DEFAULT);

        Task task = mj.imagine("a fox");
        task.accepted().get(20, TimeUnit.SECONDS);
        TaskSnapshot s = task.cancel().get(20, TimeUnit.SECONDS);

        assertThat(s.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(sandbox.tasks().get(0).phase(java.time.Instant.now())).isEqualTo(SimTask.Phase.CANCELLED);
    }
}
