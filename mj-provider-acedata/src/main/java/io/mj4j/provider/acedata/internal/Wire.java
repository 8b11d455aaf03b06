package io.mj4j.provider.acedata.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The AceData wire format (acedata.md §2.2, §4.2, §6, §7) as lenient Jackson DTOs, read through
 * {@code io.mj4j.provider.support.ProviderJson} (so any reply that is not JSON of the expected shape becomes a
 * {@code ProviderProtocolException}, never a Jackson exception). Unknown fields are ignored; numbers that the spec
 * types as strings (sizes, progress, seed) are read as text and parsed leniently by {@link Replies}.
 */
public final class Wire {
    private Wire() {
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

    private static String textOf(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
