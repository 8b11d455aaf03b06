package io.mj4j.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A submit the engine asks a provider to send.
 *
 * @param action          the validated action
 * @param parent          the parent task's latest snapshot, for follow-ups (the provider reads the ids it
 *                        needs from {@link TaskSnapshot#vendorState()} and {@link TaskSnapshot#vendorTaskId()})
 * @param clientReference the engine's id for the task, unique; vendors that echo a reference (AceData
 *                        {@code trace_id}, mj-proxy {@code state}) should receive it so a lost reply can be
 *                        reconciled with {@link MjProvider#lookup}
 * @param callbackUri     this task's own callback URL (it carries the task's secret token) when the
 *                        application receives callbacks; use {@link #callbackUri(ProviderContext)} to send the
 *                        right URL where the vendor takes one
 */
public record SubmitRequest(Action action, Optional<TaskSnapshot> parent, String clientReference,
                            Optional<java.net.URI> callbackUri) {
    public SubmitRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(callbackUri, "callbackUri");
        Checks.require(clientReference != null && !clientReference.isBlank(), "clientReference", "must not be blank");
        if (action.isFollowUp() && parent.isEmpty()) {
            throw new InvalidRequestException(action.kind() + " is a follow-up and needs a parent task");
        }
    }

    /** A request without a per-task callback URL. */
    public SubmitRequest(Action action, Optional<TaskSnapshot> parent, String clientReference) {
        this(action, parent, clientReference, Optional.empty());
    }

    /** The callback URL to give the vendor: this task's own when the engine made one, else the provider's configured one. */
    public Optional<java.net.URI> callbackUri(ProviderContext context) {
        return callbackUri.isPresent() ? callbackUri : context.callbackUri();
    }

    /** The parent snapshot, or an {@link InvalidRequestException} when there is none. */
    public TaskSnapshot requireParent() {
        return parent.orElseThrow(() -> new InvalidRequestException(action.kind() + " needs a parent task"));
    }

    /** The parent's vendor task id, or an {@link InvalidRequestException}. */
    public String parentVendorTaskId() {
        return requireParent().vendorTaskId()
                .orElseThrow(() -> new InvalidRequestException(action.kind() + ": the parent task has no vendor task id"));
    }

    /** A value of the parent's vendor state, or an {@link InvalidRequestException} naming the key. */
    public String parentState(String key) {
        String v = requireParent().vendorState().get(key);
        if (v == null) {
            throw new InvalidRequestException(action.kind() + ": the parent task has no '" + key
                    + "' in its vendor state (was it finished by this provider?)");
        }
        return v;
    }
}
