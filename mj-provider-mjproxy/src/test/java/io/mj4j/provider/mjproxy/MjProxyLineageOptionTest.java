package io.mj4j.provider.mjproxy;

import io.mj4j.spi.Action;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.SubmitRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("mjproxy lineage option")
class MjProxyLineageOptionTest extends VendorServer {

    @Test
    @DisplayName("lineage=auto is the same as no option: undetected, Plus routes first")
    void auto() {
        assertThat(((MjProxyProvider) provider(Map.of("lineage", "auto"))).lineage()).startsWith("not yet detected");
        assertThat(((MjProxyProvider) provider(Map.of())).lineage()).startsWith("not yet detected");
        assertThat(((MjProxyProvider) provider(Map.of("lineage", "trueai"))).lineage()).isEqualTo("trueai (option lineage)");
    }

    @Test
    @DisplayName("a bad lineage names the value and every allowed word, auto included, before any request")
    void badLineage() {
        assertThatThrownBy(() -> provider(Map.of("lineage", "premium"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'premium'").hasMessageContaining("oss").hasMessageContaining("auto");
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("a server answering /submit/action with a vendor envelope is the Plus surface: the follow-up is not resent elsewhere")
    void envelopeMeansPlus() {
        wm.register(post(urlEqualTo("/mj/submit/action")).willReturn(MjProxyStubs.json(200,
                "{\"code\":1,\"description\":\"Submit success\",\"result\":\"c1\"}")));
        MjProxyProvider p = (MjProxyProvider) provider();
        p.submit(new SubmitRequest(new Action.Upscale(1), Optional.of(io.mj4j.spi.TaskSnapshot.builder(io.mj4j.spi.TaskStatus.SUCCEEDED)
                .vendorTaskId("p1").vendorState("customId:UPSCALE:1", "MJ::JOB::upsample::1::abc").build()), "ref-1"));
        assertThat(requests()).hasSize(1);
        assertThat(p.lineage()).isEqualTo("plus surface (detected: a vendor answer on POST /mj/submit/action)");
    }
}
