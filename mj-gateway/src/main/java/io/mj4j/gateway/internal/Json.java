package io.mj4j.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Optional;

/** The one Jackson mapper of the gateway and lenient readers of request fields. Thread-safe. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** The body as a JSON object; an empty body is an empty object. @throws Bad code 4 when it is not JSON or not an object */
    public static JsonNode body(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return object();
        }
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n == null || n.isMissingNode() || n.isNull()) {
                return object();
            }
            if (!n.isObject()) {
                throw Bad.validation("the request body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw Bad.validation("the request body is not valid JSON: " + first(e.getMessage()));
        }
    }

    /** A text field, empty when absent, null or blank. Numbers are read as text (some clients send ids as numbers). */
    public static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return Optional.empty();
        }
        String s = v.asText();
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    public static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String first(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String m = nl < 0 ? message : message.substring(0, nl);
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
