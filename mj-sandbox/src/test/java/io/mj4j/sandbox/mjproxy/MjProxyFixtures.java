package io.mj4j.sandbox.mjproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * midjourney-proxy bodies from {@code src/test/resources/mjproxy/} (the shapes of mjproxy.md §3, §4, §10, §15),
 * with {@code {{name}}} placeholders filled in.
 */
final class MjProxyFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private MjProxyFixtures() {
    }

    /** The fixture text with the placeholders replaced (name, value pairs). */
    static String text(String name, String... vars) {
        String text;
        try (InputStream in = MjProxyFixtures.class.getResourceAsStream("/mjproxy/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture mjproxy/" + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i + 1 < vars.length; i += 2) {
            text = text.replace("{{" + vars[i] + "}}", vars[i + 1]);
        }
        if (text.contains("{{")) {
            throw new IllegalArgumentException("unfilled placeholder in mjproxy/" + name + ": " + text);
        }
        return text;
    }

    /** The fixture as a JSON tree. */
    static JsonNode tree(String name, String... vars) {
        return parse(text(name, vars));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
