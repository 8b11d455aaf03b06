package io.mj4j.provider.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonFieldsTest {
    private final JsonNode node = ProviderJson.of((String) null).tryRead(
            "{\"id\":1234567890123,\"sid\":\" 77 \",\"blank\":\"  \",\"nil\":null,\"obj\":{\"a\":\"x\"},\"arr\":[1],\"word\":\"abc\"}")
            .orElseThrow();

    @Test
    @DisplayName("a field reads as text whether sent as a number or a string; blank, null, absent and containers are empty")
    void text() {
        assertThat(JsonFields.text(node, "id")).hasValue("1234567890123");
        assertThat(JsonFields.text(node, "sid")).hasValue("77");
        assertThat(JsonFields.text(node, "blank")).isEmpty();
        assertThat(JsonFields.text(node, "nil")).isEmpty();
        assertThat(JsonFields.text(node, "missing")).isEmpty();
        assertThat(JsonFields.text(node, "obj")).isEmpty();
        assertThat(JsonFields.text(node, "arr")).isEmpty();
        assertThat(JsonFields.text(null, "id")).isEmpty();
    }

    @Test
    @DisplayName("a number reads from a number or a numeric string; words are empty")
    void number() {
        assertThat(JsonFields.number(node, "id")).hasValue(1234567890123L);
        assertThat(JsonFields.number(node, "sid")).hasValue(77L);
        assertThat(JsonFields.number(node, "word")).isEmpty();
    }

    @Test
    @DisplayName("a child object is returned as is; anything else reads as an empty object")
    void object() {
        assertThat(JsonFields.text(JsonFields.object(node, "obj"), "a")).hasValue("x");
        assertThat(JsonFields.object(node, "arr").isObject()).isTrue();
        assertThat(JsonFields.object(node, "arr").isEmpty()).isTrue();
        assertThat(JsonFields.object(null, "obj").isEmpty()).isTrue();
    }
}
