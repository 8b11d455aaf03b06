package io.mj4j.provider.mjproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Wire fixtures under {@code src/test/resources/mjproxy/}, with {@code ${name}} placeholders. */
final class Fixtures {
    /** The Midjourney job hash in the grid fixture's customIds. */
    static final String GRID_HASH = "3785da15-4f70-4034-9128-f3ff1ac634fa";
    /** The Midjourney job hash in the upscale fixture's customIds. */
    static final String IMAGE_HASH = "8c2a5d1e-1111-4a2b-9c3d-0123456789ab";

    private Fixtures() {
    }

    /** The fixture {@code name} with each {@code ${key}} replaced. */
    static String load(String name, Map<String, String> values) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/mjproxy/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture mjproxy/" + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> e : values.entrySet()) {
                text = text.replace("${" + e.getKey() + "}", e.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture {@code name} with {@code ${id}} replaced. */
    static String withId(String name, String id) {
        return load(name, Map.of("id", id));
    }
}
