package io.mj4j.testkit.engine;

import io.mj4j.core.callback.CallbackReceiver;
import io.mj4j.core.Mj;
import io.mj4j.core.Task;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Invariant 7 (turn 2): callbacks are hints, terminal ones too")
class CallbackTrustTest extends EngineFixture {
    private static final byte[] SECRET = "0123456789abcdef-callback-secret".getBytes(StandardCharsets.UTF_8);
    private static final String FORGED_SUCCESS = "{\"id\":\"t-1\",\"status\":\"done\",\"progress\":100,\"image\":\"https://evil.example/forged.png\"}";

    private CallbackReceiver receiver;

    private Task submitted(String vendorId) {
        if (mj == null) {
            client(b -> b.callbacks(URI.create("https://app.example/mj4j/cb"), SECRET));
            receiver = mj.callbackReceiver().orElseThrow();
        }
        Task t = mj.submit(ProviderConformanceKit.IMAGINE);
        scheduler.runReady();
        assertThat(t.snapshot().vendorTaskId()).hasValue(vendorId);
        return t;
    }

    /** The confirming fetch of a terminal callback waits the confirm window (the reference vendor batches). */
    private void confirmWindowPasses() {
        scheduler.advance(Duration.ofMillis(io.mj4j.core.Mj.DEFAULT_CALLBACK_CONFIRM_WINDOW_MILLIS));
    }

    private CallbackReceiver.Response callback(Task t, String body) {
        URI url = receiver.urlFor(t.id());
        return receiver.handle(url.getRawPath(), url.getRawQuery(), Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("a SUCCEEDED callback is confirmed by a fetch, and the fetched result wins over the callback's")
    void successIsConfirmedAndTheFetchWins() {
        new RefVendorStubs().submitAccepted(wm, "t-1");
        new RefVendorStubs().succeededGrid(wm, "t-1");
        Task t = submitted("t-1");

        assertThat(callback(t, FORGED_SUCCESS).status()).isEqualTo(200);
        confirmWindowPasses();

        assertThat(count("GET", "/v1/tasks/t-1")).as("confirming fetches").isEqualTo(1);
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(t.snapshot().result().orElseThrow().primaryImage().orElseThrow().toString())
                .isEqualTo("https://cdn.refvendor.example/t-1.png");
    }

    @Test
    @DisplayName("a SUCCEEDED callback for a task the vendor still runs does not end it; polling goes on")
    void successClaimForARunningTaskIsNotApplied() {
        new RefVendorStubs().submitAccepted(wm, "t-1");
        new RefVendorStubs().running(wm, "t-1", 30);
        Task t = submitted("t-1");

        callback(t, FORGED_SUCCESS);
        confirmWindowPasses();

        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(t.snapshot().progress()).hasValue(30);
        new RefVendorStubs().succeededGrid(wm, "t-1");
        scheduler.advance(Duration.ofMinutes(2));
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(t.snapshot().result().orElseThrow().primaryImage().orElseThrow().toString()).doesNotContain("evil");
    }

    @Test
    @DisplayName("a FAILED callback for a task the vendor still runs does not end it")
    void failureClaimIsConfirmed() {
        new RefVendorStubs().submitAccepted(wm, "t-1");
        new RefVendorStubs().running(wm, "t-1", 30);
        Task t = submitted("t-1");

        callback(t, "{\"id\":\"t-1\",\"status\":\"failed\",\"error\":{\"code\":\"internal\",\"message\":\"forged\"}}");
        confirmWindowPasses();

        assertThat(count("GET", "/v1/tasks/t-1")).isEqualTo(1);
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.RUNNING);
    }

    @Test
    @DisplayName("a non-terminal callback applies directly, without a fetch")
    void progressAppliesDirectly() {
        new RefVendorStubs().submitAccepted(wm, "t-1");
        Task t = submitted("t-1");

        callback(t, "{\"id\":\"t-1\",\"status\":\"running\",\"progress\":40}");
        scheduler.runReady();

        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(t.snapshot().progress()).hasValue(40);
        assertThat(count("GET", "/v1/tasks/t-1")).isZero();
    }

    @Test
    @DisplayName("a task's URL moves only that task: task 1's result posted to task 2's URL changes nothing")
    void aUrlSpeaksForItsTaskOnly() {
        wm.register(post(urlEqualTo("/v1/tasks")).inScenario("ids").whenScenarioStateIs(STARTED)
                .willReturn(okJson(task("t-1", "queued", null))).willSetStateTo("second"));
        wm.register(post(urlEqualTo("/v1/tasks")).inScenario("ids").whenScenarioStateIs("second")
                .willReturn(okJson(task("t-2", "queued", null))));
        submitted("t-1");
        Task second = submitted("t-2");

        callback(second, RefVendorStubs.gridJson("t-1"));
        scheduler.runReady();

        assertThat(second.snapshot().status()).isEqualTo(TaskStatus.QUEUED);
    }

    @Test
    @DisplayName("there is no unauthenticated intake: the client offers no by-provider callback method")
    void noUnauthenticatedIntake() {
        Method[] intakes = Arrays.stream(Mj.class.getMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getName().equals("callbacks")).toArray(Method[]::new);
        assertThat(intakes).isEmpty();
    }
}
