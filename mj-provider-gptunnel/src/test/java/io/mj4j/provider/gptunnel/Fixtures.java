package io.mj4j.provider.gptunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** GPTunnel reply bodies from {@code src/test/resources/gptunnel/}, with {@code {{name}}} placeholders filled in. */
final class Fixtures {
    private Fixtures() {
    }

    /** The fixture {@code name} with the placeholders replaced (name, value pairs). */
    static String load(String name, String... vars) {
        String text;
        try (InputStream in = Fixtures.class.getResourceAsStream("/gptunnel/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture gptunnel/" + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < vars.length; i += 2) {
            values.put(vars[i], vars[i + 1]);
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        if (text.contains("{{")) {
            throw new IllegalArgumentException("unfilled placeholder in gptunnel/" + name + ": " + text);
        }
        return text;
    }

    /** A /result task object: {@code task.json} with status, percent, result and error (JSON literals). */
    static String task(String id, String status, int percent, String resultJson, String errorJson) {
        return load("task.json", "id", id, "status", status, "percent", Integer.toString(percent),
                "result", resultJson, "error", errorJson);
    }
}
