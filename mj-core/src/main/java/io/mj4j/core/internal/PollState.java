package io.mj4j.core.internal;

import java.time.Instant;

/**
 * What polling keeps of one task: its place in the provider's poll queue, the error streak and poll count
 * (backoff and the vendor's poll budget), the last progress reading (adaptive polling), whether callbacks
 * may arrive (polls are sparser then), and whether the vendor was asked after the deadline passed (no
 * TIMEOUT before that). Touched by one fetch at a time plus the poller; fields are volatile.
 */
final class PollState {
    final TrackedTask task;
    final ProviderEntry provider;
    final boolean takesCallbacks;
    final Instant acceptedAt;
    volatile ProviderPoller.Entry queued;
    volatile int consecutiveErrors;
    volatile int polls;
    volatile int lastProgress = -1;
    volatile Instant lastProgressAt;
    volatile boolean askedAfterDeadline;
    /**
     * A terminal callback asked for a confirming fetch by this time; cleared when a fetch of the task starts (its
     * answer is newer than the callback). Keeps a poll that was in flight when the callback came from pushing the
     * confirmation back to the next regular poll.
     */
    volatile Instant confirmBy;

    PollState(TrackedTask task, ProviderEntry provider, boolean takesCallbacks, Instant acceptedAt) {
        this.task = task;
        this.provider = provider;
        this.takesCallbacks = takesCallbacks;
        this.acceptedAt = acceptedAt;
    }
}
