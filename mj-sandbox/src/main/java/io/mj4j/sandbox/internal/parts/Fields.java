package io.mj4j.sandbox.internal.parts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.sandbox.vendor.SimRequest;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The field validator every simulator shares: reads the fields of one request body (a JSON object, or a form body
 * made into one) and refuses a bad value with a {@link Refusal} in the vendor's {@link Words}. Blank strings read as
 * absent everywhere. How strictly a value must be a JSON string is the vendor's {@link Reading}. Immutable.
 */
public final class Fields {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which JSON values a vendor reads as text. */
    public enum Reading {
        /** Only JSON strings; any other value is refused ({@link Words#notText}). */
        STRINGS,
        /** Strings, numbers and booleans (as their text); arrays and objects are refused. */
        SCALARS,
        /** Strings, numbers and booleans; arrays and objects read as absent (a lenient binder). */
        LENIENT,
        /** As {@link #LENIENT}, but an array reads as its first scalar and a scalar as a one-item list (form bodies repeat a key). */
        FORM
    }

    private final ObjectNode body;
    private final Reading reading;
    private final Words words;

    private Fields(ObjectNode body, Reading reading, Words words) {
        this.body = Objects.requireNonNull(body, "body");
        this.reading = Objects.requireNonNull(reading, "reading");
        this.words = Objects.requireNonNull(words, "words");
    }

    /** The fields of a body already read. */
    public static Fields of(ObjectNode body, Reading reading, Words words) {
        return new Fields(body, reading, words);
    }

    /** The body of {@code r}, which must be a JSON object; else {@link Words#unreadableBody()}. */
    public static Fields json(SimRequest r, Reading reading, Words words) {
        return new Fields(object(r).orElseThrow(() -> new Refusal(words.unreadableBody())), reading, words);
    }

    /** As {@link #json}, but an empty or blank body reads as no fields. */
    public static Fields jsonOrEmpty(SimRequest r, Reading reading, Words words) {
        return r.bodyText().isBlank() ? new Fields(JSON.createObjectNode(), reading, words) : json(r, reading, words);
    }

    /** The body as a JSON object, if it is one. */
    public static Optional<ObjectNode> object(SimRequest r) {
        return r.json().filter(JsonNode::isObject).map(ObjectNode.class::cast);
    }

    /** A form body ({@code a=1&b=2&b=3}) as a JSON object of strings; a repeated key becomes an array. */
    public static ObjectNode form(String text) {
        ObjectNode out = JSON.createObjectNode();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            JsonNode had = out.get(k);
            if (had == null) {
                out.put(k, v);
            } else {
                ArrayNode a = had.isArray() ? (ArrayNode) had : JSON.createArrayNode().add(had);
                out.set(k, a.add(v));
            }
        }
        return out;
    }

    /** True for an http(s) URL with a host. */
    public static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The raw value (a missing node when absent), for a check only one vendor makes. */
    public JsonNode node(String field) {
        JsonNode n = body.get(field);
        return n == null ? MissingNode.getInstance() : n;
    }

    /** True when the field is present and not null. */
    public boolean has(String field) {
        return body.hasNonNull(field);
    }

    /** A refusal with this message in the vendor's shape. */
    public Refusal refuse(String message) {
        return new Refusal(words.refusal(message));
    }

    /** A text field, stripped; absent, null and blank read as empty. */
    public Optional<String> text(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (reading == Reading.FORM && n.isArray()) {
            n = first(n);
        }
        String s;
        if (n.isTextual() || reading != Reading.STRINGS && (n.isNumber() || n.isBoolean())) {
            s = n.asText().strip();
        } else if (reading == Reading.LENIENT || reading == Reading.FORM) {
            return Optional.empty();
        } else {
            throw refuse(words.notText(field, n));
        }
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private static JsonNode first(JsonNode array) {
        for (JsonNode e : array) {
            if (e.isValueNode() && !e.isNull()) {
                return e;
            }
        }
        return MissingNode.getInstance();
    }

    /** A text field that must be given. */
    public String required(String field) {
        return text(field).orElseThrow(() -> refuse(has(field) ? words.blank(field) : words.missing(field)));
    }

    /** A field with a closed set of values; a number reads as its plain text ({@code 6.1}). */
    public Optional<String> oneOf(String field, Collection<String> allowed) {
        return choice(field, allowed, false);
    }

    /** As {@link #oneOf}, compared case-insensitively and answered in lower case ({@code allowed} in lower case). */
    public Optional<String> oneOfIgnoringCase(String field, Collection<String> allowed) {
        return choice(field, allowed, true);
    }

    private Optional<String> choice(String field, Collection<String> allowed, boolean ignoreCase) {
        JsonNode n = node(field);
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        String v = n.isNumber() ? n.decimalValue().stripTrailingZeros().toPlainString() : n.isTextual() ? n.asText().strip() : null;
        if (v != null && v.isEmpty()) {
            return Optional.empty();
        }
        String key = v == null ? null : ignoreCase ? v.toLowerCase(Locale.ROOT) : v;
        if (key == null || !allowed.contains(key)) {
            throw refuse(words.notOneOf(field, allowed, v == null ? n.toString() : v));
        }
        return Optional.of(key);
    }

    /** An integer field in [min, max] that is a multiple of {@code step}. */
    public OptionalInt integer(String field, int min, int max, int step) {
        JsonNode n = node(field);
        if (n.isMissingNode() || n.isNull()) {
            return OptionalInt.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max || n.asInt() % step != 0) {
            throw refuse(words.notInteger(field, n, min, max, step));
        }
        return OptionalInt.of(n.asInt());
    }

    /** A JSON boolean. */
    public Optional<Boolean> bool(String field) {
        JsonNode n = node(field);
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isBoolean()) {
            throw refuse(words.notBoolean(field));
        }
        return Optional.of(n.asBoolean());
    }

    /** An http(s) URL with a host. */
    public Optional<String> url(String field) {
        Optional<String> v = text(field);
        if (v.isPresent() && !isHttpUrl(v.get())) {
            throw refuse(words.notUrl(field));
        }
        return v;
    }

    /** An http(s) URL that must be given. */
    public String requiredUrl(String field) {
        required(field);
        return url(field).orElseThrow();
    }

    /** A list of strings (stripped; null and blank items left out); absent reads as empty. */
    public List<String> strings(String field) {
        JsonNode n = node(field);
        List<String> out = new ArrayList<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            if (reading == Reading.FORM) {
                text(field).ifPresent(out::add);
                return out;
            }
            if (reading == Reading.LENIENT) {
                return out;
            }
            throw refuse(words.notList(field));
        }
        for (JsonNode e : n) {
            if (e.isValueNode() && !e.isNull() && !e.asText().isBlank()) {
                out.add(e.asText().strip());
            }
        }
        return out;
    }
}
