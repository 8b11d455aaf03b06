package io.mj4j.provider.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.Redaction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProviderJsonTest {
    private static final String KEY = "sk-live-4f9a/Zq77";
    /** The key as a JSON writer that escapes '-' and '/' prints it (seen at OhMyGPT and AceData). */
    private static final String KEY_ESCAPED = "sk\\u002dlive\\u002d4f9a\\/Zq77";

    private final ProviderJson json = ProviderJson.of(KEY);

    record Task(String id, int percent) {
    }

    @Test
    @DisplayName("a body that is not JSON is a ProviderProtocolException naming the call, with the HTTP status and no Jackson cause")
    void notJson() {
        HttpReply reply = HttpReply.of(200, "<html>gateway says hi</html>");

        ProviderProtocolException e = catchThrowableOfType(ProviderProtocolException.class,
                () -> json.readObject(reply, "acme fetch of task 7"));

        assertThat(e.getMessage()).startsWith("acme fetch of task 7: the reply is not valid JSON").contains("gateway says hi");
        assertThat(e.httpStatus()).hasValue(200);
        assertThat(e.getCause()).isNull();
    }

    @Test
    @DisplayName("the quoted snippet hides the key raw and JSON-escaped")
    void snippetRedacted() {
        HttpReply reply = HttpReply.of(200, "{\"echo\":\"" + KEY + "\",\"escaped\":\"" + KEY_ESCAPED + "\", oops");

        ProviderProtocolException e = catchThrowableOfType(ProviderProtocolException.class, () -> json.readObject(reply, "submit"));

        assertThat(e.getMessage()).doesNotContain("4f9a").contains("\"echo\":\"" + Redaction.MASK + "\"")
                .contains("\"escaped\":\"" + Redaction.MASK + "\"");
    }

    @Test
    @DisplayName("Jackson's own reason, which quotes the offending token, is redacted too")
    void jacksonReasonRedacted() {
        // Jackson quotes an unrecognised token up to the first non-identifier character, so this key is all letters.
        String key = "tokenAbc4f9aZq77";
        HttpReply reply = HttpReply.of(502, key + " is not JSON");

        ProviderProtocolException e = catchThrowableOfType(ProviderProtocolException.class,
                () -> ProviderJson.of(key).readTree(reply, "submit"));

        assertThat(e.getMessage()).doesNotContain("4f9a").contains("Unrecognized token '" + Redaction.MASK + "'");
        assertThat(e.httpStatus()).hasValue(502);
    }

    @Test
    @DisplayName("valid JSON that is not an object is refused by readObject, and an empty body by readTree")
    void notAnObject() {
        assertThat(catchThrowableOfType(ProviderProtocolException.class, () -> json.readObject(HttpReply.of(200, "[1,2]"), "fetch")))
                .hasMessageStartingWith("fetch: the reply is not a JSON object: [1,2] [");
        assertThat(catchThrowableOfType(ProviderProtocolException.class, () -> json.readTree(HttpReply.of(200, "  "), "fetch")))
                .hasMessageStartingWith("fetch: the reply is empty (empty body) [");
        assertThat(json.readOptional(HttpReply.of(200, ""), "cancel")).isEmpty();
    }

    @Test
    @DisplayName("unknown fields are ignored; a known field of the wrong shape is a protocol error naming the type")
    void shapes() {
        Task t = json.read(HttpReply.of(200, "{\"id\":\"7\",\"percent\":40,\"new_field\":{\"x\":1}}"), Task.class, "fetch");
        assertThat(t).isEqualTo(new Task("7", 40));

        ProviderProtocolException e = catchThrowableOfType(ProviderProtocolException.class,
                () -> json.read(HttpReply.of(200, "{\"id\":\"7\",\"percent\":{\"secret\":\"" + KEY + "\"}}"), Task.class, "fetch"));
        assertThat(e.getMessage()).startsWith("fetch: the reply does not have the expected Task shape").doesNotContain("4f9a");
        assertThat(e.httpStatus()).hasValue(200);
    }

    @Test
    @DisplayName("a callback body is read the same way: not JSON is a protocol error quoting it redacted")
    void callbackBody() {
        assertThat(json.read("{\"id\":\"9\"}", Task.class, "callback")).isEqualTo(new Task("9", 0));
        ProviderProtocolException e = catchThrowableOfType(ProviderProtocolException.class,
                () -> json.read("key=" + KEY, Task.class, "callback"));
        assertThat(e.getMessage()).startsWith("callback: the body is not valid JSON").doesNotContain("4f9a");
    }

    @Test
    @DisplayName("error bodies are read without throwing: not JSON or not an object is simply empty")
    void tryRead() {
        assertThat(json.tryRead("not json {")).isEmpty();
        assertThat(json.tryRead((byte[]) null)).isEmpty();
        assertThat(json.tryReadObject("[]")).isEmpty();
        assertThat(json.tryReadObject("{\"error\":\"x\"}")).map(n -> n.get("error").asText()).hasValue("x");
        assertThat(json.tryConvert(json.tryRead("{\"id\":7,\"percent\":\"many\"}").orElseThrow(), Task.class)).isEmpty();
    }

    @Test
    @DisplayName("request bodies are written as compact JSON in insertion order")
    void write() {
        JsonNode tree = json.object().put("prompt", "a cat").put("index", 2);
        assertThat(json.write(tree)).isEqualTo("{\"prompt\":\"a cat\",\"index\":2}");
        assertThat(json.write(Map.of("ids", List.of("a", "b")))).isEqualTo("{\"ids\":[\"a\",\"b\"]}");
    }

    @Test
    @DisplayName("protocol() quotes the redacted body, or says the body was empty")
    void protocol() {
        assertThat(json.protocol("fetch: no task id", HttpReply.of(200, "{\"k\":\"" + KEY + "\"}")))
                .hasMessageStartingWith("fetch: no task id: {\"k\":\"" + Redaction.MASK + "\"} [");
        assertThat(json.protocol("fetch: no task id", HttpReply.of(200, ""))).hasMessageStartingWith("fetch: no task id (empty body) [");
    }
}
