package io.mj4j.provider.support;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.Redaction;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's one door to Jackson. Reading a success reply either yields the tree or value asked for or throws a
 * {@link ProviderProtocolException} that names what was read, carries the HTTP status, and quotes a snippet of the
 * body with the provider's secrets hidden ({@link Texts#snippet}); no Jackson exception escapes, and none is attached
 * as a cause, because Jackson's messages quote tokens of the body that only the redacted snippet may show. Reading an
 * error reply ({@code tryRead...}) never throws: a body that is not JSON is simply not an envelope.
 *
 * <p>The mapper is lenient the way vendors need (unknown properties ignored: vendors add fields); a provider that
 * needs more (trailing commas, trailing tokens) builds one from {@link #builder()} and passes it to
 * {@link #of(ObjectMapper, Redaction)}. Immutable and thread-safe.
 */
public final class ProviderJson {
    private static final JsonMapper SHARED = builder().build();

    private final ObjectMapper mapper;
    private final Redaction redaction;

    private ProviderJson(ObjectMapper mapper, Redaction redaction) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.redaction = Objects.requireNonNull(redaction, "redaction");
    }

    /** The provider setup: a {@link JsonMapper} builder that ignores unknown properties. */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The shared mapper of {@link #builder()}, thread-safe once built. */
    public static JsonMapper mapper() {
        return SHARED;
    }

    /** Reading with the shared mapper, hiding {@code secret} (none when null or blank) in every quoted snippet. */
    public static ProviderJson of(String secret) {
        return new ProviderJson(SHARED, Redaction.of(secret));
    }

    /** Reading with the shared mapper, hiding the secrets of {@code redaction}. */
    public static ProviderJson of(Redaction redaction) {
        return new ProviderJson(SHARED, redaction);
    }

    /** Reading with {@code mapper}, hiding the secrets of {@code redaction}. */
    public static ProviderJson of(ObjectMapper mapper, Redaction redaction) {
        return new ProviderJson(mapper, redaction);
    }

    /** The rule that hides this provider's secrets. */
    public Redaction redaction() {
        return redaction;
    }

    /** The body of {@code reply} as a JSON object, or a {@link ProviderProtocolException} for anything else. */
    public JsonNode readObject(HttpReply reply, String what) {
        JsonNode node = readTree(reply, what);
        if (!node.isObject()) {
            throw protocol(what + ": the reply is not a JSON object", reply);
        }
        return node;
    }

    /** The body of {@code reply} as any JSON value; an empty body or invalid JSON is a {@link ProviderProtocolException}. */
    public JsonNode readTree(HttpReply reply, String what) {
        return readOptional(reply, what).orElseThrow(() -> protocol(what + ": the reply is empty", reply));
    }

    /** The body of {@code reply} as JSON; empty for a blank body, a {@link ProviderProtocolException} for invalid JSON. */
    public Optional<JsonNode> readOptional(HttpReply reply, String what) {
        String body = reply.bodyText();
        if (body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JacksonException e) {
            throw protocol(what + ": the reply is not valid JSON (" + reason(e) + ")", reply);
        }
    }

    /** {@code body} (a callback, say) as JSON; empty for a blank body, a {@link ProviderProtocolException} quoting it redacted for invalid JSON. */
    public Optional<JsonNode> readOptional(String body, String what) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JacksonException e) {
            throw new ProviderProtocolException(what + ": the body is not valid JSON (" + reason(e) + "): " + snippet(body));
        }
    }

    /** The body of {@code reply} as {@code type}, or a {@link ProviderProtocolException}. */
    public <T> T read(HttpReply reply, Class<T> type, String what) {
        return convert(readTree(reply, what), type, what, reply.bodyText(), reply.status());
    }

    /** {@code body} (a callback, say) as {@code type}, or a {@link ProviderProtocolException} quoting it redacted. */
    public <T> T read(String body, Class<T> type, String what) {
        if (body == null || body.isBlank()) {
            throw new ProviderProtocolException(what + ": the body is empty");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new ProviderProtocolException(what + ": the body is not valid JSON (" + reason(e) + "): " + snippet(body));
        }
        return convert(node, type, what, body, 0);
    }

    /** {@code node}, read from {@code reply}, as {@code type}; a wrong shape is a protocol error quoting that reply. */
    public <T> T convert(JsonNode node, Class<T> type, HttpReply reply, String what) {
        return convert(node, type, what, reply.bodyText(), reply.status());
    }

    /** {@code node} as {@code type}, or a {@link ProviderProtocolException} when a known field has the wrong shape. */
    public <T> T convert(JsonNode node, Class<T> type, String what) {
        return convert(node, type, what, node == null ? "" : node.toString(), 0);
    }

    private <T> T convert(JsonNode node, Class<T> type, String what, String body, int status) {
        T value;
        try {
            value = node == null || node.isNull() || node.isMissingNode() ? null : mapper.treeToValue(node, type);
        } catch (JacksonException | IllegalArgumentException e) {
            String reason = e instanceof JacksonException j ? reason(j) : Texts.snippet(e.getMessage(), redaction, 120);
            throw withStatus(new ProviderProtocolException(what + ": the reply does not have the expected " + type.getSimpleName()
                    + " shape (" + reason + "): " + snippet(body)), status);
        }
        if (value == null) {
            throw withStatus(new ProviderProtocolException(what + ": the reply is null: " + snippet(body)), status);
        }
        return value;
    }

    /** {@code body} as JSON, or empty when it is blank or not JSON: for error replies, whose shape is a guess. Never throws. */
    public Optional<JsonNode> tryRead(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JacksonException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code body} (UTF-8) as JSON, or empty. Never throws. */
    public Optional<JsonNode> tryRead(byte[] body) {
        return body == null ? Optional.empty() : tryRead(new String(body, StandardCharsets.UTF_8));
    }

    /** {@code body} as a JSON object, or empty when it is anything else. Never throws. */
    public Optional<JsonNode> tryReadObject(String body) {
        return tryRead(body).filter(JsonNode::isObject);
    }

    /** {@code node} as {@code type}, or empty when it is not that shape. Never throws. */
    public <T> Optional<T> tryConvert(JsonNode node, Class<T> type) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(mapper.treeToValue(node, type));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A new JSON object, to build a request body with. */
    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** {@code value} (a tree, a map, a record) as compact JSON text; a failure is a bug, not a vendor fault. */
    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write a request body as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code text} with the secrets hidden, on one line, cut to {@link Texts#SNIPPET}. */
    public String snippet(String text) {
        return Texts.snippet(text, redaction);
    }

    /** The body of {@code reply}, redacted, on one line, cut to {@link Texts#SNIPPET}. */
    public String snippet(HttpReply reply) {
        return snippet(reply.bodyText());
    }

    /** A protocol error: {@code message}, then the redacted snippet of the body (or "(empty body)"), with the HTTP status. */
    public ProviderProtocolException protocol(String message, HttpReply reply) {
        String s = snippet(reply);
        return withStatus(new ProviderProtocolException(message + (s.isEmpty() ? " (empty body)" : ": " + s)), reply.status());
    }

    /** Jackson's own first line (what token, where), redacted and cut: useful, and safe to quote. */
    private String reason(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return "unreadable";
        }
        int nl = m.indexOf('\n');
        return Texts.snippet(nl < 0 ? m : m.substring(0, nl), redaction, 120);
    }

    private static ProviderProtocolException withStatus(ProviderProtocolException e, int status) {
        if (status > 0) {
            e.withHttpStatus(status);
        }
        return e;
    }
}
