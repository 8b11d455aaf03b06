package io.mj4j.sandbox.mjproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mj4j.sandbox.SandboxFixtures;

/** mjproxy bodies from {@code src/test/resources/mjproxy/}, {@code {{name}}} filled in (see {@link SandboxFixtures}). */
final class MjProxyFixtures {
    static final ObjectMapper JSON = SandboxFixtures.JSON;

    private MjProxyFixtures() {
    }

    /** The fixture text with the placeholders replaced (name, value pairs). */
    static String text(String name, String... vars) {
        return SandboxFixtures.text("mjproxy", name, vars);
    }

    /** The fixture as a JSON tree. */
    static JsonNode tree(String name, String... vars) {
        return parse(text(name, vars));
    }

    static JsonNode parse(String json) {
        return SandboxFixtures.parse(json);
    }
}
