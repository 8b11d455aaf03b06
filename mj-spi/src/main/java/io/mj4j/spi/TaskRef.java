package io.mj4j.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What the engine knows of a task when it asks a provider about it: the vendor task id, the action kind
 * it was submitted as, and the vendor state of its latest snapshot.
 */
public record TaskRef(String vendorTaskId, ActionKind kind, Map<String, String> vendorState) {
    public TaskRef {
        Checks.require(vendorTaskId != null && !vendorTaskId.isBlank(), "vendorTaskId", "must not be blank");
        Objects.requireNonNull(kind, "kind");
        vendorState = Map.copyOf(vendorState);
    }

    /** A reference with no vendor state. */
    public static TaskRef of(String vendorTaskId, ActionKind kind) {
        return new TaskRef(vendorTaskId, kind, Map.of());
    }
}
