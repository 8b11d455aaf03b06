package io.mj4j.core.internal;

import io.mj4j.core.VendorLostOptions;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.TaskNotFoundException;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Tells a task the vendor lost from a task that is merely slow: counts, per tracked task, the consecutive polls the
 * vendor answered "no such task" ({@link TaskNotFoundException}) after it had acknowledged the task. When both
 * thresholds of {@link VendorLostOptions} are met, {@link #pollFailed} returns the FAILED snapshot that ends the
 * task with {@link FailureCategory#VENDOR_LOST}, quoting the vendor's last answer (redacted) and keeping its code.
 * Without it a server restart that drops its in-memory tasks left them polled until their deadline and reported
 * as TIMEOUT.
 *
 * <p>An answered poll resets the count; other poll errors (transport, 5xx) neither count nor reset, because they
 * say nothing about whether the task exists. Thread-safe; the engine calls {@link #forget} when a task ends.
 */
public final class VendorLostDetector {
    private final VendorLostOptions options;
    private final UnaryOperator<String> redact;
    private final Map<String, Streak> streaks = new ConcurrentHashMap<>();

    private record Streak(Instant first, int count) {
    }

    /** @param redact applied to the vendor's answer before it is quoted in the failure */
    public VendorLostDetector(VendorLostOptions options, UnaryOperator<String> redact) {
        this.options = options;
        this.redact = redact;
    }

    /**
     * A poll of task {@code taskId}, last seen as {@code last}, failed with {@code error} at {@code now}. Returns the
     * snapshot that ends the task when the vendor has now lost it; empty otherwise.
     */
    public Optional<TaskSnapshot> pollFailed(String taskId, TaskSnapshot last, Throwable error, Instant now) {
        if (!(error instanceof TaskNotFoundException notFound) || last.isTerminal() || last.vendorTaskId().isEmpty()) {
            return Optional.empty(); // not an answer about existence, or nothing the vendor acknowledged
        }
        Streak s = streaks.merge(taskId, new Streak(now, 1), (old, one) -> new Streak(old.first(), old.count() + 1));
        Duration span = Duration.between(s.first(), now);
        if (s.count() < options.polls() || span.compareTo(options.minSpan()) < 0) {
            return Optional.empty();
        }
        streaks.remove(taskId);
        String answer = redact.apply(String.valueOf(notFound.getMessage()));
        String message = "The vendor lost task " + last.vendorTaskId().get() + ": after acknowledging it, it answered"
                + " \"no such task\" on " + s.count() + " consecutive polls over " + span + " (last answer: " + answer + ")";
        Optional<String> code = notFound.vendorCode().or(() -> notFound.httpStatus().isPresent()
                ? Optional.of("HTTP " + notFound.httpStatus().getAsInt()) : Optional.empty());
        return Optional.of(last.toBuilder().status(TaskStatus.FAILED)
                .failure(new Failure(FailureCategory.VENDOR_LOST, message, code)).build());
    }

    /** The vendor answered a poll of {@code taskId} with the task: the streak starts over. */
    public void answered(String taskId) {
        streaks.remove(taskId);
    }

    /** {@code taskId} ended or stopped being tracked. */
    public void forget(String taskId) {
        streaks.remove(taskId);
    }

    /** Number of tasks with a streak, for tests of the bookkeeping. */
    int tracked() {
        return streaks.size();
    }
}
