package io.mj4j.sandbox;

import io.mj4j.core.callback.CallbackServer;
import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.Task;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-task callback URLs with secret tokens, on the midjourney-proxy simulator (it posts notifyHook callbacks). */
class CallbackReceiverTest {
    private static final byte[] SECRET = "0123456789abcdef-test-secret".getBytes(StandardCharsets.UTF_8);
    private MjSandbox vendor;
    private CallbackServer callbacks;
    private Mj mj;

    @AfterEach
    void close() {
        if (mj != null) mj.close();
        if (callbacks != null) callbacks.close();
        if (vendor != null) vendor.close();
    }

    private Mj client(PollOptions poll) {
        vendor = MjSandbox.start("mjproxy", SandboxOptions.builder().timeScale(0.01).build());
        callbacks = CallbackServer.start(new InetSocketAddress("127.0.0.1", 0), "/mj4j/callbacks");
        mj = Mj.builder().environment(vendor.environment()).provider("mjproxy").pollOptions(poll)
                .callbacks(callbacks.uri(), SECRET).build();
        callbacks.serve(mj.callbackReceiver().orElseThrow());
        return mj;
    }

    private static final PollOptions RARE = new PollOptions(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), 1.0, 0.0);

    @Test
    @DisplayName("a task whose polls are an hour apart ends through its own callback URL, confirmed by exactly one status query")
    void callbackEndsTheTask() {
        Task t = client(RARE).imagine("a fox");
        TaskSnapshot done = t.await(Duration.ofSeconds(30));
        assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
        // a claimed end is a hint: the engine fetches the task once, and the vendor's answer ends it (DESIGN.md §4, turn 2)
        assertThat(vendor.counters().fetches()).isEqualTo(1);
        assertThat(vendor.counters().callbacksSent()).isEqualTo(1);
    }

    @Test
    @DisplayName("duplicated callbacks are heard once; lost callbacks cost a poll, not the task")
    void duplicatesAndLosses() {
        client(new PollOptions(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(1), 2.0, 0.0));
        vendor.faults().duplicateCallbacks(true);
        List<TaskStatus> heard = new CopyOnWriteArrayList<>();
        Task dup = mj.imagine("a fox").onUpdate((task, s) -> heard.add(s.status()));
        dup.await(Duration.ofSeconds(30));
        assertThat(heard.stream().filter(s -> s == TaskStatus.SUCCEEDED)).hasSize(1);

        vendor.faults().duplicateCallbacks(false).callbackLossRate(1.0);
        Task lost = mj.imagine("a heron");
        assertThat(lost.await(Duration.ofSeconds(30)).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(vendor.counters().callbacksLost()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @DisplayName("wrong tokens, unknown tasks, oversized bodies and a URL used for another task's snapshot are refused")
    void refusals() throws Exception {
        Task a = client(RARE).imagine("a fox");
        a.accepted().join(); // a is created (its fate decided) before the stall knob turns
        vendor.faults().stallRate(1.0); // b never ends by itself: only a forged callback could move it
        Task b = mj.imagine("a heron");
        a.await(Duration.ofSeconds(30));
        b.accepted().join();
        HttpClient http = HttpClient.newHttpClient();
        URI aUrl = mj.callbackReceiver().orElseThrow().urlFor(a.id());
        URI forged = URI.create(callbacks.uri() + "/" + b.id() + "?token=" + aUrl.getQuery().substring("token=".length()));
        String bSucceeded = "{\"id\":\"" + b.snapshot().vendorTaskId().orElseThrow() + "\",\"status\":\"SUCCESS\",\"progress\":\"100%\","
                + "\"imageUrl\":\"http://127.0.0.1:9/x.png\",\"action\":\"IMAGINE\",\"buttons\":[]}";

        assertThat(post(http, forged, bSucceeded).statusCode()).as("another task's token").isEqualTo(403);
        assertThat(post(http, mj.callbackReceiver().orElseThrow().urlFor("no-such-task"), "{}").statusCode()).isEqualTo(404);
        assertThat(post(http, aUrl, "x".repeat(2 << 20)).statusCode()).isEqualTo(413);
        HttpResponse<String> crossed = post(http, aUrl, bSucceeded);
        assertThat(crossed.body()).startsWith("ignored");
        assertThat(b.snapshot().status()).as("a's URL cannot move b").isNotEqualTo(TaskStatus.SUCCEEDED);
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
