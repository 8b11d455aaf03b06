package io.mj4j.provider.acedata.internal;

import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.UnsupportedActionException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The table between mj4j follow-ups and AceData's {@code action} words (acedata.md §3.1). A finished result lists
 * the words valid for it in {@code actions}; each known word becomes a {@link FollowUp}, unknown words (for
 * example {@code redo_upscale_2x}) are kept in the vendor state and reachable through {@link Action.Custom}.
 */
public final class ActionWords {
    private static final String ZOOM_2X = "zoom_out_2x";
    private static final String ZOOM_1_5X = "zoom_out_1_5x";
    private static final String SQUARE = "square";

    /** acedata.md §3.1: the grid position is encoded in the word (1 top-left ... 4 bottom-right). */
    private static final Map<String, FollowUp> WORDS = new LinkedHashMap<>();

    static {
        for (int i = 1; i <= 4; i++) {
            WORDS.put("upscale" + i, FollowUp.upscale(i));
            WORDS.put("variation" + i, FollowUp.variation(i));
        }
        WORDS.put("reroll", FollowUp.of(ActionKind.REROLL));
        WORDS.put("variation_subtle", FollowUp.of(ActionKind.VARY, "SUBTLE"));
        WORDS.put("variation_strong", FollowUp.of(ActionKind.VARY, "STRONG"));
        WORDS.put("upscale_2x", FollowUp.of(ActionKind.UPSCALE_MORE, "X2"));
        WORDS.put("upscale_4x", FollowUp.of(ActionKind.UPSCALE_MORE, "X4"));
        WORDS.put("upscale_subtle", FollowUp.of(ActionKind.UPSCALE_MORE, "SUBTLE"));
        WORDS.put("upscale_creative", FollowUp.of(ActionKind.UPSCALE_MORE, "CREATIVE"));
        // acedata.md §3.1: only 1.5x, 2x and "Make Square" exist; all three are the one ZOOM follow-up.
        WORDS.put(ZOOM_2X, FollowUp.of(ActionKind.ZOOM));
        WORDS.put(ZOOM_1_5X, FollowUp.of(ActionKind.ZOOM));
        WORDS.put(SQUARE, FollowUp.of(ActionKind.ZOOM));
        for (Action.Direction d : Action.Direction.values()) {
            WORDS.put("pan_" + d.name().toLowerCase(Locale.ROOT), FollowUp.of(ActionKind.PAN, d.name()));
        }
        WORDS.put("variation_region", FollowUp.of(ActionKind.VARY_REGION));
    }

    private ActionWords() {
    }

    /** The follow-ups the action words of a finished result allow; unknown words are skipped. */
    public static Set<FollowUp> followUps(Collection<String> words) {
        Set<FollowUp> out = new LinkedHashSet<>();
        for (String w : words) {
            FollowUp f = w == null ? null : WORDS.get(w.strip().toLowerCase(Locale.ROOT));
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    /** True when the words are those of a 2x2 grid (U1..U4 / V1..V4 are only offered on grids, §2.2). */
    public static boolean isGrid(Collection<String> words) {
        return words.stream().anyMatch(w -> w != null && w.matches("(upscale|variation)[1-4]"));
    }

    /**
     * True when a request with this action word produces a single image rather than a grid (acedata.md §3.1:
     * U1..U4 and the upscalers and their redo buttons), false when it produces a grid, null when unknown.
     */
    public static Boolean producesSingle(String word) {
        if (word == null || word.isBlank()) {
            return null;
        }
        String w = word.strip().toLowerCase(Locale.ROOT);
        if (w.matches("upscale[1-4]") || w.startsWith("upscale_") || w.startsWith("redo_upscale")) {
            return true;
        }
        return w.equals("generate") || WORDS.containsKey(w) ? false : null;
    }

    /** True when {@code kind} produces a single image (U1..U4 and the upscalers). */
    public static boolean producesSingle(ActionKind kind) {
        return kind == ActionKind.UPSCALE || kind == ActionKind.UPSCALE_MORE;
    }

    /**
     * The action word for a follow-up on {@code /midjourney/imagine}. {@code offered} are the parent's action words
     * when known (empty when not): a zoom variant the parent does not list is refused before sending.
     *
     * @throws UnsupportedActionException for a value AceData cannot express (a zoom factor other than 1.5 or 2)
     */
    public static String wordFor(Action action, Collection<String> offered) {
        return switch (action.kind()) {
            case UPSCALE -> "upscale" + ((Action.Upscale) action).index();
            case VARIATION -> "variation" + ((Action.Variation) action).index();
            case REROLL -> "reroll";
            case VARY -> "variation_" + ((Action.Vary) action).strength().name().toLowerCase(Locale.ROOT);
            case UPSCALE_MORE -> switch (((Action.UpscaleMore) action).mode()) {
                case X2 -> "upscale_2x";
                case X4 -> "upscale_4x";
                case SUBTLE -> "upscale_subtle";
                case CREATIVE -> "upscale_creative";
            };
            case ZOOM -> zoomWord((Action.Zoom) action, offered);
            case PAN -> "pan_" + ((Action.Pan) action).direction().name().toLowerCase(Locale.ROOT);
            case VARY_REGION -> "variation_region";
            default -> throw new UnsupportedActionException("acedata: " + action.kind() + " is not an imagine follow-up");
        };
    }

    private static String zoomWord(Action.Zoom z, Collection<String> offered) {
        String word;
        if (z.square()) {
            word = SQUARE;
        } else if (z.factor() == 2.0) {
            word = ZOOM_2X;
        } else if (z.factor() == 1.5) {
            word = ZOOM_1_5X;
        } else {
            // acedata.md §3.1: "Custom zoom ratio is not exposed (only 1.5x and 2x)".
            throw new UnsupportedActionException("acedata: zoom factor " + z.factor()
                    + " cannot be sent; AceData offers only zoom_out_1_5x, zoom_out_2x and square (acedata.md §3.1)");
        }
        if (!offered.isEmpty() && !offered.contains(word)) {
            throw new UnsupportedActionException("acedata: the parent image does not offer '" + word + "' (it offers "
                    + offered + ")");
        }
        return word;
    }
}
