package io.mj4j.sandbox.internal.ohmygpt;

import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.Prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Discord buttons of a finished task (ohmygpt.md §5.5 {@code actions}, §7): which {@code customId}s a
 * result offers, how each is shown ({@code label}, {@code emoji}), and what pressing it starts. Every id
 * carries the Discord job id of the task that offers it. Stateless.
 */
final class Buttons {
    /**
     * One button. {@code kind} is what pressing it starts, or null for buttons that start no task through
     * this API (bookmark; Custom Zoom, which needs a modal the vendor does not expose, ohmygpt.md §14).
     */
    record Button(String customId, String label, String emoji, ActionKind kind, int index, String name) {
        /** True for Make Square, whose result is 1:1. */
        boolean makesSquare() {
            return customId.startsWith("MJ::Outpaint::100::");
        }
    }

    private static final Pattern UPSCALE = Pattern.compile("^MJ::JOB::upsample::([1-4])::[^:]+$");
    private static final Pattern VARIATION = Pattern.compile("^MJ::JOB::variation::([1-4])::[^:]+$");
    private static final Pattern REROLL = Pattern.compile("^MJ::JOB::reroll::0::[^:]+::SOLO$");
    private static final Pattern VARY = Pattern.compile("^MJ::JOB::(low|high)_variation::1::[^:]+::SOLO$");
    private static final Pattern UPSCALE_MORE = Pattern.compile("^MJ::JOB::upsample_v[0-9a-z]+_(2x|4x)(?:_(subtle|creative))?::1::[^:]+::SOLO$");
    private static final Pattern ZOOM = Pattern.compile("^MJ::Outpaint::(50|75|100)::1::[^:]+::SOLO$");
    private static final Pattern PAN = Pattern.compile("^MJ::JOB::pan_(left|right|up|down)::1::[^:]+::SOLO$");
    private static final Pattern INPAINT = Pattern.compile("^MJ::Inpaint::1::[^:]+::SOLO$");
    private static final Pattern CUSTOM_ZOOM = Pattern.compile("^MJ::CustomZoom::[^:]+$");
    private static final Pattern BOOKMARK = Pattern.compile("^MJ::BOOKMARK::[^:]+$");

    private static final Map<String, String> PAN_EMOJI = Map.of("left", "⬅️", "right", "➡️", "up", "⬆️", "down", "⬇️");

    private Buttons() {
    }

    /**
     * The button ids a finished task offers, in Discord's order: a grid has U1-U4, reroll and V1-V4; an
     * upscaled image has the upscalers of its model version, Vary (Subtle/Strong/Region), Zoom Out 2x and
     * 1.5x, Make Square (when not square already), Custom Zoom, the four pans and a bookmark; a describe
     * offers none (ohmygpt.md §5.4).
     */
    static List<String> offeredBy(SimTask task, String job) {
        List<String> ids = new ArrayList<>();
        if (task.producesGrid()) {
            for (int i = 1; i <= 4; i++) {
                ids.add("MJ::JOB::upsample::" + i + "::" + job);
            }
            ids.add("MJ::JOB::reroll::0::" + job + "::SOLO");
            for (int i = 1; i <= 4; i++) {
                ids.add("MJ::JOB::variation::" + i + "::" + job);
            }
        } else if (task.kind() == ActionKind.UPSCALE || task.kind() == ActionKind.UPSCALE_MORE) {
            // Midjourney's own upscaler ids, passed through by the vendor: v5 models offer 2x/4x, later
            // ones Subtle/Creative (the provider's Buttons.UPSCALE_MORE reads both).
            if (isV5(task.prompt())) {
                ids.add("MJ::JOB::upsample_v5_2x::1::" + job + "::SOLO");
                ids.add("MJ::JOB::upsample_v5_4x::1::" + job + "::SOLO");
            } else {
                ids.add("MJ::JOB::upsample_v6_2x_subtle::1::" + job + "::SOLO");
                ids.add("MJ::JOB::upsample_v6_2x_creative::1::" + job + "::SOLO");
            }
            ids.add("MJ::JOB::low_variation::1::" + job + "::SOLO");
            ids.add("MJ::JOB::high_variation::1::" + job + "::SOLO");
            ids.add("MJ::Inpaint::1::" + job + "::SOLO");
            ids.add("MJ::Outpaint::50::1::" + job + "::SOLO");
            ids.add("MJ::Outpaint::75::1::" + job + "::SOLO");
            if (!isSquare(task.aspectRatio())) {
                ids.add("MJ::Outpaint::100::1::" + job + "::SOLO");
            }
            ids.add("MJ::CustomZoom::" + job);
            for (String d : List.of("left", "right", "up", "down")) {
                ids.add("MJ::JOB::pan_" + d + "::1::" + job + "::SOLO");
            }
            ids.add("MJ::BOOKMARK::" + job);
        }
        return ids;
    }

