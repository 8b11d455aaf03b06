package io.mj4j.sandbox.internal.parts;

import io.mj4j.sandbox.vendor.SimRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KeyCheckTest {
    private static final String KEY = "sk-test-123";

    private static SimRequest with(String header, String value) {
        return new SimRequest("GET", "/", Map.of(), value == null ? Map.of() : Map.of(header, List.of(value)), new byte[0]);
    }

    @Test
    @DisplayName("bare: the header holds the key itself (blanks around it ignored); 'Bearer <key>' is refused")
    void bare() {
        KeyCheck check = KeyCheck.bare("mj-api-secret");
        assertThat(check.accepts(with("mj-api-secret", KEY), KEY)).isTrue();
        assertThat(check.accepts(with("MJ-API-SECRET", "  " + KEY + " "), KEY)).as("header name in any case").isTrue();
        assertThat(check.accepts(with("mj-api-secret", "Bearer " + KEY), KEY)).isFalse();
        assertThat(check.accepts(with("mj-api-secret", KEY + "x"), KEY)).isFalse();
        assertThat(check.accepts(with("Authorization", KEY), KEY)).as("another header").isFalse();
        assertThat(check.accepts(with("mj-api-secret", null), KEY)).as("no header").isFalse();
    }

    @Test
    @DisplayName("bearer: only 'Bearer <key>' (the word in any case) is accepted, never the bare key")
    void bearer() {
        KeyCheck check = KeyCheck.bearer("Authorization");
        assertThat(check.accepts(with("Authorization", "Bearer " + KEY), KEY)).isTrue();
        assertThat(check.accepts(with("authorization", " bearer   " + KEY + " "), KEY)).isTrue();
        assertThat(check.accepts(with("Authorization", KEY), KEY)).isFalse();
        assertThat(check.accepts(with("Authorization", "Bearer wrong"), KEY)).isFalse();
        assertThat(check.accepts(with("Authorization", "Bearer"), KEY)).isFalse();
        assertThat(check.accepts(with("Authorization", "Basic " + KEY), KEY)).isFalse();
    }

    @Test
    @DisplayName("bearerOrBare: 'Bearer <key>' and the bare key are both accepted; another key is not")
    void bearerOrBare() {
        KeyCheck check = KeyCheck.bearerOrBare("Authorization");
        assertThat(check.accepts(with("Authorization", "Bearer " + KEY), KEY)).isTrue();
        assertThat(check.accepts(with("Authorization", KEY), KEY)).isTrue();
        assertThat(check.accepts(with("Authorization", "Bearer " + KEY + "x"), KEY)).isFalse();
        assertThat(check.accepts(with("Authorization", null), KEY)).isFalse();
    }
}
