package io.mj4j.sandbox.gptunnel;

import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.RetryOptions;
import io.mj4j.core.Task;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.Balance;
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
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The real GPTunnel provider, through mj-core, against the simulator (real clock, time scale 0.01, loopback only). */
@DisplayName("The real GPTunnel provider round-trips through the simulator")
class GptunnelRoundTripTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final PollOptions FAST_POLLS = new PollOptions(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.0);

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

    private Mj start(Map<String, String> environmentOverrides, RetryOptions retry) {
        sandbox = MjSandbox.start("gptunnel", SandboxOptions.builder().timeScale(0.01).build());
        Map<String, String> env = new HashMap<>(sandbox.environment());
        env.putAll(environmentOverrides);
        mj = Mj.builder().environment(env).provider("gptunnel").pollOptions(FAST_POLLS).retryOptions(retry).build();
        return mj;
    }

    private Mj start() {
        return start(Map.of(), RetryOptions.DEFAULT);
    }

    private BufferedImage png(URI url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET " + url).isEqualTo(200);
        assertThat(r.body()).as("PNG signature").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(img).as("decodable PNG").isNotNull();
        return img;
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

    @Test
    @DisplayName("imagine -> upscale(2) give a 1024x576 grid and a 512x288 image; every declared action reaches SUCCEEDED; one task per submit")
    void everyDeclaredAction() throws Exception {
        start();
        int submits = 0;

        Task grid = mj.imagine("a lighthouse --ar 16:9");
        submits++;
        TaskSnapshot g = grid.await(TIMEOUT);
        assertThat(g.status()).isEqualTo(TaskStatus.SUCCEEDED);
        BufferedImage gridPng = png(g.result().orElseThrow().grid().orElseThrow().url());
        assertThat(gridPng.getWidth()).isEqualTo(1024);
        assertThat(gridPng.getHeight()).isEqualTo(576);
        assertThat(g.followUps()).contains(FollowUp.upscale(1), FollowUp.upscale(4), FollowUp.variation(3), FollowUp.of(ActionKind.REROLL));

        Task up = grid.upscale(2);
        submits++;
        TaskSnapshot u = up.await(TIMEOUT);
        assertThat(u.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(u.vendorState()).containsEntry("type", "upsample").containsEntry("parentId", g.vendorTaskId().orElseThrow());
        BufferedImage upPng = png(u.result().orElseThrow().images().get(0).url());
        assertThat(upPng.getWidth()).isEqualTo(512);
        assertThat(upPng.getHeight()).isEqualTo(288);
        assertThat(u.followUps()).contains(FollowUp.of(ActionKind.VARY, "STRONG"), FollowUp.of(ActionKind.VARY, "SUBTLE"),
                FollowUp.of(ActionKind.VARY_REGION));

        // expected result size (w x h) per follow-up: grids of the parent's aspect ratio, or one image
        Map<Task, int[]> more = new LinkedHashMap<>();
        more.put(grid.variation(3), new int[]{1024, 576});
        more.put(grid.reroll(), new int[]{1024, 576});
        more.put(up.vary(Action.Strength.STRONG), new int[]{1024, 576});
        more.put(up.vary(Action.Strength.SUBTLE), new int[]{1024, 576});
        more.put(up.varyRegion(mask(512, 288), "a red door"), new int[]{1024, 576});
        more.put(up.followUp(new Action.Custom("outpaint", Map.of("zoom", "2"), true)), new int[]{1024, 576});
        more.put(up.followUp(new Action.Custom("pan", Map.of("direction", "left"), true)), new int[]{1024, 576});
        more.put(up.followUp(new Action.Custom("upscale", Map.of("type", "2x"), true)), new int[]{512, 288});
        submits += more.size();

        Set<ActionKind> exercised = EnumSet.of(ActionKind.IMAGINE, ActionKind.UPSCALE);
        for (Map.Entry<Task, int[]> e : more.entrySet()) {
            TaskSnapshot s = e.getKey().await(TIMEOUT);
            assertThat(s.status()).as(e.getKey().action().toString()).isEqualTo(TaskStatus.SUCCEEDED);
            BufferedImage img = png(s.result().orElseThrow().primaryImage().orElseThrow());
            assertThat(new int[]{img.getWidth(), img.getHeight()}).as(e.getKey().action().toString()).containsExactly(e.getValue());
            exercised.add(e.getKey().action().kind());
        }

        assertThat(exercised).as("every action the provider declares").containsAll(mj.descriptor("gptunnel").actions());
        assertThat(sandbox.counters().tasksCreated()).isEqualTo(submits);
        // nine paid generations of 18 roubles; the upsample was free (§3.3)
        Balance balance = mj.balance("gptunnel");
        assertThat(balance.unit()).isEqualTo("RUB");
        assertThat(balance.amount()).isEqualByComparingTo("838");
    }

    @Test
    @DisplayName("a prompt the moderator rejects ends FAILED with the vendor's text")
    void moderation() {
        start();
        sandbox.faults().promptRejectionRate(1.0);

        Throwable t = catchThrowable(() -> mj.imagine("a forbidden thing").await(TIMEOUT));

        assertThat(t).isInstanceOf(TaskFailedException.class);
        TaskSnapshot s = ((TaskFailedException) t).snapshot();
        assertThat(s.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(s.failure().orElseThrow().vendorMessage()).startsWith("Banned prompt detected");
    }

    @Test
    @DisplayName("a wrong key fails the submit with AuthenticationException, and nothing is created")
    void wrongKey() {
        start(Map.of("MJ_GPTUNNEL_API_KEY", "sk-wrong"), RetryOptions.DEFAULT);

        Throwable t = catchThrowable(() -> mj.imagine("a fox").await(TIMEOUT));

        assertThat(t).isInstanceOf(AuthenticationException.class);
        assertThat(t.getMessage()).doesNotContain("sk-wrong");
        assertThat(sandbox.counters().rejectedAuth()).isEqualTo(1);
        assertThat(sandbox.counters().tasksCreated()).isZero();
    }

    @Test
    @DisplayName("a rate-limited submit is retried by the engine and creates exactly one task")
    void rateLimitedSubmitIsRetried() {
        start(Map.of(), new RetryOptions(3, Duration.ofMillis(10), Duration.ofMillis(50), 2.0));
        sandbox.faults().rateLimitNext(1, Duration.ZERO);

        TaskSnapshot s = mj.imagine("a fox").await(TIMEOUT);

        assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(sandbox.counters().faultsInjected()).isEqualTo(1);
        assertThat(sandbox.counters().tasksCreated()).isEqualTo(1);
    }
}
