package io.mj4j.sandbox.internal.parts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.sandbox.vendor.SimRequest;
import io.mj4j.sandbox.vendor.SimResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A vendor whose refusals are HTTP 422 with the message as the body, and one message of its own. */
    private static final Words WORDS = new Words() {
        @Override
        public SimResponse refusal(String message) {
            return SimResponse.of(422, "text/plain", message.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String blank(String field) {
            return field + " must not be empty";
        }
    };

    private static Fields fields(String json, Fields.Reading reading) {
        try {
            return Fields.of((ObjectNode) JSON.readTree(json), reading, WORDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static SimRequest post(String body) {
        return new SimRequest("POST", "/", Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The vendor's reply to the refused call, as "status message". */
    private static String refusal(Executable call) {
        Refusal r = catchThrowableOfType(Refusal.class, call::execute);
        assertThat(r).as("refused").isNotNull();
        return r.response().status() + " " + new String(r.response().body(), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("text is stripped; absent, null and blank read as empty")
    void text() {
        Fields f = fields("{\"a\":\"  x \",\"b\":null,\"c\":\"  \"}", Fields.Reading.STRINGS);
        assertThat(f.text("a")).contains("x");
        assertThat(f.text("b")).isEmpty();
        assertThat(f.text("c")).isEmpty();
        assertThat(f.text("d")).isEmpty();
    }

    @Test
    @DisplayName("the reading decides what a non-string value is: refused, read as text, or absent")
    void readings() {
        String body = "{\"n\":12,\"o\":{\"k\":1},\"a\":[\"first\",\"second\"]}";
        assertThat(refusal(() -> fields(body, Fields.Reading.STRINGS).text("n"))).isEqualTo("422 n must be a string");
        assertThat(fields(body, Fields.Reading.SCALARS).text("n")).contains("12");
        assertThat(refusal(() -> fields(body, Fields.Reading.SCALARS).text("o"))).isEqualTo("422 o must be a string");
        assertThat(fields(body, Fields.Reading.LENIENT).text("o")).isEmpty();
        assertThat(fields(body, Fields.Reading.LENIENT).text("a")).isEmpty();
        assertThat(fields(body, Fields.Reading.FORM).text("a")).contains("first");
    }

    @Test
    @DisplayName("a required field names itself, with the vendor's words for missing and for blank")
    void required() {
        Fields f = fields("{\"a\":\"x\",\"b\":\" \"}", Fields.Reading.STRINGS);
        assertThat(f.required("a")).isEqualTo("x");
        assertThat(refusal(() -> f.required("b"))).isEqualTo("422 b must not be empty");
        assertThat(refusal(() -> f.required("c"))).isEqualTo("422 c is required");
    }

    @Test
    @DisplayName("oneOf takes a listed value (a number as its plain text), refuses another naming the choices")
    void oneOf() {
        Fields f = fields("{\"v\":6.10,\"s\":\"Fast\",\"x\":\"8\",\"o\":[1]}", Fields.Reading.STRINGS);
        List<String> versions = List.of("7", "6.1");
        assertThat(f.oneOf("v", versions)).contains("6.1");
        assertThat(f.oneOf("missing", versions)).isEmpty();
        assertThat(refusal(() -> f.oneOf("x", versions))).isEqualTo("422 x must be one of 7, 6.1");
        assertThat(refusal(() -> f.oneOf("o", versions))).isEqualTo("422 o must be one of 7, 6.1");
        assertThat(refusal(() -> f.oneOf("s", List.of("fast")))).as("case counts").startsWith("422");
        assertThat(f.oneOfIgnoringCase("s", List.of("fast", "relax"))).contains("fast");
    }

    @Test
    @DisplayName("integer takes whole numbers in range on the step; refuses text, fractions, out of range and off-step")
    void integer() {
        Fields f = fields("{\"a\":50,\"t\":\"50\",\"f\":5.5,\"big\":1050,\"off\":55}", Fields.Reading.SCALARS);
        assertThat(f.integer("a", 0, 1000, 50)).isEqualTo(OptionalInt.of(50));
        assertThat(f.integer("none", 0, 1000, 50)).isEmpty();
        for (String bad : List.of("t", "f", "big", "off")) {
            assertThat(refusal(() -> f.integer(bad, 0, 1000, 50))).isEqualTo("422 " + bad + " must be an integer from 0 to 1000 in steps of 50");
        }
    }

    @Test
    @DisplayName("bool takes JSON booleans only")
    void bool() {
        Fields f = fields("{\"t\":true,\"s\":\"true\"}", Fields.Reading.SCALARS);
        assertThat(f.bool("t")).contains(true);
        assertThat(f.bool("none")).isEmpty();
        assertThat(refusal(() -> f.bool("s"))).isEqualTo("422 s must be a boolean");
    }

    @Test
    @DisplayName("url takes http(s) URLs with a host, refuses other schemes and text")
    void url() {
        Fields f = fields("{\"ok\":\"https://e.com/a.png\",\"ftp\":\"ftp://e.com/a\",\"text\":\"not a url\",\"nohost\":\"http:///x\"}",
                Fields.Reading.STRINGS);
        assertThat(f.url("ok")).contains("https://e.com/a.png");
        assertThat(f.url("none")).isEmpty();
        for (String bad : List.of("ftp", "text", "nohost")) {
            assertThat(refusal(() -> f.url(bad))).isEqualTo("422 " + bad + " must be an http(s) URL");
        }
        assertThat(refusal(() -> f.requiredUrl("none"))).isEqualTo("422 none is required");
    }

    @Test
    @DisplayName("strings drops null and blank items; a lone value is a list in a form, absent when lenient, refused otherwise")
    void strings() {
        String body = "{\"a\":[\" x \",null,\"\",3],\"one\":\"y\"}";
        assertThat(fields(body, Fields.Reading.STRINGS).strings("a")).containsExactly("x", "3");
        assertThat(fields(body, Fields.Reading.STRINGS).strings("none")).isEmpty();
        assertThat(fields(body, Fields.Reading.FORM).strings("one")).containsExactly("y");
        assertThat(fields(body, Fields.Reading.LENIENT).strings("one")).isEmpty();
        assertThat(refusal(() -> fields(body, Fields.Reading.SCALARS).strings("one"))).isEqualTo("422 one must be an array of strings");
    }

    @Test
    @DisplayName("json needs an object body (else the vendor's unreadable-body reply); jsonOrEmpty reads a blank body as no fields")
    void bodies() {
        assertThat(Fields.json(post("{\"a\":\"x\"}"), Fields.Reading.STRINGS, WORDS).text("a")).contains("x");
        assertThat(refusal(() -> Fields.json(post("[1]"), Fields.Reading.STRINGS, WORDS))).isEqualTo("422 request body must be a JSON object");
        assertThat(refusal(() -> Fields.json(post("not json"), Fields.Reading.STRINGS, WORDS))).startsWith("422 ");
        assertThat(refusal(() -> Fields.json(post(""), Fields.Reading.STRINGS, WORDS))).startsWith("422 ");
        assertThat(Fields.jsonOrEmpty(post("  "), Fields.Reading.STRINGS, WORDS).has("a")).isFalse();
        assertThat(refusal(() -> Fields.jsonOrEmpty(post("x=1"), Fields.Reading.STRINGS, WORDS))).startsWith("422 ");
    }

    @Test
    @DisplayName("a form body is URL-decoded; a repeated key becomes an array")
    void form() {
        ObjectNode o = Fields.form("prompt=a+red%20fox&img=1&img=2&img=3&flag");
        assertThat(o.path("prompt").asText()).isEqualTo("a red fox");
        assertThat(o.path("img").isArray()).isTrue();
        Fields f = Fields.of(o, Fields.Reading.FORM, WORDS);
        assertThat(f.strings("img")).containsExactly("1", "2", "3");
        assertThat(f.text("img")).contains("1");
        assertThat(f.has("flag")).isTrue();
        assertThat(f.text("flag")).isEmpty();
    }

    @Test
    @DisplayName("node hands the raw value to a vendor's own check; refuse words a vendor's own refusal")
    void rawAccess() {
        Fields f = fields("{\"z\":\"1.5\"}", Fields.Reading.STRINGS);
        assertThat(f.node("z").asText()).isEqualTo("1.5");
        assertThat(f.node("none").isMissingNode()).isTrue();
        assertThat(refusal(() -> {
            throw f.refuse("zoom too far");
        })).isEqualTo("422 zoom too far");
    }
}
