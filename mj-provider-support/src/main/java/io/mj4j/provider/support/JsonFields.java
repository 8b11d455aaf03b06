package io.mj4j.provider.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Lenient reads of single fields of a JSON tree, for vendors whose fields change type between versions or forks
 * (an id sent as a string here and a number there, a blank string meaning "absent"). Never throws.
 */
public final class JsonFields {
    private JsonFields() {
    }

    /** A scalar as stripped text, whether the vendor sent a string, a number or a boolean; empty for absent, null, blank or a container. */
    public static Optional<String> text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode() || value.isContainerNode()) {
            return Optional.empty();
        }
        String s = value.asText().strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** {@code node.field} as {@link #text(JsonNode)}; empty when {@code node} is null. */
    public static Optional<String> text(JsonNode node, String field) {
        return node == null ? Optional.empty() : text(node.get(field));
    }

    /** {@code node.field} as a long whether sent as a number or a numeric string; empty otherwise. */
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

    /** {@code node.field} when it is an object, else an empty object (so lookups below it read as absent). */
    public static JsonNode object(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isObject() ? v : JsonNodeFactory.instance.objectNode();
    }
}
