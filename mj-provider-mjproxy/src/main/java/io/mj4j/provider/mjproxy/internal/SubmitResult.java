package io.mj4j.provider.mjproxy.internal;

import io.mj4j.provider.support.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Optional;

/**
 * An accepted submit result (mjproxy.md §3.1) with code 1, 21 or 22: the outcome and the task id.
 * Refusals never become a {@code SubmitResult}; {@link ErrorMapper} turns them into exceptions.
 *
 * @param code        the vendor code (1, 21 or 22)
 * @param taskId      the task id from {@code result}
 * @param description the vendor's text
 * @param properties  the {@code properties} object (empty when absent)
 */
public record SubmitResult(int code, String taskId, String description, JsonNode properties) {

    /** What a code-21 reply means (§4: "decide by the reply's properties/description"). */
    public enum Code21 { MODAL, EXISTED }

    /** True for code 21. */
    public boolean is21() {
        return code == 21;
    }

    /**
     * Modal when the reply carries the modal markers ({@code properties.remix}, {@code properties.finalPrompt},
     * "Waiting for window confirm"); existed when it carries OSS v2's {@code properties.status}/{@code imageUrl};
     * otherwise {@code fallback} (the lineage's reading).
     */
    public Code21 code21(Code21 fallback) {
        String d = description.toLowerCase(Locale.ROOT);
        if (properties.has("remix") || properties.has("finalPrompt") || d.contains("window confirm") || d.contains("窗口")) {
            return Code21.MODAL;
        }
        if (properties.has("status") || properties.has("imageUrl")) {
            return Code21.EXISTED;
        }
        return fallback;
    }

    /** {@code properties.finalPrompt} of a code-21 modal reply. */
    public Optional<String> finalPrompt() {
        return JsonFields.text(properties, "finalPrompt");
    }
}
