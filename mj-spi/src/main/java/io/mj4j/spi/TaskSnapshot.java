package io.mj4j.spi;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a provider read about one task at one moment: status, progress, preview, result, the
 * follow-ups the result allows, failure, usage, and {@link #vendorState()}: the opaque strings the
 * provider needs later (AceData {@code image_id}, mj-proxy button {@code customId}s, Kolersky
 * per-action request ids). The engine stores vendor state with the task and hands it back in the
 * parent snapshot of follow-ups and in {@link TaskRef}.
 *
 * <p>Immutable and thread-safe. Two snapshots are equal when every field is equal, which is how the
 * engine drops duplicates.
 */
public final class TaskSnapshot {
    private final String vendorTaskId;
    private final TaskStatus status;
    private final Integer progress;
    private final URI previewUrl;
    private final TaskResult result;
    private final Set<FollowUp> followUps;
    private final Failure failure;
    private final Usage usage;
    private final Map<String, String> vendorState;
    private final String vendorStatus;

    private TaskSnapshot(Builder b) {
        this.vendorTaskId = b.vendorTaskId;
        this.status = Objects.requireNonNull(b.status, "status");
        this.progress = b.progress;
        if (progress != null && (progress < 0 || progress > 100)) {
            throw new IllegalArgumentException("progress must be 0..100, got " + progress);
        }
        this.previewUrl = b.previewUrl;
        this.result = b.result;
        this.followUps = Set.copyOf(b.followUps);
        this.failure = b.failure;
        if (status == TaskStatus.FAILED && failure == null) {
            throw new IllegalArgumentException("a FAILED snapshot needs a failure (use FailureCategory.VENDOR_ERROR when the vendor gives no reason)");
        }
        this.usage = b.usage;
        this.vendorState = Map.copyOf(b.vendorState);
        this.vendorStatus = b.vendorStatus;
        // Only a task the vendor acknowledged has a vendor id; a submit refused outright ends FAILED without one.
        boolean acknowledged = status == TaskStatus.QUEUED || status == TaskStatus.RUNNING
                || status == TaskStatus.NEEDS_INPUT || status == TaskStatus.SUCCEEDED;
        if (acknowledged && (vendorTaskId == null || vendorTaskId.isBlank())) {
            throw new IllegalArgumentException("a " + status + " snapshot needs the vendor task id");
        }
    }

    /** A new builder for a snapshot in {@code status}. */
    public static Builder builder(TaskStatus status) {
        return new Builder().status(status);
    }

    /** A builder holding this snapshot's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.vendorTaskId = vendorTaskId;
        b.status = status;
        b.progress = progress;
        b.previewUrl = previewUrl;
        b.result = result;
        b.followUps.addAll(followUps);
        b.failure = failure;
        b.usage = usage;
        b.vendorState.putAll(vendorState);
        b.vendorStatus = vendorStatus;
        return b;
    }

    /** The vendor's id for this task; empty while SUBMITTING or UNKNOWN, and for a submit the vendor refused. */
    public Optional<String> vendorTaskId() { return Optional.ofNullable(vendorTaskId); }
    /** The normalized status. */
    public TaskStatus status() { return status; }
    /** Progress 0..100 when the vendor reports it. */
    public OptionalInt progress() { return progress == null ? OptionalInt.empty() : OptionalInt.of(progress); }
    /** An intermediate (blurry) preview; never a final result and often deleted by the vendor later. */
    public Optional<URI> previewUrl() { return Optional.ofNullable(previewUrl); }
    /** The result, once SUCCEEDED. */
    public Optional<TaskResult> result() { return Optional.ofNullable(result); }
    /** The follow-ups this result allows. */
    public Set<FollowUp> followUps() { return followUps; }
    /** Why the task failed, when FAILED (and sometimes CANCELLED). */
    public Optional<Failure> failure() { return Optional.ofNullable(failure); }
    /** Cost as the vendor reports it. */
    public Optional<Usage> usage() { return Optional.ofNullable(usage); }
    /** Opaque vendor values the provider needs later. */
    public Map<String, String> vendorState() { return vendorState; }
    /** The vendor's raw status word, for diagnostics. */
    public Optional<String> vendorStatus() { return Optional.ofNullable(vendorStatus); }

    /** True when the status is terminal. */
    public boolean isTerminal() {
        return status.isTerminal();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof TaskSnapshot s)) return false;
        return Objects.equals(vendorTaskId, s.vendorTaskId) && status == s.status && Objects.equals(progress, s.progress)
                && Objects.equals(previewUrl, s.previewUrl) && Objects.equals(result, s.result)
                && followUps.equals(s.followUps) && Objects.equals(failure, s.failure) && Objects.equals(usage, s.usage)
                && vendorState.equals(s.vendorState) && Objects.equals(vendorStatus, s.vendorStatus);
    }

    @Override
    public int hashCode() {
        return Objects.hash(vendorTaskId, status, progress, result, failure);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TaskSnapshot[").append(status);
        if (vendorTaskId != null) sb.append(", vendorTaskId=").append(vendorTaskId);
        if (progress != null) sb.append(", progress=").append(progress);
        if (vendorStatus != null) sb.append(", vendorStatus=").append(vendorStatus);
        if (result != null) sb.append(", result=").append(result);
        if (!followUps.isEmpty()) sb.append(", followUps=").append(followUps);
        if (failure != null) sb.append(", failure=").append(failure);
        if (usage != null) sb.append(", usage=").append(usage);
        return sb.append(']').toString();
    }

    /** Builds a {@link TaskSnapshot}. Not thread-safe. */
    public static final class Builder {
        private String vendorTaskId;
        private TaskStatus status;
        private Integer progress;
        private URI previewUrl;
        private TaskResult result;
        private final Set<FollowUp> followUps = new LinkedHashSet<>();
        private Failure failure;
        private Usage usage;
        private final Map<String, String> vendorState = new LinkedHashMap<>();
        private String vendorStatus;

        private Builder() {
        }

        public Builder vendorTaskId(String id) { this.vendorTaskId = id; return this; }
        public Builder status(TaskStatus status) { this.status = status; return this; }
        public Builder progress(Integer progress) { this.progress = progress; return this; }
        public Builder previewUrl(URI url) { this.previewUrl = url; return this; }
        public Builder result(TaskResult result) { this.result = result; return this; }
        public Builder followUp(FollowUp f) { followUps.add(Objects.requireNonNull(f)); return this; }
        public Builder followUps(Collection<FollowUp> f) { followUps.clear(); followUps.addAll(f); return this; }
        public Builder failure(Failure failure) { this.failure = failure; return this; }
        public Builder usage(Usage usage) { this.usage = usage; return this; }
        public Builder vendorState(String key, String value) { vendorState.put(Objects.requireNonNull(key), Objects.requireNonNull(value, key)); return this; }
        public Builder vendorState(Map<String, String> state) { vendorState.clear(); vendorState.putAll(state); return this; }
        public Builder vendorStatus(String word) { this.vendorStatus = word; return this; }

        /** Validates and builds. @throws IllegalArgumentException for inconsistent values */
        public TaskSnapshot build() {
            return new TaskSnapshot(this);
        }
    }
}
