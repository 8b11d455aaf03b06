package io.mj4j.provider.acedata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the AceData wire-format fixtures under {@code src/test/resources/acedata/}, filling {@code ${NAME}} placeholders. */
final class Fixtures {
    private Fixtures() {
    }

    /** The fixture {@code name} with each {@code ${key}} replaced: {@code fixture("x.json", "TASK_ID", "t-1")}. */
    static String fixture(String name, String... keysAndValues) {
        String text;
        try (InputStream in = Fixtures.class.getResourceAsStream("/acedata/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture acedata/" + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            text = text.replace("${" + keysAndValues[i] + "}", keysAndValues[i + 1]);
        }
        if (text.contains("${")) {
            throw new IllegalArgumentException("fixture acedata/" + name + " has an unfilled placeholder");
        }
        return text;
    }
}
