package io.mj4j.provider.kolersky.internal;

/**
 * The keys this provider writes into {@code TaskSnapshot.vendorState()} and reads back from parent
 * snapshots of follow-ups.
 */
public final class StateKeys {
    /** The {@code taskType} a generate job was sent with (diagnostics). */
    public static final String TASK_TYPE = "taskType";
    /**
     * The aspect ratio in effect for the job's images, carried from the root job through follow-ups so
     * that {@code /outpaint} (whose {@code aspectRatio} defaults to 1:1, kolersky.md §2.6) keeps the shape.
     */
    public static final String ASPECT_RATIO = "aspectRatio";
    /** The prompt text the job was sent with: the default prompt of {@code /pan}, which requires one (§2.7). */
    public static final String PROMPT = "prompt";
    /** Prefix of the per-action request ids of a grid (§5): {@code action.V1}..{@code action.V4}, {@code action.U1}..{@code action.U4}. */
    public static final String ACTION_PREFIX = "action.";

    private StateKeys() {
    }

    /** The key of the per-action id of V{@code index} or U{@code index} ({@code letter} "V" or "U"). */
    public static String action(String letter, int index) {
        return ACTION_PREFIX + letter + index;
    }
}
