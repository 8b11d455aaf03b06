package io.mj4j.provider.mjproxy;

import io.mj4j.core.store.InMemoryTaskStore;
import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.RetryOptions;
import io.mj4j.core.Task;
import io.mj4j.core.VendorLostOptions;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ManualClock;
import io.mj4j.testkit.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's checks of vendor answers, driven through the mjproxy provider against WireMock (replies the real
 * OSS server cannot give without a Discord account): a success without a usable result, a non-http(s) result URL,
 * new-api's task_no_found, and OSS code 21 "existed" with the finished result.
 */
@DisplayName("engine checks of mjproxy answers (WireMock)")
class MjProxyEngineChecksTest extends VendorServer {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private Mj mj;

    private Mj client(Map<String, String> options, VendorLostOptions lost) {
        ProviderConfig.Builder cfg = ProviderConfig.builder().baseUri(URI.create(server.baseUrl())).apiKey(KEY);
        options.forEach(cfg::option);
        mj = Mj.builder().environment(Map.of()).provider("mjproxy", cfg.build()).store(new InMemoryTaskStore())
                .clock(clock).scheduler(scheduler).executor(scheduler).retryOptions(RetryOptions.NONE)
                .pollOptions(new PollOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), 2.0, 0.0))
                .defaultDeadline(Duration.ofMinutes(10)).vendorLost(lost).build();
        return mj;
    }

    @AfterEach
    void close() {
        if (mj != null) {
            mj.close();
        }
    }

    private void accepts(String id) {
        wm.register(post(urlEqualTo("/mj/submit/imagine")).willReturn(MjProxyStubs.json(200,
                "{\"code\":1,\"description\":\"提交成功\",\"result\":\"" + id + "\"}")));
    }

    private void task(String id, String imageUrl) {
        wm.register(get(urlEqualTo("/mj/task/" + id + "/fetch")).willReturn(MjProxyStubs.json(200,
                "{\"id\":\"" + id + "\",\"action\":\"IMAGINE\",\"status\":\"SUCCESS\",\"progress\":\"100%\",\"buttons\":[],"
                        + (imageUrl == null ? "" : "\"imageUrl\":\"" + imageUrl + "\",") + "\"properties\":{}}")));
    }

    @Test
    @DisplayName("SUCCESS without an imageUrl is not a success: polling goes on, and the deadline ends it NO_RESULT (not SUCCEEDED, not TIMEOUT)")
    void successWithoutImage() {
        accepts("t1");
        task("t1", null);
        Task t = client(Map.of(), VendorLostOptions.DEFAULT).imagine("a red fox");
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(t.completion()).isNotDone();
        scheduler.advance(Duration.ofMinutes(6));
        Failure f = t.snapshot().failure().orElseThrow();
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(f.category()).isEqualTo(FailureCategory.NO_RESULT);
        assertThat(f.vendorMessage()).contains("no usable result").contains("no result at all");
        assertThat(mj.activeTasks()).isZero();
    }

    @Test
    @DisplayName("a file: result URL is rejected the same way")
    void fileUrl() {
        accepts("t2");
        task("t2", "file:/etc/passwd");
        Task t = client(Map.of(), VendorLostOptions.DEFAULT).imagine("a red fox");
        scheduler.advance(Duration.ofMinutes(11));
        assertThat(t.snapshot().failure().map(Failure::category)).hasValue(FailureCategory.NO_RESULT);
        assertThat(t.snapshot().failure().get().vendorMessage()).contains("file:/etc/passwd").contains("not an http(s) URL");
        assertThat(t.snapshot().result()).isEmpty();
    }

    @Test
    @DisplayName("an https result ends SUCCEEDED at the first poll (the check lets real results through)")
    void httpsResult() {
        accepts("t3");
        task("t3", "https://cdn.discordapp.com/attachments/1/2/g.png");
        Task t = client(Map.of(), VendorLostOptions.DEFAULT).imagine("a red fox");
        scheduler.advance(Duration.ofSeconds(6));
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    @DisplayName("new-api's task_no_found on every poll: the task ends VENDOR_LOST with the configured thresholds, quoting task_no_found")
    void newApiLost() {
        accepts("t4");
        wm.register(get(urlEqualTo("/mj/task/t4/fetch")).willReturn(MjProxyStubs.json(400,
                "{\"description\":\"task_no_found \",\"type\":\"upstream_error\",\"code\":4}")));
        Task t = client(Map.of("lineage", "newapi"), new VendorLostOptions(2, Duration.ofSeconds(10))).imagine("a red fox");
        scheduler.advance(Duration.ofSeconds(6));
        assertThat(t.snapshot().status()).as("one answer is not enough").isEqualTo(TaskStatus.QUEUED);
        scheduler.advance(Duration.ofSeconds(30));
        Failure f = t.snapshot().failure().orElseThrow();
        assertThat(f.category()).isEqualTo(FailureCategory.VENDOR_LOST);
        assertThat(f.vendorMessage()).contains("task_no_found").contains("2 consecutive polls");
    }

    @Test
    @DisplayName("OSS code 21 'existed' with SUCCESS and an imageUrl: the task ends SUCCEEDED with that image, without a poll")
    void existed() {
        wm.register(post(urlEqualTo("/mj/submit/imagine")).willReturn(MjProxyStubs.json(200,
                "{\"code\":21,\"description\":\"任务已存在\",\"result\":\"t5\",\"properties\":{\"status\":\"SUCCESS\","
                        + "\"imageUrl\":\"https://cdn.discordapp.com/attachments/1/2/g.png\"}}")));
        Task t = client(Map.of("lineage", "oss"), VendorLostOptions.DEFAULT).imagine("a red fox");
        scheduler.runReady();
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(t.snapshot().result().orElseThrow().primaryImage()).hasValue(URI.create("https://cdn.discordapp.com/attachments/1/2/g.png"));
        assertThat(requests()).hasSize(1);
    }
}
