package io.mj4j.sandbox.internal.kolersky;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.sandbox.vendor.SimRequest;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import static io.mj4j.sandbox.internal.kolersky.KolerskyWire.invalid;

/**
 * Reads and checks request fields the way kolersky.md §2 documents them; a bad value is a
 * {@link KolerskyWire.Refusal} carrying the §7 "Invalid parameters" reply naming the field. Stateless.
 */
final class KolerskyFields {
    /** §2.1 {@code taskType}. */
    static final List<String> TASK_TYPES = List.of("text-to-image", "image-to-image", "style-reference", "omni-reference",
            "image-to-video", "image-to-video-hd");
    /** §2.1 {@code aspectRatio}, also {@code /outpaint}'s (§2.6). */
    static final List<String> ASPECT_RATIOS = List.of("1:2", "9:16", "2:3", "3:4", "5:6", "6:5", "4:3", "3:2", "1:1", "16:9", "2:1");
    /** §2.1 {@code speed}. §11 leaves open whether {@code relax} is a synonym; the simulator refuses it. */
    static final List<String> SPEEDS = List.of("relaxed", "fast", "turbo");
    /** §2.1 {@code version}, sent as strings. */
    static final List<String> VERSIONS = List.of("7", "6.1", "6", "5.2", "5.1", "niji6");
    /** §2.1 {@code motion} (video). */
    static final List<String> MOTIONS = List.of("low", "high");
    /** §2.7 {@code direction}. */
    static final List<String> DIRECTIONS = List.of("up", "down", "left", "right");
    /** §2.11 upload {@code extension}. */
    static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "webp");
    /** §2.1/§8: at most 5 reference images. */
    static final int MAX_FILES = 5;

    private KolerskyFields() {
    }

    /** The body as a JSON object. */
    static JsonNode object(SimRequest r) {
        return r.json().filter(JsonNode::isObject).orElseThrow(() -> invalid("request body must be a JSON object"));
    }

    /** A string field; blank counts as missing. */
    static Optional<String> text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw invalid(field + " must be a string");
        }
        String t = n.asText().strip();
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }

    static String required(JsonNode body, String field) {
        return text(body, field).orElseThrow(() -> invalid(field + " is required"));
    }

    /** A field with a closed set of values; numbers are read as their text (versions such as {@code 6.1}). */
    static Optional<String> oneOf(JsonNode body, String field, List<String> allowed) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        String v = n.isNumber() ? n.decimalValue().stripTrailingZeros().toPlainString() : n.isTextual() ? n.asText().strip() : null;
        if (v == null || !allowed.contains(v)) {
            throw invalid(field + " must be one of " + String.join(", ", allowed));
        }
        return Optional.of(v);
    }

    /** An integer field in [min, max] that is a multiple of {@code step} (§2.1 ranges). */
    static OptionalInt stepped(JsonNode body, String field, int min, int max, int step) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return OptionalInt.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max || n.asInt() % step != 0) {
            throw invalid(field + " must be an integer from " + min + " to " + max + (step > 1 ? " in steps of " + step : ""));
        }
        return OptionalInt.of(n.asInt());
    }

    static Optional<Boolean> bool(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isBoolean()) {
            throw invalid(field + " must be a boolean");
        }
        return Optional.of(n.asBoolean());
    }

    /** §2.1: {@code fileUrl} or {@code fileUrls} (1..5), never both; every entry an http(s) URL. */
    static List<String> files(JsonNode body) {
        boolean one = body.hasNonNull("fileUrl");
        boolean many = body.hasNonNull("fileUrls");
        if (one && many) {
            throw invalid("use either fileUrl or fileUrls, not both");
        }
        List<String> out = new ArrayList<>();
        if (one) {
            out.add(url(body.get("fileUrl"), "fileUrl"));
        } else if (many) {
            JsonNode a = body.get("fileUrls");
            if (!a.isArray() || a.isEmpty() || a.size() > MAX_FILES) {
                throw invalid("fileUrls must be an array of 1 to " + MAX_FILES + " URLs");
            }
            for (JsonNode e : a) {
                out.add(url(e, "fileUrls"));
            }
        }
        return out;
    }

    /** §6: {@code callBackUrl}, an http(s) URL. */
    static Optional<String> callback(JsonNode body) {
        return body.hasNonNull("callBackUrl") ? Optional.of(url(body.get("callBackUrl"), "callBackUrl")) : Optional.empty();
    }

    /** §2.2/§2.3: the grid position 1..4 (never the actions index 5..8, §5). */
    static OptionalInt index(JsonNode body) {
        JsonNode n = body.get("index");
        if (n == null || n.isNull()) {
            return OptionalInt.empty();
        }
        if (!n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > 4) {
            throw invalid("index must be an integer from 1 to 4");
        }
        return OptionalInt.of(n.asInt());
    }

    /** §2.6: {@code zoom_ratio}, a string or a number, 1 or any value in (1, 2]. */
    static Optional<BigDecimal> zoomRatio(JsonNode body) {
        JsonNode n = body.get("zoom_ratio");
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        BigDecimal v = null;
        if (n.isNumber()) {
            v = n.decimalValue();
        } else if (n.isTextual()) {
            try {
                v = new BigDecimal(n.asText().strip());
            } catch (NumberFormatException e) {
                v = null;
            }
        }
        if (v == null || v.compareTo(BigDecimal.ONE) < 0 || v.compareTo(BigDecimal.valueOf(2)) > 0) {
            throw invalid("zoom_ratio must be a number from 1 to 2");
        }
        return Optional.of(v);
    }

    /** Raw base64 (a {@code data:} prefix is tolerated), or empty when it does not decode. */
    static Optional<byte[]> base64(String s) {
        String m = s.replaceAll("\\s+", "");
        int comma = m.indexOf(',');
        if (m.startsWith("data:") && comma > 0) {
            m = m.substring(comma + 1);
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(m);
            return bytes.length == 0 ? Optional.empty() : Optional.of(bytes);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String url(JsonNode n, String field) {
        String s = n.isTextual() ? n.asText().strip() : "";
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return s;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw invalid(field + " must be an http(s) URL");
    }
}
