package io.mj4j.sandbox.internal.kolersky;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.sandbox.internal.parts.Fields;
import io.mj4j.sandbox.internal.parts.Words;
import io.mj4j.sandbox.vendor.SimRequest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.mj4j.sandbox.internal.kolersky.KolerskyWire.invalid;

/**
 * Kolersky's field words (kolersky.md §2): the closed value sets, and the few fields the shared {@link Fields}
 * cannot read alone (the one-or-many {@code fileUrl(s)}, {@code zoom_ratio}). Refusals are §7's
 * "Invalid parameters" reply naming the field. Stateless.
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

    /** §7 documented: 400 {@code Invalid parameters}, e.g. "prompt is required"; the plain default messages. */
    private static final Words WORDS = message -> KolerskyWire.error(400, "Invalid parameters", message);

    private KolerskyFields() {
    }

    /** The body as a JSON object; text fields must be JSON strings (§2: every field is typed). */
    static Fields of(SimRequest r) {
        return Fields.json(r, Fields.Reading.STRINGS, WORDS);
    }

    /** §2.1: {@code fileUrl} or {@code fileUrls} (1..5), never both; every entry an http(s) URL. */
    static List<String> files(Fields body) {
        boolean one = body.has("fileUrl");
        boolean many = body.has("fileUrls");
        if (one && many) {
            throw invalid("use either fileUrl or fileUrls, not both");
        }
        List<String> out = new ArrayList<>();
        if (one) {
            out.add(url(body.node("fileUrl"), "fileUrl"));
        } else if (many) {
            JsonNode a = body.node("fileUrls");
            if (!a.isArray() || a.isEmpty() || a.size() > MAX_FILES) {
                throw invalid("fileUrls must be an array of 1 to " + MAX_FILES + " URLs");
            }
            for (JsonNode e : a) {
                out.add(url(e, "fileUrls"));
            }
        }
        return out;
    }

    private static String url(JsonNode n, String field) {
        String s = n.isTextual() ? n.asText().strip() : "";
        if (!Fields.isHttpUrl(s)) {
            throw invalid(field + " must be an http(s) URL");
        }
        return s;
    }

    /** §2.6: {@code zoom_ratio}, a string or a number, 1 or any value in (1, 2]. */
    static Optional<BigDecimal> zoomRatio(Fields body) {
        JsonNode n = body.node("zoom_ratio");
        if (n.isMissingNode() || n.isNull()) {
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
}
