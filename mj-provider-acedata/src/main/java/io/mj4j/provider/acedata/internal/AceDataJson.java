package io.mj4j.provider.acedata.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.ProviderProtocolException;

import java.util.List;

/**
 * The AceData wire format (acedata.md §2.2, §4.2, §6, §7) as lenient Jackson DTOs, and the one place JSON is read
 * or written. Unknown fields are ignored; numbers that the spec types as strings (sizes, progress, seed) are read
 * as text and parsed leniently by {@link Snapshots}. Any reply that is not JSON of the expected shape becomes a
 * {@link ProviderProtocolException} naming what was read, never a Jackson exception.
 */
public final class AceDataJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AceDataJson() {
    }

    /**
     * The result object: the immediate reply of a submit, the {@code response} of a task, a callback body
     * (acedata.md §2.2, §5.3, §6). Every field may be absent.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(
            Boolean success,
            @JsonProperty("task_id") String taskId,
            @JsonProperty("trace_id") String traceId,
            @JsonProperty("image_id") String imageId,
            @JsonProperty("image_url") String imageUrl,
            @JsonProperty("image_width") String imageWidth,
            @JsonProperty("image_height") String imageHeight,
            @JsonProperty("raw_image_url") String rawImageUrl,
            @JsonProperty("raw_image_width") String rawImageWidth,
            @JsonProperty("raw_image_height") String rawImageHeight,
            @JsonProperty("sub_image_urls") List<String> subImageUrls,
            String progress,
            List<String> actions,
            JsonNode error,
            @JsonProperty("video_id") String videoId,
            @JsonProperty("video_urls") List<String> videoUrls,
            List<String> descriptions,
            List<String> prompts,
            String seed) {

        /** The action words, never null. */
        public List<String> actionList() {
            return actions == null ? List.of() : actions;
        }

        /** {@code error.code}, or null. */
        public String errorCode() {
            return error == null ? null : textOf(error.get("code"));
        }

        /** {@code error.message} (or the error itself when the vendor sent a bare string), or null. */
        public String errorMessage() {
            if (error == null) {
                return null;
            }
            return error.isTextual() ? error.asText() : textOf(error.get("message"));
        }
    }

    /** A task object of {@code /midjourney/tasks} (acedata.md §4.2). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Task(
            String id,
            String type,
            String state,
            @JsonProperty("trace_id") String traceId,
            @JsonProperty("finished_at") String finishedAt,
            JsonNode request,
            Result response) {

        /** The action word of the original request ({@code request.action}), or null. */
        public String requestAction() {
            return request == null ? null : textOf(request.get("action"));
        }
    }

    /** The reply of {@code retrieve_batch} (acedata.md §4.2). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Batch(List<Task> items, Integer count) {
        /** The items, never null. */
        public List<Task> itemList() {
            return items == null ? List.of() : items;
        }
    }

    /** The error envelope (acedata.md §7); {@code detail} and a top-level {@code message} are read as fallbacks. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Envelope(JsonNode error, String detail, String message, @JsonProperty("trace_id") String traceId) {
        /** {@code error.code}, or null. */
        public String code() {
            return error == null ? null : textOf(error.get("code"));
        }

        /** The vendor's message, or null. */
        public String messageText() {
            if (error != null) {
                String m = error.isTextual() ? error.asText() : textOf(error.get("message"));
                if (m != null && !m.isBlank()) {
                    return m;
                }
            }
            return detail != null && !detail.isBlank() ? detail : message;
        }
    }

    /** Reads {@code reply}'s body as {@code type}; {@code what} names the call in the error. */
    public static <T> T read(HttpReply reply, Class<T> type, String what) {
        return read(reply.bodyText(), type, what);
    }

    /** Reads {@code body} as {@code type}; {@code what} names the call in the error. */
    public static <T> T read(String body, Class<T> type, String what) {
        T value;
        try {
            value = MAPPER.readValue(body, type);
        } catch (JacksonException e) {
            throw new ProviderProtocolException(what + ": the reply is not the expected JSON (" + firstLine(e.getOriginalMessage())
                    + "): " + snippet(body));
        }
        if (value == null) {
            throw new ProviderProtocolException(what + ": the reply is empty or null: " + snippet(body));
        }
        return value;
    }

    /** Reads an error envelope leniently: null when the body is not one. */
    public static Envelope envelope(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                return null;
            }
            return MAPPER.treeToValue(node, Envelope.class);
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A new JSON object to build a request body with. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code node} as compact JSON text. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** {@code body} cut to 200 characters on one line, for messages. */
    static String snippet(String body) {
        String s = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String textOf(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
