package io.mj4j.provider.ohmygpt.internal;

import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.UnsupportedActionException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Discord button catalogue: which follow-up a finished task's {@code actions[].customId} offers
 * (ohmygpt.md §7), and, for a follow-up, which of the parent's {@code customId}s to send. The ids are
 * always the parent's own, copied verbatim; nothing is synthesised (§7: "do not synthesise").
 *
 * <p>The parent's ids travel in its snapshot's vendor state under {@code customId.0}, {@code customId.1},
 * ... in the vendor's order ({@link #STATE_PREFIX}).
 */
public final class Buttons {
    /** Vendor-state key prefix of the parent's button ids. */
    public static final String STATE_PREFIX = "customId.";

    private static final Pattern UPSCALE = Pattern.compile("^MJ::JOB::upsample::([1-4])::");
    private static final Pattern VARIATION = Pattern.compile("^MJ::JOB::variation::([1-4])::");
    private static final Pattern REROLL = Pattern.compile("^MJ::JOB::reroll::");
    private static final Pattern VARY = Pattern.compile("^MJ::JOB::(low|high)_variation::");
    // ohmygpt.md §7 lists its ids as examples only; the upscaler buttons of an upscaled image are
    // Midjourney's own ids (upsample_v5_2x, upsample_v6_2x_subtle, upsample_v7_2x_creative, ...), which the
    // vendor passes through like every other button.
    private static final Pattern UPSCALE_MORE = Pattern.compile("^MJ::JOB::upsample_v[0-9a-z.]+?_(2x|4x)(?:_(subtle|creative))?::");
    private static final Pattern ZOOM = Pattern.compile("^MJ::Outpaint::(\\d+)::");
    private static final Pattern PAN = Pattern.compile("^MJ::JOB::pan_(left|right|up|down)::");

    /** ohmygpt.md §7: Outpaint::50 is "Zoom Out 2x", ::75 is "Zoom Out 1.5x", ::100 is "Make Square". */
    private static final String ZOOM_2X = "50";
    private static final String ZOOM_1_5X = "75";
    private static final String MAKE_SQUARE = "100";

    private Buttons() {
    }

    /** The follow-up a button offers, or empty for buttons mj4j has no word for (reachable with {@code Custom}). */
    public static Optional<FollowUp> followUp(String customId) {
        Matcher m;
        if ((m = UPSCALE.matcher(customId)).find()) {
            return Optional.of(FollowUp.upscale(Integer.parseInt(m.group(1))));
        }
        if ((m = VARIATION.matcher(customId)).find()) {
            return Optional.of(FollowUp.variation(Integer.parseInt(m.group(1))));
        }
        if (REROLL.matcher(customId).find()) {
            return Optional.of(FollowUp.of(ActionKind.REROLL));
        }
        if ((m = VARY.matcher(customId)).find()) {
            Action.Strength s = m.group(1).equals("low") ? Action.Strength.SUBTLE : Action.Strength.STRONG;
            return Optional.of(FollowUp.of(ActionKind.VARY, s.name()));
        }
        if ((m = UPSCALE_MORE.matcher(customId)).find()) {
            Action.UpscaleMode mode = m.group(2) != null
                    ? Action.UpscaleMode.valueOf(m.group(2).toUpperCase(Locale.ROOT))
                    : m.group(1).equals("4x") ? Action.UpscaleMode.X4 : Action.UpscaleMode.X2;
            return Optional.of(FollowUp.of(ActionKind.UPSCALE_MORE, mode.name()));
        }
        if ((m = ZOOM.matcher(customId)).find()
                && (m.group(1).equals(ZOOM_2X) || m.group(1).equals(ZOOM_1_5X) || m.group(1).equals(MAKE_SQUARE))) {
            return Optional.of(FollowUp.of(ActionKind.ZOOM));
        }
        if ((m = PAN.matcher(customId)).find()) {
            return Optional.of(FollowUp.of(ActionKind.PAN, m.group(1).toUpperCase(Locale.ROOT)));
        }
        return Optional.empty();
    }

    /** The follow-ups the buttons offer, limited to the {@code declared} action kinds. */
    public static Set<FollowUp> followUps(List<String> customIds, Set<ActionKind> declared) {
        Set<FollowUp> out = new LinkedHashSet<>();
        for (String id : customIds) {
            followUp(id).filter(f -> declared.contains(f.kind())).ifPresent(out::add);
        }
        return out;
    }

    /** The button ids stored in a snapshot's vendor state, in the vendor's order. */
    public static List<String> fromState(Map<String, String> state) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; state.containsKey(STATE_PREFIX + i); i++) {
            ids.add(state.get(STATE_PREFIX + i));
        }
        return ids;
    }

    /** The parent's button that offers {@code wanted} (for every kind but ZOOM), or empty. */
    public static Optional<String> find(List<String> customIds, FollowUp wanted) {
        return customIds.stream().filter(id -> followUp(id).filter(wanted::equals).isPresent()).findFirst();
    }

    /**
     * The parent's zoom button for {@code zoom}.
     *
     * @throws UnsupportedActionException for a factor other than 1.5 or 2 (a custom zoom needs a modal the
     *                                    vendor does not expose, ohmygpt.md §14), or when the parent lacks that
     *                                    zoom button
     */
    public static String zoom(List<String> customIds, Action.Zoom zoom) {
        String value;
        if (zoom.square()) {
            value = MAKE_SQUARE;
        } else if (zoom.factor() == 2.0) {
            value = ZOOM_2X;
        } else if (zoom.factor() == 1.5) {
            value = ZOOM_1_5X;
        } else {
            throw new UnsupportedActionException("ZOOM: OhMyGPT offers zoom out 1.5x and 2x and make square only, not "
                    + zoom.factor() + "x (a custom zoom needs a modal the vendor does not expose)");
        }
        String prefix = "MJ::Outpaint::" + value + "::";
        return customIds.stream().filter(id -> id.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new UnsupportedActionException("ZOOM: the parent task offers no "
                        + (zoom.square() ? "make-square" : zoom.factor() + "x zoom") + " button"));
    }
}
