package io.mj4j.provider.gptunnel.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.ProviderProtocolException;

import java.util.Map;
import java.util.Optional;

/**
 * JSON reading and writing. Every reading failure becomes a {@link ProviderProtocolException} naming what was read,
 * with a truncated, key-free snippet of the body; nothing from Jackson escapes.
 */
public final class Json {
    /** Longest body snippet put into an exception message. */
    public static final int SNIPPET = 300;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    // gptunnel.md §7: the vendor's documented 401 body has a trailing comma after "code": null. Error bodies are
    // read with this lenient mapper so such a body still yields its message and type.
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();

    private Json() {
    }

    /** The reply body as a JSON object, or a {@link ProviderProtocolException} for anything else. */
    public static JsonNode readObject(HttpReply reply, String what, String secret) {
        JsonNode node;
        try {
            node = MAPPER.readTree(reply.bodyText());
        } catch (JacksonException e) {
            throw protocol(what + ": the reply is not valid JSON", reply, secret, e);
        }
        if (node == null || !node.isObject()) {
            throw protocol(what + ": the reply is not a JSON object", reply, secret, null);
        }
        return node;
    }

    /** {@code node} as {@code type}, or a {@link ProviderProtocolException} when a known field has the wrong shape. */
    public static <T> T convert(JsonNode node, Class<T> type, HttpReply reply, String what, String secret) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw protocol(what + ": the reply does not have GPTunnel's " + type.getSimpleName() + " shape", reply, secret, e);
        }
    }

    /** The body read leniently (error replies only); empty when it still is not JSON. Never throws. */
    static Optional<JsonNode> readLeniently(String body) {
        try {
            return Optional.ofNullable(LENIENT.readTree(body));
        } catch (JacksonException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code body} as JSON text. */
    public static String write(Map<String, Object> body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    /** A body snippet for messages: whitespace collapsed, cut to {@link #SNIPPET} characters, the secret masked. */
    public static String snippet(HttpReply reply, String secret) {
        return redact(reply.bodySnippet(SNIPPET), secret);
    }

    /** {@code text} with {@code secret} hidden, raw or JSON-escaped (the shared {@link Redaction} rule). */
    public static String redact(String text, String secret) {
        return Redaction.redact(text, secret);
    }

    /** A protocol error naming {@code message}, the HTTP status and a snippet of the body. */
    public static ProviderProtocolException protocol(String message, HttpReply reply, String secret, Throwable cause) {
        String s = snippet(reply, secret);
        ProviderProtocolException e = new ProviderProtocolException(message + (s.isEmpty() ? " (empty body)" : ": " + s), cause);
        e.withHttpStatus(reply.status());
        return e;
    }
}
