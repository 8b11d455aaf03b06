package io.mj4j.testkit.engine;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mj4j.core.Mj;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.Task;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorProviderFactory;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Invariant 6: follow-ups stay home")
class FollowUpStaysHomeTest extends EngineFixture {

    @Test
    @DisplayName("an upscale goes to the provider that made the grid, even when another provider is the default")
    void followUpGoesToParentsProvider() {
        WireMockServer other = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        other.start();
        try {
            RefVendorStubs stubs = new RefVendorStubs();
            stubs.submitAccepted(wm, "grid-1");
            stubs.succeededGrid(wm, "grid-1");
            mj = Mj.builder()
                    .registry(ProviderRegistry.of(new RefVendorProviderFactory(), RefVendorProviderFactory.withId("ref-b")))
                    .environment(Map.of())
                    .provider("refvendor", ProviderConfig.builder().baseUri(server.baseUrl()).apiKey(KEY).build())
                    .provider("ref-b", ProviderConfig.builder().baseUri(other.baseUrl()).apiKey(KEY).build())
                    .defaultProvider("ref-b")
                    .clock(scheduler.clock()).scheduler(scheduler).executor(scheduler).pollOptions(POLL).build();

            Task grid = mj.submit("refvendor", ProviderConformanceKit.IMAGINE);
            scheduler.advance(Duration.ofSeconds(5));
            assertThat(grid.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
            wm.register(post(urlEqualTo("/v1/tasks")).withRequestBody(matchingJsonPath("$.parent", equalTo("grid-1")))
                    .withRequestBody(matchingJsonPath("$.index", equalTo("2"))).willReturn(okJson(task("up-1", "queued", null))));
            server.resetRequests();

            Task up = grid.upscale(2);
            scheduler.runReady();

            assertThat(up.providerId()).isEqualTo("refvendor");
            assertThat(up.snapshot().vendorTaskId()).hasValue("up-1");
            assertThat(server.getAllServeEvents()).hasSize(1);
            assertThat(other.getAllServeEvents()).isEmpty();
            assertThat(up.parentId()).hasValue(grid.id());
        } finally {
            other.stop();
        }
    }
}
