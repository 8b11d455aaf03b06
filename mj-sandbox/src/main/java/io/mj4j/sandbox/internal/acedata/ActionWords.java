package io.mj4j.sandbox.internal.acedata;

import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * AceData's {@code action} words of {@code /midjourney/imagine} (acedata.md §3.1): the job each one creates and the
 * words each finished result offers in its {@code actions} array (§2.2). Pure functions; thread-safe.
 */
final class ActionWords {
    /** What an action word creates: the job kind and the grid position (1..4, else 0). */
    record Word(String word, ActionKind kind, int index) {
    }

    /** §2.2: the actions of a finished 2x2 grid. */
    static final List<String> GRID = List.of("upscale1", "upscale2", "upscale3", "upscale4", "reroll",
            "variation1", "variation2", "variation3", "variation4");

    /**
     * §2.2/§3.1: the actions of a single (upscaled) image, the newer Midjourney set (the provider's fixture of a
     * finished upscale lists the same words).
     */
    static final List<String> SINGLE = List.of("upscale_2x", "upscale_4x", "upscale_subtle", "upscale_creative",
            "variation_subtle", "variation_strong", "variation_region", "zoom_out_2x", "zoom_out_1_5x", "square",
            "pan_left", "pan_right", "pan_up", "pan_down");

    private ActionWords() {
    }

    /** The job a follow-up word creates, or empty for a word outside §3.1 (and for {@code generate}). */
    static Optional<Word> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String w = raw.strip().toLowerCase(Locale.ROOT);
        if (w.matches("upscale[1-4]")) {
            return Optional.of(new Word(w, ActionKind.UPSCALE, w.charAt(7) - '0'));
        }
        if (w.matches("variation[1-4]")) {
            return Optional.of(new Word(w, ActionKind.VARIATION, w.charAt(9) - '0'));
        }
        ActionKind kind = switch (w) {
            case "reroll" -> ActionKind.REROLL;
            case "variation_subtle", "variation_strong" -> ActionKind.VARY;
            case "upscale_2x", "upscale_4x", "upscale_subtle", "upscale_creative",
                    "redo_upscale_2x", "redo_upscale_4x", "redo_upscale_subtle", "redo_upscale_creative" -> ActionKind.UPSCALE_MORE;
            case "zoom_out_2x", "zoom_out_1_5x", "square" -> ActionKind.ZOOM;
            case "pan_left", "pan_right", "pan_up", "pan_down" -> ActionKind.PAN;
            case "variation_region" -> ActionKind.VARY_REGION;
            default -> null;
        };
        return kind == null ? Optional.empty() : Optional.of(new Word(w, kind, 0));
    }

    /** True for jobs whose finished result is an image with an {@code image_id} (grids and single images). */
    static boolean hasImage(SimTask t) {
        return t.producesGrid() || t.kind() == ActionKind.UPSCALE || t.kind() == ActionKind.UPSCALE_MORE;
    }

    /**
     * The {@code actions} of a finished image: the grid set, the single-image set after U1..U4, and after an
     * upscaler (§3.1 "redo buttons: result of an upscale") its redo word instead of the upscalers.
     */
    static List<String> offeredBy(SimTask t, String ownWord) {
        if (t.producesGrid()) {
            return GRID;
        }
        if (t.kind() == ActionKind.UPSCALE) {
            return SINGLE;
        }
        if (t.kind() == ActionKind.UPSCALE_MORE) {
            List<String> out = new ArrayList<>();
            String base = ownWord == null ? "upscale_2x" : ownWord.replaceFirst("^redo_", "");
            out.add("redo_" + base);
            SINGLE.stream().filter(w -> !w.startsWith("upscale_")).forEach(out::add);
            return List.copyOf(out);
        }
        return List.of();
    }
}
