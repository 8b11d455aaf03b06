package io.mj4j.testkit.engine;

import com.github.tomakehurst.wiremock.http.Fault;
import io.mj4j.core.Task;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.SubmitOutcomeUnknownException;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.TransportException;
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("Invariant 1: no accidental duplicate submits")
class NoDuplicateSubmitTest extends EngineFixture {

    @Test
    @DisplayName("a connection reset mid-submit leaves the task UNKNOWN with its reference, and WireMock saw exactly one POST")
    void resetIsNeverRetried() {
        wm.register(post(urlEqualTo("/v1/tasks")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Task t = client().submit(ProviderConformanceKit.IMAGINE);

        scheduler.advance(Duration.ofMinutes(30));

        assertThat(submits()).isEqualTo(1);
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.UNKNOWN);
        Throwable e = catchThrowable(() -> t.accepted().join());
        assertThat(e).isInstanceOf(CompletionException.class).hasCauseInstanceOf(SubmitOutcomeUnknownException.class);
        assertThat(((SubmitOutcomeUnknownException) e.getCause()).clientReference()).isEqualTo(t.id());
        assertThat(store.find(t.id()).orElseThrow().snapshot().status()).isEqualTo(TaskStatus.UNKNOWN);
    }

    @Test
    @DisplayName("a 500 on submit is ambiguous too: one POST, UNKNOWN")
    void serverErrorIsNeverRetried() {
        wm.register(post(urlEqualTo("/v1/tasks")).willReturn(aResponse().withStatus(500)));
        Task t = client().submit(ProviderConformanceKit.IMAGINE);
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(submits()).isEqualTo(1);
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.UNKNOWN);
    }

    @Test
    @DisplayName("a 503 'not accepted' is retried after its Retry-After (never before; jitter only adds), and the second attempt is acknowledged")
    void notAcceptedIsRetriedAfterRetryAfter() {
        wm.register(post(urlEqualTo("/v1/tasks")).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "20")).willSetStateTo("free"));
        wm.register(post(urlEqualTo("/v1/tasks")).inScenario("busy").whenScenarioStateIs("free")
                .willReturn(okJson(task("t-1", "queued", null))));
        Task t = client().submit(ProviderConformanceKit.IMAGINE);

        scheduler.advance(Duration.ofSeconds(19));
        assertThat(submits()).isEqualTo(1);
        scheduler.advance(Duration.ofSeconds(12)); // 20 s, lifted so that the retry's ±20 % jitter stays above it

        assertThat(submits()).isEqualTo(2);
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(t.snapshot().vendorTaskId()).hasValue("t-1");
    }

    @Test
    @DisplayName("a refused connection is retried up to the attempt limit, then the task fails with the transport error")
    void refusedIsRetried() {
        client();
        server.stop();
        Task t = mj.submit(ProviderConformanceKit.IMAGINE);

        scheduler.advance(Duration.ofMinutes(1));

        assertThat(sent).hasSize(3).allMatch(s -> s.path().equals("/v1/tasks"));
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.FAILED);
        Throwable e = catchThrowable(() -> t.completion().join());
        assertThat(e.getCause()).isInstanceOf(TransportException.class);
        assertThat(((TransportException) e.getCause()).delivery()).isEqualTo(TransportException.Delivery.NOT_SENT);
    }

    @Test
    @DisplayName("an auth refusal fails the task at once, with one POST and the typed error")
    void refusalFailsAtOnce() {
        wm.register(post(urlEqualTo("/v1/tasks")).willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"code\":\"unauthorized\",\"message\":\"bad key\"}}")));
        Task t = client().submit(ProviderConformanceKit.IMAGINE);
        scheduler.runReady();
        assertThat(submits()).isEqualTo(1);
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(catchThrowable(() -> t.await(Duration.ZERO))).isInstanceOf(AuthenticationException.class);
    }
}
