package io.mj4j.spi;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One thing a user asks a vendor to do. Every action is an immutable record validated in its
 * constructor: an invalid value throws {@link InvalidRequestException} naming the parameter before
 * anything is sent anywhere.
 *
 * <p>Root actions ({@link ActionKind#isRoot()}) start a job; follow-ups act on a finished parent task
 * and must be offered by the parent's {@link TaskSnapshot#followUps()} (see {@link #requiredFollowUp()}).
 */
public sealed interface Action
        permits Action.Imagine, Action.Blend, Action.Describe, Action.Shorten, Action.Upscale,
        Action.Variation, Action.Reroll, Action.Vary, Action.UpscaleMore, Action.Zoom, Action.Pan,
        Action.VaryRegion, Action.Animate, Action.Seed, Action.Custom {

    /** The kind of this action. */
    ActionKind kind();

    /** True when this action needs a parent task. */
    default boolean isFollowUp() {
        return !kind().isRoot();
    }

    /**
     * The follow-up the parent's result must offer for this action to be allowed, or empty for root
     * actions and {@link Custom} actions (which the engine passes through unchecked).
     */
    default Optional<FollowUp> requiredFollowUp() {
        return Optional.empty();
    }

    /** Strength of {@link Vary}. */
    enum Strength { SUBTLE, STRONG }

    /** Mode of {@link UpscaleMore}. */
    enum UpscaleMode { SUBTLE, CREATIVE, X2, X4 }

    /** Direction of {@link Pan}. */
    enum Direction { LEFT, RIGHT, UP, DOWN }

    /** Motion of {@link Animate}. */
    enum Motion { LOW, HIGH }

    /** Output shape of {@link Blend}. */
    enum BlendShape { PORTRAIT, SQUARE, LANDSCAPE }

    /** Text to image. */
    record Imagine(Prompt prompt) implements Action {
        public Imagine {
            require(prompt != null, "prompt", "must not be null");
        }

        /** Parses {@code raw} with {@link Prompt#parse(String)}. */
        public static Imagine of(String raw) {
            return new Imagine(Prompt.parse(raw));
        }

        @Override
        public ActionKind kind() {
            return ActionKind.IMAGINE;
        }
    }

    /** Blend of 2..5 image URLs into one grid. */
    record Blend(List<URI> images, BlendShape shape) implements Action {
        public Blend {
            require(images != null, "images", "must not be null");
            images = List.copyOf(images);
            require(images.size() >= 2 && images.size() <= 5, "images", "needs 2 to 5 image URLs, got " + images.size());
            images.forEach(u -> Checks.requireHttpUrl("images", u));
            require(shape != null, "shape", "must not be null");
        }

        @Override
        public ActionKind kind() {
            return ActionKind.BLEND;
        }
    }

    /** Image to four prompt suggestions. */
    record Describe(URI image) implements Action {
        public Describe {
            Checks.requireHttpUrl("image", image);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.DESCRIBE;
        }
    }

    /** Prompt to shortened prompt suggestions. */
    record Shorten(Prompt prompt) implements Action {
        public Shorten {
            require(prompt != null, "prompt", "must not be null");
        }

        @Override
        public ActionKind kind() {
            return ActionKind.SHORTEN;
        }
    }

    /** U1..U4. */
    record Upscale(int index) implements Action {
        public Upscale {
            requireIndex(index);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.UPSCALE;
        }

        @Override
        public Optional<FollowUp> requiredFollowUp() {
            return Optional.of(FollowUp.upscale(index));
        }
    }

    /** V1..V4. */
    record Variation(int index) implements Action {
        public Variation {
            requireIndex(index);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.VARIATION;
        }

        @Override
        public Optional<FollowUp> requiredFollowUp() {
            return Optional.of(FollowUp.variation(index));
        }
    }

    /** Re-run the parent's prompt. */
    record Reroll() implements Action {
        @Override
        public ActionKind kind() {
            return ActionKind.REROLL;
        }

        @Override
        public Optional<FollowUp> requiredFollowUp() {
            return Optional.of(FollowUp.of(ActionKind.REROLL));
        }
    }

    /** Vary (Subtle/Strong). */
    record Vary(Strength strength) implements Action {
        public Vary {
            require(strength != null, "strength", "must not be null");
        }

        @Override
        public ActionKind kind() {
            return ActionKind.VARY;
        }

        @Override
        public Optional<FollowUp> requiredFollowUp() {
            return Optional.of(FollowUp.of(ActionKind.VARY, strength.name()));
        }
    }

    /** Upscale (Subtle/Creative) or 2x/4x. */
    record UpscaleMore(UpscaleMode mode) implements Action {
        public UpscaleMore {
            require(mode != null, "mode", "must not be null");
        }

        @Override
        public ActionKind kind() {
            return ActionKind.UPSCALE_MORE;
        }

        @Override
        public Optional<FollowUp> requiredFollowUp() {
            return Optional.of(FollowUp.of(ActionKind.UPSCALE_MORE, mode.name()));
        }
    }

    /**
     * Zoom out by {@code factor} in [1, 2]; {@code square} asks for "Make Square" instead (factor 1).
     * Vendors that only offer 1.5x and 2x reject other factors before sending. {@code prompt} is the prompt of
     * the zoomed image where the vendor takes one (Midjourney's Custom Zoom lets the user change it; Kolersky's
     * outpaint sends one); without it a vendor that needs a prompt uses the parent's.
     */
    record Zoom(double factor, boolean square, Optional<String> prompt) implements Action {
        public Zoom {
            require(!Double.isNaN(factor) && factor >= 1.0 && factor <= 2.0, "factor",
                    "must be in [1, 2], got " + factor);
            prompt = Checks.optionalText("prompt", prompt);
        }

        /** A zoom without a new prompt. */
        public Zoom(double factor, boolean square) {
            this(factor, square, Optional.empty());
        }

        /** Zoom out by {@code factor}. */
        public static Zoom out(double factor) {
            return new Zoom(factor, false);
        }

        /** Make Square. */
        public static Zoom makeSquare() {
            return new Zoom(1.0, true);
        }

        /** This zoom with {@code prompt} as the zoomed image's prompt. */
        public Zoom withPrompt(String prompt) {
            return new Zoom(factor, square, Optional.of(prompt));
        }

        @Override
        public ActionKind kind() {
            return ActionKind.ZOOM;
        }

        @Override
        public Optional<FollowUp> requiredFollowUp() {
            return Optional.of(FollowUp.of(ActionKind.ZOOM));
        }
    }

    /** Pan in a direction, with an optional new prompt. */
    record Pan(Direction direction, Optional<String> prompt) implements Action {
        public Pan {
            require(direction != null, "direction", "must not be null");
            prompt = Checks.optionalText("prompt", prompt);
        }

        public Pan(Direction direction) {
            this(direction, Optional.empty());
        }

        @Override
        public ActionKind kind() {
            return ActionKind.PAN;
        }

        @Override
        public Optional<FollowUp> requiredFollowUp() {
            return Optional.of(FollowUp.of(ActionKind.PAN, direction.name()));
        }
    }

    /**
     * Vary (Region). {@code maskPngBase64} is a black-and-white PNG, base64 without a data-URI prefix
     * (a {@code data:image/png;base64,} prefix is stripped), white = regenerate; it must have the pixel
     * size of the parent image.
     */
    record VaryRegion(String maskPngBase64, Optional<String> prompt) implements Action {
        private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};
        /** Largest mask accepted, in bytes of PNG. */
        public static final int MAX_MASK_BYTES = 8 * 1024 * 1024;

        public VaryRegion {
            require(maskPngBase64 != null && !maskPngBase64.isBlank(), "mask", "must not be empty");
            String m = maskPngBase64.strip();
            require(m.length() <= MAX_MASK_BYTES / 3 * 4 + 64, "mask", "is larger than " + MAX_MASK_BYTES + " bytes");
            int comma = m.indexOf(',');
            if (m.startsWith("data:") && comma > 0) {
                m = m.substring(comma + 1);
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(m);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("mask: not valid base64 (" + e.getMessage() + ")");
            }
            require(bytes.length >= 4 && bytes[0] == PNG_SIGNATURE[0] && bytes[1] == PNG_SIGNATURE[1]
                    && bytes[2] == PNG_SIGNATURE[2] && bytes[3] == PNG_SIGNATURE[3], "mask", "must be a PNG image");
            maskPngBase64 = m;
            prompt = Checks.optionalText("prompt", prompt);
        }

        /** Builds the action from raw PNG bytes. */
        public static VaryRegion of(byte[] maskPng, String prompt) {
            return new VaryRegion(Base64.getEncoder().encodeToString(maskPng), Optional.ofNullable(prompt));
        }

        @Override
        public ActionKind kind() {
            return ActionKind.VARY_REGION;
        }

        @Override
        public Optional<FollowUp> requiredFollowUp() {
            return Optional.of(FollowUp.of(ActionKind.VARY_REGION));
        }

        @Override
        public String toString() {
            return "VaryRegion[mask=" + maskPngBase64.length() + " base64 chars, prompt=" + prompt + "]";
        }
    }

    /** Image to video. {@code hd} asks for the vendor's higher resolution where it has one. */
    record Animate(Motion motion, Optional<String> prompt, boolean hd) implements Action {
        public Animate {
            require(motion != null, "motion", "must not be null");
            prompt = Checks.optionalText("prompt", prompt);
        }

        public Animate(Motion motion) {
            this(motion, Optional.empty(), false);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.ANIMATE;
        }

        @Override
        public Optional<FollowUp> requiredFollowUp() {
            return Optional.of(FollowUp.of(ActionKind.ANIMATE));
        }
    }

    /** The seed of the parent job. */
    record Seed() implements Action {
        @Override
        public ActionKind kind() {
            return ActionKind.SEED;
        }

        @Override
        public Optional<FollowUp> requiredFollowUp() {
            return Optional.of(FollowUp.of(ActionKind.SEED));
        }
    }

    /**
     * The vendor escape hatch: a vendor action id (for example an mj-proxy button {@code customId} or an
     * AceData action word) and string parameters, passed to the provider unchanged. {@code followUp}
     * says whether it needs a parent task. The engine does not check it against the parent's follow-ups.
     */
    record Custom(String vendorActionId, Map<String, String> params, boolean followUp) implements Action {
        public Custom {
            require(vendorActionId != null && !vendorActionId.isBlank(), "vendorActionId", "must not be blank");
            params = Map.copyOf(params == null ? Map.of() : params);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.CUSTOM;
        }

        @Override
        public boolean isFollowUp() {
            return followUp;
        }
    }

    private static void requireIndex(int index) {
        require(index >= 1 && index <= 4, "index", "must be 1..4 (1 top-left, 2 top-right, 3 bottom-left, 4 bottom-right), got " + index);
    }

    private static void require(boolean ok, String parameter, String message) {
        Checks.require(ok, parameter, message);
    }
}
