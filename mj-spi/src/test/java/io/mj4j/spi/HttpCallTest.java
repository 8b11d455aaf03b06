package io.mj4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("HttpCall")
class HttpCallTest {

    private static final URI URL = URI.create("https://api.example.com/mj/submit/imagine");

    @Test
    @DisplayName("toString hides the values of Authorization, x-token and mj-api-secret but shows other headers")
    void toStringHidesSecrets() {
        // given
        HttpCall call = HttpCall.post(URL)
                .header("Authorization", "Bearer sk-live-123")
                .header("X-Token", "tok-456")
                .header("MJ-API-SECRET", "secret-789")
                .header("Accept", "application/json")
                .jsonBody("{\"prompt\":\"a fox\"}")
                .build();

        // when
        String shown = call.toString();

        // then
        assertThat(shown)
                .doesNotContain("sk-live-123").doesNotContain("tok-456").doesNotContain("secret-789")
                .contains("Authorization=****").contains("X-Token=****").contains("MJ-API-SECRET=****")
                .contains("Accept=application/json").contains("Content-Type=application/json")
                .contains("POST " + URL)
                .contains("body=18 bytes")
                .doesNotContain("a fox");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"api-key", "X-Api-Key", "Proxy-Authorization", "Cookie"})
    @DisplayName("toString hides the other secret headers too")
    void toStringHidesOtherSecretHeaders(String name) {
        assertThat(HttpCall.get(URL).header(name, "very-secret").build().toString())
                .doesNotContain("very-secret").contains(name + "=****");
    }

    @Test
    @DisplayName("keeps its own copy of the body when built and when read")
    void bodyDefensiveCopy() {
        // given
        byte[] source = "hello".getBytes(StandardCharsets.UTF_8);
        HttpCall call = HttpCall.post(URL).body(source, "text/plain").build();

        // when
        source[0] = 'J';
        call.body()[1] = 'A';

        // then
        assertThat(call.bodyText()).isEqualTo("hello");
        assertThat(call.header("content-type")).contains("text/plain");
    }

    @Test
    @DisplayName("the canonical constructor copies the body and treats null as empty")
    void constructorCopiesBody() {
        // given
        byte[] source = {1, 2, 3};
        HttpCall call = new HttpCall("PUT", URL, Map.of(), source, Optional.empty());

        // when
        source[0] = 9;

        // then
        assertThat(call.body()).containsExactly(1, 2, 3);
        assertThat(new HttpCall("GET", URL, Map.of(), null, Optional.empty()).body()).isEmpty();
    }

    @Test
    @DisplayName("jsonBody sets the JSON content type and UTF-8 bytes")
    void jsonBody() {
        // when
        HttpCall call = HttpCall.post(URL).jsonBody("{\"p\":\"f\u00fcchse\"}").build();

        // then
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.header("CONTENT-TYPE")).contains("application/json");
        assertThat(call.bodyText()).isEqualTo("{\"p\":\"f\u00fcchse\"}");
        assertThat(call.body()).hasSize(15);
    }

    @Test
    @DisplayName("looks up headers whatever the case of their name")
    void headerLookup() {
        // given
        HttpCall call = HttpCall.get(URL).header("X-Request-Id", "r-1").build();

        // then
        assertThat(call.header("x-request-id")).contains("r-1");
        assertThat(call.header("x-other")).isEmpty();
    }

    @Test
    @DisplayName("carries a timeout only when one was set")
    void timeout() {
        assertThat(HttpCall.get(URL).build().timeout()).isEmpty();
        assertThat(HttpCall.get(URL).timeout(Duration.ofSeconds(5)).build().timeout()).contains(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("method(...) builds any method, for example DELETE with a body")
    void anyMethod() {
        // when
        HttpCall call = HttpCall.method("DELETE", URL).jsonBody("{}").build();

        // then
        assertThat(call.method()).isEqualTo("DELETE");
        assertThat(call.bodyText()).isEqualTo("{}");
    }

    @Test
    @DisplayName("rejects a relative URI, naming uri")
    void rejectsRelativeUri() {
        assertThatThrownBy(() -> HttpCall.get(URI.create("/mj/submit")).build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("uri:");
    }

    @Test
    @DisplayName("compares bodies by content")
    void equality() {
        // given
        HttpCall a = HttpCall.post(URL).jsonBody("{}").build();
        HttpCall b = HttpCall.post(URL).jsonBody("{}").build();

        // then
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(HttpCall.post(URL).jsonBody("[]").build());
    }

    @Test
    @DisplayName("its headers cannot be changed after building")
    void headersImmutable() {
        assertThatThrownBy(() -> HttpCall.get(URL).build().headers().put("a", List.of("b")))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
