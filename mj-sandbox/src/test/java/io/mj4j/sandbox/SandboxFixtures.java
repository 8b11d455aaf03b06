package io.mj4j.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Vendor bodies from {@code src/test/resources/<vendor>/}, with {@code {{name}}} placeholders filled in. */
public final class SandboxFixtures {
    public static final ObjectMapper JSON = new ObjectMapper();

    private SandboxFixtures() {
    }

    /** The fixture {@code vendor/name} with the placeholders replaced (name, value pairs). */
    public static String text(String vendor, String name, String... vars) {
        String text;
        try (InputStream in = SandboxFixtures.class.getResourceAsStream("/" + vendor + "/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + vendor + "/" + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i + 1 < vars.length; i += 2) {
            text = text.replace("{{" + vars[i] + "}}", vars[i + 1]);
        }
        if (text.contains("{{")) {
            throw new IllegalArgumentException("unfilled placeholder in " + vendor + "/" + name + ": " + text);
        }
        return text;
    }

    /** JSON text as a tree. */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
