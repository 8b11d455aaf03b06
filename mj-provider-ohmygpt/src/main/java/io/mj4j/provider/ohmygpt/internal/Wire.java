package io.mj4j.provider.ohmygpt.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OhMyGPT's wire shapes (ohmygpt.md §4, §5.5) and the shared, thread-safe Jackson mapper. DTOs ignore
 * unknown fields; ids, progress and times are read as strings because the vendor sends the task id as a
 * number and clients see it as a string (ohmygpt.md §13).
 */
public final class Wire {
    /** The one mapper: lenient on unknown fields, thread-safe once configured. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Wire() {
    }

    /**
     * The envelope every endpoint answers with: {@code {"statusCode":200,"message":"Success","data":...}};
     * failures may also carry {@code errorType} (ohmygpt.md §4).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Envelope(Integer statusCode, String message, String errorType, JsonNode data) {
        /** True when the envelope says success, or says nothing about it. */
        boolean ok() {
            return statusCode == null || statusCode == 200;
        }

        boolean hasData() {
            return data != null && !data.isNull() && !data.isMissingNode();
        }
    }

    /** The task object of {@code /query} and of webhooks (ohmygpt.md §5.5, §8). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Task(String taskId, String taskType, String status, String action, String progress,
                       String description, String prompt, String failReason, String submitTime, String startTime,
                       String finishTime, String imageDcUrl, String imageS3Url, List<Button> actions) {
        public Task {
            actions = actions == null ? List.of() : actions.stream().filter(b -> b != null && !blank(b.customId())).toList();
        }
    }

    /** A Discord button of a finished task: {@code customId} is what the action endpoint needs (ohmygpt.md §7). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Button(String customId, String emoji, String label) {
    }

    /** Parses {@code text} as JSON, or empty when it is not JSON. */
    static Optional<JsonNode> tree(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return Optional.ofNullable(node).filter(n -> !n.isMissingNode());
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Reads an envelope from a JSON object node, or empty when the node is not one. */
    static Optional<Envelope> envelope(JsonNode node) {
        if (node == null || !node.isObject() || !(node.has("statusCode") || node.has("data"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.treeToValue(node, Envelope.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Binds a task object, throwing {@link JsonProcessingException} when its fields have the wrong shape. */
    static Task task(JsonNode node) throws JsonProcessingException {
        return MAPPER.treeToValue(node, Task.class);
    }

    /** Serialises a request body. */
    static String json(Map<String, Object> body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a request body", e);
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