    /** What a button id means, or null for an id that is no Midjourney button. */
    static Button parse(String customId) {
        Matcher m;
        if ((m = UPSCALE.matcher(customId)).matches()) {
            return new Button(customId, "U" + m.group(1), "", ActionKind.UPSCALE, Integer.parseInt(m.group(1)), "U" + m.group(1));
        }
        if ((m = VARIATION.matcher(customId)).matches()) {
            return new Button(customId, "V" + m.group(1), "", ActionKind.VARIATION, Integer.parseInt(m.group(1)), "V" + m.group(1));
        }
        if (REROLL.matcher(customId).matches()) {
            return new Button(customId, "", "\uD83D\uDD04", ActionKind.REROLL, 0, "Reroll");
        }
        if ((m = VARY.matcher(customId)).matches()) {
            String label = m.group(1).equals("low") ? "Vary (Subtle)" : "Vary (Strong)";
            return new Button(customId, label, "\uD83E\uDE84", ActionKind.VARY, 0, label);
        }
        if ((m = UPSCALE_MORE.matcher(customId)).matches()) {
            String label = "Upscale (" + (m.group(2) != null ? capitalise(m.group(2)) : m.group(1)) + ")";
            return new Button(customId, label, "", ActionKind.UPSCALE_MORE, 0, label);
        }
        if ((m = ZOOM.matcher(customId)).matches()) {
            String label = switch (m.group(1)) {
                case "50" -> "Zoom Out 2x";
                case "75" -> "Zoom Out 1.5x";
                default -> "Make Square";
            };
            return new Button(customId, label, m.group(1).equals("100") ? "↔️" : "\uD83D\uDD0D", ActionKind.ZOOM, 0, label);
        }
        if ((m = PAN.matcher(customId)).matches()) {
            return new Button(customId, "", PAN_EMOJI.get(m.group(1)), ActionKind.PAN, 0, "Pan " + capitalise(m.group(1)));
        }
        if (INPAINT.matcher(customId).matches()) {
            return new Button(customId, "Vary (Region)", "\uD83D\uDD8C️", ActionKind.VARY_REGION, 0, "Vary (Region)");
        }
        if (CUSTOM_ZOOM.matcher(customId).matches()) {
            return new Button(customId, "Custom Zoom", "\uD83D\uDD0D", null, 0, "Custom Zoom");
        }
        if (BOOKMARK.matcher(customId).matches()) {
            return new Button(customId, "", "❤️", null, 0, "Bookmark");
        }
        return null;
    }

    private static boolean isV5(String prompt) {
        try {
            return Prompt.parse(prompt).version().map(v -> v.startsWith("5")).orElse(false);
        } catch (InvalidRequestException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isSquare(String aspectRatio) {
        String[] p = aspectRatio.split(":");
        return p.length == 2 && p[0].strip().equals(p[1].strip());
    }

    private static String capitalise(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
