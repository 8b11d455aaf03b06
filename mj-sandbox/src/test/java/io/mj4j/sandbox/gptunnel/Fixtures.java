package io.mj4j.sandbox.gptunnel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mj4j.sandbox.SandboxFixtures;

/** gptunnel bodies from {@code src/test/resources/gptunnel/}, {@code {{name}}} filled in (see {@link SandboxFixtures}). */
final class Fixtures {
    static final ObjectMapper JSON = SandboxFixtures.JSON;

    private Fixtures() {
    }

    /** The fixture text with the placeholders replaced (name, value pairs). */
    static String text(String name, String... vars) {
        return SandboxFixtures.text("gptunnel", name, vars);
    }

    /** The fixture as a JSON tree. */
    static JsonNode tree(String name, String... vars) {
        return parse(text(name, vars));
    }

    static JsonNode parse(String json) {
        return SandboxFixtures.parse(json);
    }
}
