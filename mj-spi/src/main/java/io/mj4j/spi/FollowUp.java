package io.mj4j.spi;

import java.util.Objects;

/**
 * A follow-up a finished task offers: an {@link ActionKind} plus an option ("1".."4" for
 * upscale/variation, "SUBTLE"/"STRONG" for vary, an upscale mode, a pan direction, or "" when the
 * kind has no option). Providers fill {@link TaskSnapshot#followUps()} with these; the engine checks
 * {@link Action#requiredFollowUp()} against them before sending a follow-up.
 */
public record FollowUp(ActionKind kind, String option) {
    public FollowUp {
        Objects.requireNonNull(kind, "kind");
        option = option == null ? "" : option;
    }

    /** A follow-up without an option. */
    public static FollowUp of(ActionKind kind) {
        return new FollowUp(kind, "");
    }

    /** A follow-up with an option. */
    public static FollowUp of(ActionKind kind, String option) {
        return new FollowUp(kind, option);
    }

    /** U{index}. */
    public static FollowUp upscale(int index) {
        return new FollowUp(ActionKind.UPSCALE, Integer.toString(index));
    }

    /** V{index}. */
    public static FollowUp variation(int index) {
        return new FollowUp(ActionKind.VARIATION, Integer.toString(index));
    }

    @Override
    public String toString() {
        return option.isEmpty() ? kind.name() : kind.name() + ":" + option;
    }
}
