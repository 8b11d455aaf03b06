package io.mj4j.sandbox.kolersky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The wire shapes of src/test/resources/kolersky, with their {@code {{name}}} placeholders filled. */
final class KolerskyFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private KolerskyFixtures() {
    }

    /** Fixture {@code name} with {@code {{k}}} replaced by {@code v} for each pair {@code k, v}. */
    static JsonNode load(String name, String... pairs) {
        try (InputStream in = KolerskyFixtures.class.getResourceAsStream("/kolersky/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (int i = 0; i + 1 < pairs.length; i += 2) {
                text = text.replace("{{" + pairs[i] + "}}", pairs[i + 1]);
            }
            if (text.contains("{{")) {
                throw new IllegalArgumentException("unfilled placeholder in " + name + ": " + text);
            }
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }
}
