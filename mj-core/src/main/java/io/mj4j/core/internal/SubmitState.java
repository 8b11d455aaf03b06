package io.mj4j.core.internal;

import io.mj4j.spi.SubmitRequest;

import java.time.Duration;
import java.util.List;

/**
 * What submission keeps of one task until the vendor has it: the request, the providers it may go to and
 * which one it is at, whether it holds that provider's concurrency slot, and its phase. The phase changes
 * under this object's lock, so a closing client and a worker about to send agree on who wins.
 */
final class SubmitState {
    final TrackedTask task;
    final SubmitRequest request;
    final List<String> candidates;
    final boolean takesCallbacks;
    volatile ProviderEntry provider;
    volatile boolean holdsSlot;
    volatile long startedNanos;
    /** Guarded by this. */
    Submission.Phase phase = Submission.Phase.WAITING;
    private int candidate;

    SubmitState(TrackedTask task, SubmitRequest request, List<String> candidates, ProviderEntry first, boolean takesCallbacks) {
        this.task = task;
        this.request = request;
        this.candidates = List.copyOf(candidates);
        this.provider = first;
        this.takesCallbacks = takesCallbacks;
    }

    synchronized boolean hasNextCandidate() {
        return candidate + 1 < candidates.size();
    }

    /** The next provider to fail over to, or null. */
    synchronized String nextCandidate() {
        return candidate + 1 < candidates.size() ? candidates.get(++candidate) : null;
    }

    /** Time since the last exchange began (zero when none was sent: a full queue or an open circuit). */
    Duration sinceStart() {
        long started = startedNanos;
        startedNanos = 0;
        return started == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }
}
