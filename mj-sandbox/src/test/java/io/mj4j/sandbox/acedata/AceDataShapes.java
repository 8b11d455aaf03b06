package io.mj4j.sandbox.acedata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares replies with the documented shapes under {@code src/test/resources/acedata/}: an object has exactly the
 * fixture's fields, literals are equal, and {@code ${string}}, {@code ${number}}, {@code ${uuid}}, {@code ${digits}}
 * and {@code ${url}} match any value of that form.
 */
final class AceDataShapes {
    static final ObjectMapper JSON = new ObjectMapper();

    private AceDataShapes() {
    }

    static JsonNode fixture(String name) {
        try (InputStream in = AceDataShapes.class.getResourceAsStream("/acedata/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture acedata/" + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** Asserts that {@code actual} has the shape of the fixture {@code name}. */
    static void assertMatches(JsonNode actual, String name) {
        List<String> problems = new ArrayList<>();
        compare(actual, fixture(name), "$", problems);
        assertThat(problems).as("reply %s against fixture %s", actual, name).isEmpty();
    }

    private static void compare(JsonNode actual, JsonNode expected, String path, List<String> problems) {
        if (actual == null || actual.isMissingNode()) {
            problems.add(path + " is missing");
            return;
        }
        if (expected.isTextual() && expected.asText().matches("\\$\\{\\w+}")) {
            String kind = expected.asText().substring(2, expected.asText().length() - 1);
            boolean ok = switch (kind) {
                case "string" -> actual.isTextual() && !actual.asText().isBlank();
                case "number" -> actual.isNumber();
                case "uuid" -> actual.isTextual() && actual.asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
                case "digits" -> actual.isTextual() && actual.asText().matches("\\d{6,}");
                case "url" -> actual.isTextual() && actual.asText().matches("https?://\\S+");
                default -> throw new IllegalArgumentException("unknown wildcard " + expected);
            };
            if (!ok) {
                problems.add(path + " = " + actual + " is not a " + kind);
            }
            return;
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                problems.add(path + " = " + actual + " is not an object");
                return;
            }
            TreeSet<String> want = names(expected);
            TreeSet<String> got = names(actual);
            if (!want.equals(got)) {
                problems.add(path + " has fields " + got + ", expected " + want);
            }
            for (String f : want) {
                compare(actual.get(f), expected.get(f), path + "." + f, problems);
            }
            return;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                problems.add(path + " = " + actual + " is not an array of " + expected.size());
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(actual.get(i), expected.get(i), path + "[" + i + "]", problems);
            }
            return;
        }
        boolean equal = expected.isNumber() && actual.isNumber()
                ? expected.decimalValue().compareTo(actual.decimalValue()) == 0
                : expected.equals(actual);
        if (!equal) {
            problems.add(path + " = " + actual + ", expected " + expected);
        }
    }

    private static TreeSet<String> names(JsonNode o) {
        TreeSet<String> out = new TreeSet<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
