package io.mj4j.spi;

/**
 * The kind of an {@link Action}, to switch on and to declare capabilities with
 * ({@link ProviderDescriptor#actions()}).
 */
public enum ActionKind {
    /** Text (and optional image prompts) to a 2x2 grid. Root action. */
    IMAGINE(true),
    /** Two to five images blended into a grid. Root action. */
    BLEND(true),
    /** An image to four prompt suggestions. Root action. */
    DESCRIBE(true),
    /** A prompt to shortened prompt suggestions. Root action. */
    SHORTEN(true),
    /** U1..U4: one image of a grid. */
    UPSCALE(false),
    /** V1..V4: a new grid from one image of a grid. */
    VARIATION(false),
    /** Re-run the parent's prompt. */
    REROLL(false),
    /** Vary (Subtle) / Vary (Strong) of an upscaled image. */
    VARY(false),
    /** Upscale (Subtle/Creative) or the 2x/4x upscalers of an upscaled image. */
    UPSCALE_MORE(false),
    /** Zoom out (factor 1..2) or make square. */
    ZOOM(false),
    /** Pan left/right/up/down. */
    PAN(false),
    /** Vary (Region): regenerate the masked area. */
    VARY_REGION(false),
    /** Image to short video. */
    ANIMATE(false),
    /** The seed of a finished job. */
    SEED(false),
    /** A vendor-specific action id, passed through unchanged. Root or follow-up. */
    CUSTOM(false);

    private final boolean root;

    ActionKind(boolean root) {
        this.root = root;
    }

    /** True for actions that start a new job without a parent task (and may fail over between providers). */
    public boolean isRoot() {
        return root;
    }
}
