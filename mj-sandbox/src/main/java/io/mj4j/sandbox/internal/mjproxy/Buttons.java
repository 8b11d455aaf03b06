package io.mj4j.sandbox.internal.mjproxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * The Discord buttons of a finished task (mjproxy.md §3.3, §8): which {@code customId}s each result offers and
 * what pressing one through {@code /submit/action} starts. Every id carries the job hash of the task that offers
 * it ({@code properties.messageHash}), so an id is only valid on its own task. Stateless.
 */
final class Buttons {
    /** One button as §3.3 shows it; a link button has no customId. */
    record Button(String customId, String emoji, String label, int style) {
    }

    /**
     * What pressing a button starts.
     *
     * @param kind       the new task's kind, or null for the bookmark (no new task)
     * @param index      the grid cell (upscale, variation) or the chosen suggestion (PicReader, PromptAnalyzer), else 0
     * @param modal      the button always opens a modal (§5.4: Custom Zoom, Vary (Region), PicReader, PromptAnalyzer)
     * @param remixable  {@code enableRemix} turns it into a modal (§5.2, §5.4: reroll, variation, pan, animate)
     * @param square     Make Square: the result is 1:1
     * @param word       the new task's {@code action} word (§7), null for "the parent's" (reroll)
     * @param name       how the task's {@code description} names the button ("U2", "Zoom Out 2x"...)
     */
    record Press(ActionKind kind, int index, boolean modal, boolean remixable, boolean square, String word, String name) {
        boolean bookmark() {
            return kind == null;
        }

        /** A new imagine from a text suggestion (describe / shorten picks). */
        boolean fromText() {
            return kind == ActionKind.IMAGINE;
        }
    }

    private static final Pattern UPSCALE = Pattern.compile("MJ::JOB::upsample::([1-4])::[^:]+");
    private static final Pattern VARIATION = Pattern.compile("MJ::JOB::variation::([1-4])::[^:]+");
    private static final Pattern REROLL = Pattern.compile("MJ::JOB::reroll::0::[^:]+::SOLO");
    private static final Pattern VARY = Pattern.compile("MJ::JOB::(low|high)_variation::1::[^:]+::SOLO");
    private static final Pattern UPSCALE_MORE = Pattern.compile("MJ::JOB::upsample_v[0-9a-z]+_(2x|4x)(?:_(subtle|creative))?::1::[^:]+::SOLO");
    private static final Pattern OUTPAINT = Pattern.compile("MJ::Outpaint::(50|75|100)::1::[^:]+::SOLO");
    private static final Pattern CUSTOM_ZOOM = Pattern.compile("MJ::CustomZoom::[^:]+");
    private static final Pattern PAN = Pattern.compile("MJ::JOB::pan_(left|right|up|down)::1::[^:]+::SOLO");
    private static final Pattern INPAINT = Pattern.compile("MJ::Inpaint::1::[^:]+::SOLO");
    private static final Pattern ANIMATE = Pattern.compile("MJ::JOB::animate_(high|low)(_extend)?::1::[^:]+(?:::SOLO)?");
    private static final Pattern BOOKMARK = Pattern.compile("MJ::BOOKMARK::[^:]+");
    private static final Pattern PIC_READER = Pattern.compile("MJ::Job::PicReader::([1-9])");
    private static final Pattern PIC_RETRY = Pattern.compile("MJ::Picread::Retry");
    private static final Pattern PROMPT_ANALYZER = Pattern.compile("MJ::Job::PromptAnalyzer::([1-9])");

    private static final String KEYCAP = "\uFE0F\u20E3";
    private static final Map<String, String> PAN_EMOJI = Map.of("left", "⬅️", "right", "➡️", "up", "⬆️", "down", "⬇️");

    private Buttons() {
    }

