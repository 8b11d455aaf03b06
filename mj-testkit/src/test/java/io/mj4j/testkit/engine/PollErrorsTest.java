package io.mj4j.testkit.engine;

import com.github.tomakehurst.wiremock.http.Fault;
import io.mj4j.core.Task;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Invariant 4: polls never kill a task")
class PollErrorsTest extends EngineFixture {

    @Test
    @DisplayName("5xx, a reset and a 429 with Retry-After on fetch only delay the next poll; the task still succeeds")
    void fetchErrorsAreRetried() {
        new RefVendorStubs().submitAccepted(wm, "t-1");
        String path = "/v1/tasks/t-1";
        wm.register(get(urlEqualTo(path)).inScenario("s").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("reset"));
        // The JDK client itself re-sends a GET once when a kept-alive connection dies before any byte of the
        // reply: two resets in a row make the engine see one failed poll.
        wm.register(get(urlEqualTo(path)).inScenario("s").whenScenarioStateIs("reset")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("reset again"));
        wm.register(get(urlEqualTo(path)).inScenario("s").whenScenarioStateIs("reset again")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("limited"));
        wm.register(get(urlEqualTo(path)).inScenario("s").whenScenarioStateIs("limited")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "90")).willSetStateTo("ok"));
        wm.register(get(urlEqualTo(path)).inScenario("s").whenScenarioStateIs("ok")
                .willReturn(okJson(RefVendorStubs.gridJson("t-1"))));

        Task t = client().submit(ProviderConformanceKit.IMAGINE);
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        List<EngineFixture.Sent> polls = sent.stream().filter(s -> s.path().equals(path)).toList();
        assertThat(polls).hasSize(4);
        // backoff: 5 s after acceptance, then 5 s x2 after the 500, 5 s x4 after the reset, then Retry-After 90 s
        assertThat(Duration.between(polls.get(0).at(), polls.get(1).at())).isEqualTo(Duration.ofSeconds(10));
        assertThat(Duration.between(polls.get(1).at(), polls.get(2).at())).isEqualTo(Duration.ofSeconds(20));
        assertThat(Duration.between(polls.get(2).at(), polls.get(3).at())).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    @DisplayName("a fetch that keeps failing never ends the task before its deadline")
    void persistentErrorsDoNotFail() {
        new RefVendorStubs().submitAccepted(wm, "t-1");
        wm.register(get(urlEqualTo("/v1/tasks/t-1")).willReturn(aResponse().withStatus(502)));
        Task t = client().submit(ProviderConformanceKit.IMAGINE);
        scheduler.advance(Duration.ofMinutes(9));
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(count("GET", "/v1/tasks/t-1")).isGreaterThan(5);
    }
}
