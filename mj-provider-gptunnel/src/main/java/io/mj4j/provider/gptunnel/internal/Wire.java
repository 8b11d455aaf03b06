package io.mj4j.provider.gptunnel.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Jackson DTOs of GPTunnel's replies. Unknown fields are ignored; absent fields are null. */
public final class Wire {
    private Wire() {
    }

    /**
     * The task object every Midjourney endpoint returns (gptunnel.md §2). {@code result} and {@code error} stay
     * JSON nodes: §5 says {@code result} is a URL string, and the shape of {@code error} is unknown (§12).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskObject(String id, String parentId, String object, String type, List<String> actions,
                             BigDecimal percent, String status, JsonNode result, JsonNode error, Cost usage) {
        /** The action words, without nulls and blanks. */
        public List<String> actionWords() {
            return actions == null ? List.of() : actions.stream().filter(Objects::nonNull).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
        }
    }

    /** The {@code usage} object: tokens are nominal, the money (roubles) is in the {@code *_cost} fields (gptunnel.md §2). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cost(@JsonProperty("prompt_cost") BigDecimal promptCost,
                       @JsonProperty("completion_cost") BigDecimal completionCost,
                       @JsonProperty("total_cost") BigDecimal totalCost) {
        /** {@code total_cost}, else the sum of the part costs the vendor sent, else empty. */
        public Optional<BigDecimal> amount() {
            if (totalCost != null) {
                return Optional.of(totalCost);
            }
            if (promptCost == null && completionCost == null) {
                return Optional.empty();
            }
            return Optional.of(Optional.ofNullable(promptCost).orElse(BigDecimal.ZERO)
                    .add(Optional.ofNullable(completionCost).orElse(BigDecimal.ZERO)));
        }
    }

    /** {@code GET /v1/balance} (gptunnel.md §3.7): roubles, may be negative down to {@code -creditLimit}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BalanceObject(String orgId, BigDecimal balance, BigDecimal creditLimit) {
    }
}