    /**
     * The buttons of {@code task} once it succeeded, in Discord's order (§8 "typical" sets): a grid has U1-U4,
     * reroll and V1-V4; an upscale has the upscalers of its model version, Vary (Subtle/Strong/Region), the zooms,
     * Make Square (unless square), the four pans, animate, a bookmark and the "Web" link button; a video can be
     * extended; a describe offers its four picks and a retry, a shorten its picks.
     */
    static List<Button> offeredBy(SimTask task, String hash) {
        List<Button> out = new ArrayList<>();
        switch (task.kind()) {
            case UPSCALE, UPSCALE_MORE -> {
                if (task.kind() == ActionKind.UPSCALE) {
                    String v = modelVersion(task.prompt());
                    if (v.equals("v5")) {
                        out.add(new Button("MJ::JOB::upsample_v5_2x::1::" + hash + "::SOLO", "", "Upscale (2x)", 2));
                        out.add(new Button("MJ::JOB::upsample_v5_4x::1::" + hash + "::SOLO", "", "Upscale (4x)", 2));
                    } else {
                        out.add(new Button("MJ::JOB::upsample_" + v + "_2x_subtle::1::" + hash + "::SOLO", "", "Upscale (Subtle)", 2));
                        out.add(new Button("MJ::JOB::upsample_" + v + "_2x_creative::1::" + hash + "::SOLO", "", "Upscale (Creative)", 2));
                    }
                }
                out.add(new Button("MJ::JOB::low_variation::1::" + hash + "::SOLO", "\uD83E\uDE84", "Vary (Subtle)", 2));
                out.add(new Button("MJ::JOB::high_variation::1::" + hash + "::SOLO", "\uD83E\uDE84", "Vary (Strong)", 2));
                out.add(new Button("MJ::Inpaint::1::" + hash + "::SOLO", "\uD83D\uDD8C️", "Vary (Region)", 2));
                out.add(new Button("MJ::Outpaint::50::1::" + hash + "::SOLO", "\uD83D\uDD0D", "Zoom Out 2x", 2));
                out.add(new Button("MJ::Outpaint::75::1::" + hash + "::SOLO", "\uD83D\uDD0D", "Zoom Out 1.5x", 2));
                out.add(new Button("MJ::CustomZoom::" + hash, "\uD83D\uDD0D", "Custom Zoom", 2));
                if (!isSquare(task.aspectRatio())) {
                    out.add(new Button("MJ::Outpaint::100::1::" + hash + "::SOLO", "↔️", "Make Square", 2));
                }
                for (String d : List.of("left", "right", "up", "down")) {
                    out.add(new Button("MJ::JOB::pan_" + d + "::1::" + hash + "::SOLO", PAN_EMOJI.get(d), "", 2));
                }
                out.add(new Button("MJ::JOB::animate_high::1::" + hash + "::SOLO", "\uD83C\uDF9E️", "Animate (High motion)", 2));
                out.add(new Button("MJ::JOB::animate_low::1::" + hash + "::SOLO", "\uD83C\uDF9E️", "Animate (Low motion)", 2));
                out.add(new Button("MJ::BOOKMARK::" + hash, "❤️", "", 2));
                // §3.3: a link button has no customId; clients drop it
                out.add(new Button(null, "", "Web", 5));
            }
            case ANIMATE -> {
                out.add(new Button("MJ::JOB::animate_high_extend::1::" + hash + "::SOLO", "\uD83C\uDF9E️", "Extend (High motion)", 2));
                out.add(new Button("MJ::JOB::animate_low_extend::1::" + hash + "::SOLO", "\uD83C\uDF9E️", "Extend (Low motion)", 2));
                out.add(new Button("MJ::BOOKMARK::" + hash, "❤️", "", 2));
            }
            case DESCRIBE -> {
                for (int i = 1; i <= task.texts().size(); i++) {
                    out.add(new Button("MJ::Job::PicReader::" + i, i + KEYCAP, "", 2));
                }
                out.add(new Button("MJ::Picread::Retry", "\uD83D\uDD04", "", 2));
            }
            case SHORTEN -> {
                for (int i = 1; i <= task.texts().size(); i++) {
                    out.add(new Button("MJ::Job::PromptAnalyzer::" + i, i + KEYCAP, "", 2));
                }
            }
            default -> {
                if (task.producesGrid()) {
                    for (int i = 1; i <= 4; i++) {
                        out.add(new Button("MJ::JOB::upsample::" + i + "::" + hash, "", "U" + i, 2));
                    }
                    out.add(new Button("MJ::JOB::reroll::0::" + hash + "::SOLO", "\uD83D\uDD04", "", 2));
                    for (int i = 1; i <= 4; i++) {
                        out.add(new Button("MJ::JOB::variation::" + i + "::" + hash, "", "V" + i, 2));
                    }
                }
            }
        }
        return out;
    }

