package io.mj4j.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * The vendor acknowledged a submit: its task id and, when the reply carried one, a first snapshot
 * (which may already be terminal: GPTunnel answers a repeated request with the finished task).
 */
public record SubmitReceipt(String vendorTaskId, Optional<TaskSnapshot> snapshot) {
    public SubmitReceipt {
        Checks.require(vendorTaskId != null && !vendorTaskId.isBlank(), "vendorTaskId", "must not be blank");
        Objects.requireNonNull(snapshot, "snapshot");
        snapshot.ifPresent(s -> Checks.require(s.vendorTaskId().filter(vendorTaskId::equals).isPresent(), "snapshot",
                "vendor task id must be " + vendorTaskId));
    }

    /** A receipt without a snapshot. */
    public static SubmitReceipt of(String vendorTaskId) {
        return new SubmitReceipt(vendorTaskId, Optional.empty());
    }

    /** A receipt with a first snapshot. */
    public static SubmitReceipt of(TaskSnapshot first) {
        return new SubmitReceipt(first.vendorTaskId().orElse(null), Optional.of(first));
    }
}
