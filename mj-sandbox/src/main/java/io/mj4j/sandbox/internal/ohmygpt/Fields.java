package io.mj4j.sandbox.internal.ohmygpt;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.sandbox.vendor.SimRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of one OhMyGPT request body. ohmygpt.md §3: the docs show form bodies, the overview
 * recommends JSON and public clients use both, so both are read; in a form body an array repeats its key.
 * Immutable.
 */
final class Fields {
    private final Map<String, List<String>> values;

    private Fields(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * Reads the body of {@code r}: a JSON object, or a form body (by its content type, or when it does not
     * look like JSON).
     *
     * @throws Rejected when the body is neither
     */
    static Fields of(SimRequest r) {
        String type = r.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String text = r.bodyText().strip();
        if (text.isEmpty()) {
            return new Fields(Map.of());
        }
        if (type.contains("x-www-form-urlencoded") || !(text.startsWith("{") || text.startsWith("["))) {
            return form(text);
        }
        JsonNode node = r.json().orElseThrow(() -> new Rejected("Invalid request body: not JSON"));
        if (!node.isObject()) {
            throw new Rejected("Invalid request body: expected a JSON object");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            List<String> list = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> addScalar(list, v));
            } else {
                addScalar(list, e.getValue());
            }
            out.put(e.getKey(), list);
        });
        return new Fields(out);
    }

    private static void addScalar(List<String> list, JsonNode v) {
        // ohmygpt.md §13: ids go as numbers or strings; both read as text
        if (v.isTextual() || v.isNumber() || v.isBoolean()) {
            list.add(v.asText());
        }
    }

    private static Fields form(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return new Fields(out);
    }

    /** The field's first value, when present and not blank. */
    Optional<String> text(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() || v.get(0).isBlank() ? Optional.empty() : Optional.of(v.get(0).strip());
    }

    /** A required field. @throws Rejected naming it */
    String require(String name) {
        return text(name).orElseThrow(() -> new Rejected(name + " is required"));
    }

    /** Every value of an array field (empty when absent). */
    List<String> list(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    /** A request the vendor refuses: {@code statusCode 400} with this message (ohmygpt.md §9, §12). */
    static final class Rejected extends RuntimeException {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }
}
