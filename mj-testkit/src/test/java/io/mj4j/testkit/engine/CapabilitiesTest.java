package io.mj4j.testkit.engine;

import io.mj4j.core.Task;
import io.mj4j.spi.Prompt;
import io.mj4j.spi.SpeedMode;
import io.mj4j.spi.UnsupportedActionException;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Invariant 5: capabilities before HTTP")
class CapabilitiesTest extends EngineFixture {

    @Test
    @DisplayName("an action the provider does not declare fails with UnsupportedActionException and zero requests")
    void undeclaredAction() {
        client();
        assertThatThrownBy(() -> mj.describe(URI.create("https://img.example/a.png")))
                .isInstanceOf(UnsupportedActionException.class).hasMessageContaining("DESCRIBE");
        assertThatThrownBy(() -> mj.imagine(Prompt.builder().text("a fox").speed(SpeedMode.TURBO).build()))
                .isInstanceOf(UnsupportedActionException.class).hasMessageContaining("TURBO");
        scheduler.runReady();
        assertThat(server.getAllServeEvents()).isEmpty();
        assertThat(store.findActive()).isEmpty();
    }

    @Test
    @DisplayName("a follow-up on an unfinished parent, or one the result does not offer, fails with zero requests")
    void followUpNotOffered() {
        new RefVendorStubs().submitAccepted(wm, "t-1");
        Task grid = client().submit(ProviderConformanceKit.IMAGINE);
        scheduler.runReady();
        assertThatThrownBy(() -> grid.upscale(1)).isInstanceOf(UnsupportedActionException.class).hasMessageContaining("QUEUED");

        wm.register(get(urlEqualTo("/v1/tasks/t-1")).willReturn(okJson("{\"id\":\"t-1\",\"status\":\"done\","
                + "\"image\":\"https://cdn.example/t-1.png\",\"followUps\":[\"upscale:1\"]}")));
        scheduler.advance(Duration.ofSeconds(5));
        int before = server.getAllServeEvents().size();

        assertThatThrownBy(() -> grid.variation(2)).isInstanceOf(UnsupportedActionException.class).hasMessageContaining("VARIATION:2");
        assertThatThrownBy(() -> grid.zoomOut(1.5)).isInstanceOf(UnsupportedActionException.class).hasMessageContaining("ZOOM");
        scheduler.runReady();
        assertThat(server.getAllServeEvents()).hasSize(before);
    }
}
