package io.mj4j.provider.ohmygpt.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.provider.support.ProviderJson;
import io.mj4j.spi.Redaction;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OhMyGPT's wire shapes (ohmygpt.md §4, §5.5), read through the shared {@link ProviderJson}. DTOs ignore
 * unknown fields; ids, progress and times are read as strings because the vendor sends the task id as a
 * number and clients see it as a string (ohmygpt.md §13).
 */
public final class Wire {
    /** Bodies are quoted by the callers, which hold the key; this reader only parses. */
    private static final ProviderJson JSON = ProviderJson.of(Redaction.none());

    private Wire() {
    }

    /**
     * The envelope every endpoint answers with: {@code {"statusCode":200,"message":"Success","data":...}};
     * failures may also carry {@code errorType} (ohmygpt.md §4).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Envelope(Integer statusCode, String message, String errorType, JsonNode data) {
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
        return JSON.tryRead(text);
    }

    /** Reads an envelope from a JSON object node, or empty when the node is not one. */
    static Optional<Envelope> envelope(JsonNode node) {
        if (node == null || !node.isObject() || !(node.has("statusCode") || node.has("data"))) {
            return Optional.empty();
        }
        return JSON.tryConvert(node, Envelope.class);
    }

    /** Binds a task object; a wrong shape is a {@link io.mj4j.spi.ProviderProtocolException} naming {@code what}. */
    static Task task(JsonNode node, String what) {
        return JSON.convert(node, Task.class, what);
    }

    /** Serialises a request body. */
    static String json(Map<String, Object> body) {
        return JSON.write(body);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
