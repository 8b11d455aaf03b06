package io.mj4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Vendor reply bodies copied verbatim from the providers' {@code src/test/resources} fixtures (under
 * {@code io/mj4j/bench/fixtures/<vendor>/}), with their placeholders filled in.
 */
final class Fixtures {
    private Fixtures() {
    }

    /**
     * The fixture {@code vendor/name} with each placeholder replaced: {@code keysAndValues} are pairs of the
     * literal placeholder (for example {@code ${TASK_ID}} or {@code {{id}}}) and its value.
     */
    static String load(String vendor, String name, String... keysAndValues) {
        String path = "fixtures/" + vendor + "/" + name;
        String text;
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            text = text.replace(keysAndValues[i], keysAndValues[i + 1]);
        }
        if (text.contains("${") || text.contains("{{")) {
            throw new IllegalArgumentException("fixture " + path + " has an unfilled placeholder");
        }
        return text;
    }
}
