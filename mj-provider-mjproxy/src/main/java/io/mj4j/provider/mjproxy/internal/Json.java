package io.mj4j.provider.mjproxy.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.spi.ProviderProtocolException;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Lenient JSON reading for a protocol whose fields change type between lineages (mjproxy.md §3: ids and
 * property values are strings or numbers). Every parse failure becomes a {@link ProviderProtocolException}
 * naming what was read; nothing escapes from inside Jackson. Thread-safe.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** A new empty object, for request bodies. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code node} serialized. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }

    /** {@code body} as a JSON tree; empty for an empty or blank body. {@code snippet} names the body in errors. */
    public static Optional<JsonNode> read(byte[] body, String what, String snippet) {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (IOException | RuntimeException e) {
            // No cause: Jackson's message quotes tokens of the body, which only the scrubbed snippet may show.
            throw new ProviderProtocolException(what + ": the reply is not valid JSON: " + snippet);
        }
    }

    /** A field as text whether the vendor sent a string or a number; empty for absent, null or blank. */
    public static Optional<String> text(JsonNode node, String field) {
        if (node == null) {
            return Optional.empty();
        }
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isMissingNode() || v.isContainerNode()) {
            return Optional.empty();
        }
        String s = v.asText();
        return s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }

    /** A field as a long whether sent as a number or a numeric string. */
    public static OptionalLong number(JsonNode node, String field) {
        Optional<String> t = text(node, field);
        if (t.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(t.get()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A child object, or an empty object when absent or not an object. */
    public static JsonNode objectField(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isObject() ? v : MAPPER.createObjectNode();
    }
}
