package io.mj4j.provider.mjproxy.internal;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FollowUp;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the button {@code customId}s of mjproxy.md §8 into the {@link FollowUp}s they offer and the
 * vendor-state key under which the provider keeps the customId verbatim for the follow-up's submit
 * (§8: always the customId of the latest fetched parent, never synthesised). Buttons without a known
 * pattern (bookmark, PicReader, PromptAnalyzer, animate extend...) offer nothing here; they stay reachable
 * with a {@code Custom} action. Stateless.
 */
public final class Buttons {
    /** Prefix of every vendor-state key holding a customId. */
    public static final String STATE_PREFIX = "customId:";
    /** Zoom variants: Zoom Out 2x ({@code Outpaint::50}), 1.5x ({@code ::75}), Make Square ({@code ::100}), Custom Zoom. */
    public static final String ZOOM_2X = "2x";
    public static final String ZOOM_1_5X = "1.5x";
    public static final String ZOOM_SQUARE = "square";
    public static final String ZOOM_CUSTOM = "custom";

    private static final Set<String> INDEXES = Set.of("1", "2", "3", "4");
    private static final Set<String> DIRECTIONS = Set.of("LEFT", "RIGHT", "UP", "DOWN");

    private Buttons() {
    }

    /** What one button offers: the follow-up, and the vendor-state key its customId is kept under. */
    public record Offer(FollowUp followUp, String stateKey) {
    }

    /** The vendor-state key of a follow-up kind and variant ("" for none). */
    public static String key(ActionKind kind, String variant) {
        return STATE_PREFIX + kind.name() + (variant.isEmpty() ? "" : ":" + variant);
    }

    /** What {@code customId} offers, or empty for a button without a follow-up kind. */
    public static Optional<Offer> classify(String customId) {
        if (customId == null) {
            return Optional.empty();
        }
        String[] parts = customId.split("::");
        if (parts.length < 3 || !parts[0].equalsIgnoreCase("MJ")) {
            return Optional.empty();
        }
        String family = parts[1].toUpperCase(Locale.ROOT);
        String op = parts[2].toLowerCase(Locale.ROOT);
        return switch (family) {
            case "JOB" -> job(op, parts.length > 3 ? parts[3] : "");
            case "OUTPAINT" -> switch (op) {
                case "50" -> offer(ActionKind.ZOOM, "", ZOOM_2X);
                case "75" -> offer(ActionKind.ZOOM, "", ZOOM_1_5X);
                case "100" -> offer(ActionKind.ZOOM, "", ZOOM_SQUARE);
                default -> Optional.empty();
            };
            // §8: MJ::CustomZoom::{jobId}, trueai MJ::CustomZoom::1::{jobId}.
            case "CUSTOMZOOM" -> offer(ActionKind.ZOOM, "", ZOOM_CUSTOM);
            case "INPAINT" -> offer(ActionKind.VARY_REGION, "", "");
            default -> Optional.empty();
        };
    }

    private static Optional<Offer> job(String op, String index) {
        switch (op) {
            case "upsample", "video_virtual_upscale":
                return INDEXES.contains(index) ? offer(ActionKind.UPSCALE, index, index) : Optional.empty();
            case "variation":
                return INDEXES.contains(index) ? offer(ActionKind.VARIATION, index, index) : Optional.empty();
            case "reroll":
                return offer(ActionKind.REROLL, "", "");
            case "low_variation":
                return offer(ActionKind.VARY, "SUBTLE", "SUBTLE");
            case "high_variation":
                return offer(ActionKind.VARY, "STRONG", "STRONG");
            case "animate_low":
                return offer(ActionKind.ANIMATE, "", "LOW");
            case "animate_high":
                return offer(ActionKind.ANIMATE, "", "HIGH");
            default:
                break;
        }
        if (op.startsWith("upsample_")) {
            // §8: upsample_v7_2x_subtle, upsample_v6r1_2x_creative, upsample_v5_2x, upsample_v5_4x.
            String mode = op.contains("subtle") ? "SUBTLE" : op.contains("creative") ? "CREATIVE"
                    : op.endsWith("_2x") ? "X2" : op.endsWith("_4x") ? "X4" : null;
            return mode == null ? Optional.empty() : offer(ActionKind.UPSCALE_MORE, mode, mode);
        }
        if (op.startsWith("pan_")) {
            String dir = op.substring(4).toUpperCase(Locale.ROOT);
            return DIRECTIONS.contains(dir) ? offer(ActionKind.PAN, dir, dir) : Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Offer> offer(ActionKind kind, String option, String variant) {
        return Optional.of(new Offer(FollowUp.of(kind, option), key(kind, variant)));
    }
}
