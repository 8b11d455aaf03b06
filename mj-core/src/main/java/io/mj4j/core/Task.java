package io.mj4j.core;

import io.mj4j.spi.Action;
import io.mj4j.spi.TaskSnapshot;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on one task the engine tracks. Thread-safe.
 *
 * <p>{@link #accepted()} completes when the vendor acknowledged the submit, or fails with the submit's
 * error ({@link io.mj4j.spi.SubmitOutcomeUnknownException} when the submit may or may not have created a
 * task). {@link #completion()} completes with the SUCCEEDED snapshot, or fails with
 * {@link io.mj4j.spi.TaskFailedException} (FAILED/CANCELLED), {@link io.mj4j.spi.TaskTimeoutException}
 * (deadline) or the submit's error.
 *
 * <p>Follow-up methods submit a new task to this task's provider (follow-ups never change provider);
 * they throw {@link io.mj4j.spi.UnsupportedActionException} without any request when the provider does not
 * support the action or this task's result does not offer it.
 */
public interface Task {
    /** The client reference: unique, chosen before the submit is sent. */
    String id();

    /** The provider running this task. */
    String providerId();

    /** The submitted action. */
    Action action();

    /** The parent task's id, for follow-ups. */
    Optional<String> parentId();

    /** The latest accepted snapshot. */
    TaskSnapshot snapshot();

    /** Registers a listener (see {@link TaskListener} for the guarantees); returns this. */
    Task onUpdate(TaskListener listener);

    /** Completes when the vendor acknowledged the submit. */
    CompletableFuture<TaskSnapshot> accepted();

    /** Completes when the task ends. */
    CompletableFuture<TaskSnapshot> completion();

    /**
     * Blocks until the task ends or {@code timeout} passes.
     *
     * @return the SUCCEEDED snapshot
     * @throws io.mj4j.spi.TaskFailedException  the task failed or was cancelled
     * @throws io.mj4j.spi.TaskTimeoutException the task hit its deadline, or {@code timeout} passed (the
     *                                          task then goes on)
     * @throws io.mj4j.spi.MjException          the submit failed
     */
    TaskSnapshot await(Duration timeout);

    /** Asks the vendor to cancel. @throws io.mj4j.spi.UnsupportedActionException if the provider cannot */
    CompletableFuture<TaskSnapshot> cancel();

    /** Submits any follow-up action on this task. */
    Task followUp(Action action);

    /** U1..U4. */
    default Task upscale(int index) { return followUp(new Action.Upscale(index)); }
    /** V1..V4. */
    default Task variation(int index) { return followUp(new Action.Variation(index)); }
    /** Reroll. */
    default Task reroll() { return followUp(new Action.Reroll()); }
    /** Vary (Subtle/Strong). */
    default Task vary(Action.Strength strength) { return followUp(new Action.Vary(strength)); }
    /** Upscale (Subtle/Creative/2x/4x). */
    default Task upscaleMore(Action.UpscaleMode mode) { return followUp(new Action.UpscaleMore(mode)); }
    /** Zoom out by a factor in [1, 2]. */
    default Task zoomOut(double factor) { return followUp(Action.Zoom.out(factor)); }
    /** Make Square. */
    default Task makeSquare() { return followUp(Action.Zoom.makeSquare()); }
    /** Pan. */
    default Task pan(Action.Direction direction) { return followUp(new Action.Pan(direction)); }
    /** Pan with a new prompt. */
    default Task pan(Action.Direction direction, String prompt) { return followUp(new Action.Pan(direction, Optional.ofNullable(prompt))); }
    /** Vary (Region) with a black-and-white PNG mask (white = regenerate) and an optional prompt. */
    default Task varyRegion(byte[] maskPng, String prompt) { return followUp(Action.VaryRegion.of(maskPng, prompt)); }
    /** Animate. */
    default Task animate(Action.Motion motion) { return followUp(new Action.Animate(motion)); }
    /** The seed. */
    default Task seed() { return followUp(new Action.Seed()); }
}
