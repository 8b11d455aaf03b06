package io.mj4j.provider.kolersky;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the wire-format fixtures under {@code src/test/resources/kolersky/}, filling {@code {{name}}} placeholders. */
final class Fixtures {
    private Fixtures() {
    }

    /** Fixture {@code name}.json with {@code keyValues} = name1, value1, name2, value2 ... filled in. */
    static String load(String name, String... keyValues) {
        String path = "/kolersky/" + name + ".json";
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                s = s.replace("{{" + keyValues[i] + "}}", keyValues[i + 1]);
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