    /** The buttons as the task object's {@code buttons} array (§3.3). */
    static void write(List<Button> buttons, ArrayNode into) {
        for (Button b : buttons) {
            var o = into.addObject();
            if (b.customId() != null) {
                o.put("customId", b.customId());
            }
            o.put("emoji", b.emoji()).put("label", b.label()).put("type", 2).put("style", b.style());
        }
    }

    /** What pressing {@code customId} starts; null for an id that is no button of this simulator. */
    static Press press(String customId) {
        Matcher m;
        if ((m = UPSCALE.matcher(customId)).matches()) {
            int i = Integer.parseInt(m.group(1));
            return new Press(ActionKind.UPSCALE, i, false, false, false, "UPSCALE", "U" + i);
        }
        if ((m = VARIATION.matcher(customId)).matches()) {
            int i = Integer.parseInt(m.group(1));
            return new Press(ActionKind.VARIATION, i, false, true, false, "VARIATION", "V" + i);
        }
        if (REROLL.matcher(customId).matches()) {
            // §7: Plus reports a reroll with the parent's action
            return new Press(ActionKind.REROLL, 0, false, true, false, null, "R");
        }
        if ((m = VARY.matcher(customId)).matches()) {
            return new Press(ActionKind.VARY, 0, false, true, false, "VARIATION",
                    m.group(1).equals("low") ? "Vary (Subtle)" : "Vary (Strong)");
        }
        if ((m = UPSCALE_MORE.matcher(customId)).matches()) {
            String mode = m.group(2) != null ? capitalise(m.group(2)) : m.group(1);
            return new Press(ActionKind.UPSCALE_MORE, 0, false, false, false, "UPSCALE", "Upscale (" + mode + ")");
        }
        if ((m = OUTPAINT.matcher(customId)).matches()) {
            boolean square = m.group(1).equals("100");
            String name = square ? "Make Square" : m.group(1).equals("50") ? "Zoom Out 2x" : "Zoom Out 1.5x";
            return new Press(ActionKind.ZOOM, 0, false, false, square, "ZOOM", name);
        }
        if (CUSTOM_ZOOM.matcher(customId).matches()) {
            return new Press(ActionKind.ZOOM, 0, true, false, false, "ZOOM", "Custom Zoom");
        }
        if ((m = PAN.matcher(customId)).matches()) {
            return new Press(ActionKind.PAN, 0, false, true, false, "PAN", "Pan " + capitalise(m.group(1)));
        }
        if (INPAINT.matcher(customId).matches()) {
            // §8: Vary (Region) is a variation (trueai's mapping; Plus documents no INPAINT word, §7)
            return new Press(ActionKind.VARY_REGION, 0, true, false, false, "VARIATION", "Vary (Region)");
        }
        if ((m = ANIMATE.matcher(customId)).matches()) {
            boolean extend = m.group(2) != null;
            String name = (extend ? "Extend (" : "Animate (") + capitalise(m.group(1)) + " motion)";
            return new Press(ActionKind.ANIMATE, 0, false, !extend, false, "VIDEO", name);
        }
        if (BOOKMARK.matcher(customId).matches()) {
            return new Press(null, 0, false, false, false, null, "Bookmark");
        }
        if ((m = PIC_READER.matcher(customId)).matches() || (m = PROMPT_ANALYZER.matcher(customId)).matches()) {
            int i = Integer.parseInt(m.group(1));
            return new Press(ActionKind.IMAGINE, i, true, false, false, "IMAGINE", customId.contains("PicReader") ? "PicReader " + i : "PromptAnalyzer " + i);
        }
        if (PIC_RETRY.matcher(customId).matches()) {
            return new Press(ActionKind.DESCRIBE, 0, false, false, false, "DESCRIBE", "Retry");
        }
        return null;
    }

    /** Suggestion {@code n} (1-based) of a describe or shorten, without its keycap number. */
    static String suggestion(SimTask task, int n) {
        List<String> texts = task.texts();
        String t = texts.get(Math.min(Math.max(n, 1), texts.size()) - 1);
        return t.replaceFirst("^[1-9]\\x{FE0F}?\\x{20E3}\\s*", "").strip();
    }

    /** Midjourney's upscaler generation for the prompt's {@code --v}: v5, v6r1 or v7 (the default). */
    private static String modelVersion(String prompt) {
        try {
            String v = Prompt.parse(prompt).version().orElse("7");
            return v.startsWith("5") ? "v5" : v.startsWith("6") ? "v6r1" : "v7";
        } catch (InvalidRequestException | IllegalArgumentException e) {
            return "v7";
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
