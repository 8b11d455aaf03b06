package io.mj4j.provider.mjproxy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mj4j.spi.Action;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.SubmitRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("mjproxy options")
class MjProxyOptionsTest extends VendorServer {

    private LoggedRequest imagineThrough(MjProvider p, String prompt) {
        wm.register(post(anyUrl()).willReturn(MjProxyStubs.json(200, Fixtures.withId("submit-accepted.json", "t1"))));
        p.submit(new SubmitRequest(Action.Imagine.of(prompt), Optional.empty(), "ref-1"));
        assertThat(requests()).hasSize(1);
        return requests().get(0);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"lineage, plusplus", "auth_header, x-api-key", "path_prefix, mj/", "path_prefix, /mj?x=1", "speed_prefix, fast",
            "follow_ups, buttons", "lookup, search", "cancel, yes", "image_urls, 1", "colour, blue"})
    @DisplayName("a bad option value or an unknown option is an InvalidRequestException naming it, before any request")
    void badOptions(String key, String value) {
        Throwable t = catchThrowable(() -> provider(Map.of(key, value)));
        assertThat(t).isInstanceOf(InvalidRequestException.class).hasMessageContaining("'" + key + "'");
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("by default the key travels as mj-api-secret under /mj, with the client reference in state")
    void defaults() {
        LoggedRequest r = imagineThrough(provider(), "a cat --v 7");
        assertThat(r.getUrl()).isEqualTo("/mj/submit/imagine");
        assertThat(r.getHeader("mj-api-secret")).isEqualTo(KEY);
        assertThat(r.containsHeader("Authorization")).isFalse();
        assertThat(r.getBodyAsString()).contains("\"state\":\"ref-1\"").contains("\"botType\":\"MID_JOURNEY\"")
                .contains("\"prompt\":\"a cat --v 7\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"newapi, , 'Bearer '", "trueai, , ''", "plus, bearer, 'Bearer '", "plus, authorization, ''"})
    @DisplayName("the auth header follows the lineage unless auth_header says otherwise")
    void authHeaders(String lineage, String authHeader, String prefix) {
        Map<String, String> options = authHeader == null ? Map.of("lineage", lineage) : Map.of("lineage", lineage, "auth_header", authHeader);
        LoggedRequest r = imagineThrough(provider(options), "a cat");
        assertThat(r.getHeader("Authorization")).isEqualTo(prefix + KEY);
        assertThat(r.containsHeader("mj-api-secret")).isFalse();
    }

    @Test
    @DisplayName("without an API key (an open self-hosted server) no auth header is sent")
    void noKey() {
        LoggedRequest r = imagineThrough(provider(Map.of(), Credentials.none()), "a cat");
        assertThat(r.containsHeader("mj-api-secret")).isFalse();
        assertThat(r.containsHeader("Authorization")).isFalse();
    }

    @Test
    @DisplayName("path_prefix moves every endpoint")
    void pathPrefix() {
        assertThat(imagineThrough(provider(Map.of("path_prefix", "/proxy/mj/")), "a cat").getUrl()).isEqualTo("/proxy/mj/submit/imagine");
    }

    @Test
    @DisplayName("speed_prefix puts the prompt's speed flag into the path: /mj-fast/mj or /relax/mj")
    void speedPrefix() {
        assertThat(imagineThrough(provider(Map.of("speed_prefix", "mj")), "a cat --fast").getUrl()).isEqualTo("/mj-fast/mj/submit/imagine");
        server.resetAll();
        assertThat(imagineThrough(provider(Map.of("speed_prefix", "bare")), "a cat --relax").getUrl()).isEqualTo("/relax/mj/submit/imagine");
        server.resetAll();
        assertThat(imagineThrough(provider(Map.of("speed_prefix", "mj")), "a cat").getUrl()).isEqualTo("/mj/submit/imagine");
    }

    @Test
    @DisplayName("the provider's toString shows the server and lineage, never the key")
    void toStringHidesKey() {
        assertThat(provider(Map.of("lineage", "newapi")).toString()).doesNotContain(KEY).contains("newapi");
    }
}
