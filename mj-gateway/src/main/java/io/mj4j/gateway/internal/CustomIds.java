package io.mj4j.gateway.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FollowUp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The buttons the gateway issues on a finished task (mjproxy.md §3.3, §8) and what each one does. A task's buttons
 * are computed from the follow-ups its mj4j snapshot offers, with customIds in the patterns real servers send (so
 * clients that read them, such as mj4j's own mjproxy provider, recognise them) and the task's own job hash as the
 * last segment. A click is honoured only when its customId is exactly one of the parent's current buttons: the
 * gateway never trusts a customId it did not issue for that task. Stateless.
 */
public final class CustomIds {
    /** Follow-ups that need a {@code /submit/modal} step (§5.4): Vary (Region) and Custom Zoom always. */
    private static final Set<String> ALWAYS_MODAL = Set.of("VARY_REGION:", "ZOOM:custom");
    /** Follow-ups whose mj4j action takes a prompt, so remix (enableRemix) asks for it through the modal. */
    private static final Set<ActionKind> REMIXABLE = Set.of(ActionKind.PAN, ActionKind.ZOOM, ActionKind.ANIMATE);

    private CustomIds() {
    }

    /**
     * One button.
     *
     * @param customId what the client sends back
     * @param label    the Discord label (U1, V2, Vary (Strong)...)
     * @param emoji    the Discord emoji, "" for none
     * @param kind     the mj4j follow-up kind
     * @param variant  the variant within the kind (index, strength, mode, direction, zoom 2x/1.5x/square/custom, motion)
     */
    public record Button(String customId, String label, String emoji, ActionKind kind, String variant) {
        /** The modal spec this click creates ({@code KIND:variant}), when it needs one. */
        public Optional<String> modal(boolean remix) {
            String spec = kind.name() + ":" + variant;
            return ALWAYS_MODAL.contains(spec) || remix && REMIXABLE.contains(kind) ? Optional.of(spec) : Optional.empty();
        }

        /** The mj4j action of a click that needs no modal. */
        public Action action() {
            return CustomIds.action(kind.name() + ":" + variant, Optional.empty(), Optional.empty());
        }
    }

    /** The Midjourney-style job hash of a gateway task (a name-based UUID of its id): the last customId segment. */
    public static String hash(String taskId) {
        return UUID.nameUUIDFromBytes(("mj4j-gateway:" + taskId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The buttons of a finished task offering {@code followUps}, in the order Midjourney shows them. */
    public static List<Button> buttons(String taskId, Set<FollowUp> followUps) {
        String h = hash(taskId);
        List<Button> out = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            if (followUps.contains(FollowUp.upscale(i))) {
                out.add(new Button("MJ::JOB::upsample::" + i + "::" + h, "U" + i, "", ActionKind.UPSCALE, Integer.toString(i)));
            }
        }
        if (followUps.contains(FollowUp.of(ActionKind.REROLL))) {
            out.add(new Button("MJ::JOB::reroll::0::" + h + "::SOLO", "", "\uD83D\uDD04", ActionKind.REROLL, ""));
        }
        for (int i = 1; i <= 4; i++) {
            if (followUps.contains(FollowUp.variation(i))) {
                out.add(new Button("MJ::JOB::variation::" + i + "::" + h, "V" + i, "", ActionKind.VARIATION, Integer.toString(i)));
            }
        }
        add(out, followUps, FollowUp.of(ActionKind.UPSCALE_MORE, "SUBTLE"), "MJ::JOB::upsample_v6_2x_subtle::1::" + h + "::SOLO", "Upscale (Subtle)");
        add(out, followUps, FollowUp.of(ActionKind.UPSCALE_MORE, "CREATIVE"), "MJ::JOB::upsample_v6_2x_creative::1::" + h + "::SOLO", "Upscale (Creative)");
        add(out, followUps, FollowUp.of(ActionKind.UPSCALE_MORE, "X2"), "MJ::JOB::upsample_v5_2x::1::" + h + "::SOLO", "Upscale (2x)");
        add(out, followUps, FollowUp.of(ActionKind.UPSCALE_MORE, "X4"), "MJ::JOB::upsample_v5_4x::1::" + h + "::SOLO", "Upscale (4x)");
        add(out, followUps, FollowUp.of(ActionKind.VARY, "SUBTLE"), "MJ::JOB::low_variation::1::" + h + "::SOLO", "Vary (Subtle)");
        add(out, followUps, FollowUp.of(ActionKind.VARY, "STRONG"), "MJ::JOB::high_variation::1::" + h + "::SOLO", "Vary (Strong)");
        if (followUps.contains(FollowUp.of(ActionKind.VARY_REGION))) {
            out.add(new Button("MJ::Inpaint::1::" + h + "::SOLO", "Vary (Region)", "\uD83D\uDD8C\uFE0F", ActionKind.VARY_REGION, ""));
        }
        if (followUps.contains(FollowUp.of(ActionKind.ZOOM))) {
            out.add(new Button("MJ::Outpaint::50::1::" + h + "::SOLO", "Zoom Out 2x", "\uD83D\uDD0D", ActionKind.ZOOM, "2x"));
            out.add(new Button("MJ::Outpaint::75::1::" + h + "::SOLO", "Zoom Out 1.5x", "\uD83D\uDD0D", ActionKind.ZOOM, "1.5x"));
            out.add(new Button("MJ::CustomZoom::" + h, "Custom Zoom", "\uD83D\uDD0D", ActionKind.ZOOM, "custom"));
            out.add(new Button("MJ::Outpaint::100::1::" + h + "::SOLO", "Make Square", "\u2194\uFE0F", ActionKind.ZOOM, "square"));
        }
        for (String d : List.of("LEFT", "RIGHT", "UP", "DOWN")) {
            if (followUps.contains(FollowUp.of(ActionKind.PAN, d))) {
                String emoji = switch (d) {
                    case "LEFT" -> "\u2B05\uFE0F";
                    case "RIGHT" -> "\u27A1\uFE0F";
                    case "UP" -> "\u2B06\uFE0F";
                    default -> "\u2B07\uFE0F";
                };
                out.add(new Button("MJ::JOB::pan_" + d.toLowerCase(Locale.ROOT) + "::1::" + h + "::SOLO", "", emoji, ActionKind.PAN, d));
            }
        }
        if (followUps.contains(FollowUp.of(ActionKind.ANIMATE))) {
            out.add(new Button("MJ::JOB::animate_high::1::" + h + "::SOLO", "Animate (High motion)", "\uD83C\uDF9E\uFE0F", ActionKind.ANIMATE, "HIGH"));
            out.add(new Button("MJ::JOB::animate_low::1::" + h + "::SOLO", "Animate (Low motion)", "\uD83C\uDF9E\uFE0F", ActionKind.ANIMATE, "LOW"));
        }
        return out;
    }

    private static void add(List<Button> out, Set<FollowUp> offered, FollowUp f, String customId, String label) {
        if (offered.contains(f)) {
            out.add(new Button(customId, label, "", f.kind(), f.option()));
        }
    }

    /** The button of {@code taskId} with exactly this customId. */
    public static Optional<Button> find(String taskId, Set<FollowUp> followUps, String customId) {
        return buttons(taskId, followUps).stream().filter(b -> b.customId().equals(customId)).findFirst();
    }

    /** The buttons as the protocol's JSON array ({@code type} 2 = Discord button, {@code style} 2 = grey). */
    public static ArrayNode json(List<Button> buttons) {
        ArrayNode a = Json.array();
        for (Button b : buttons) {
            ObjectNode n = a.addObject();
            n.put("customId", b.customId());
            n.put("emoji", b.emoji());
            n.put("label", b.label());
            n.put("type", 2);
            n.put("style", 2);
        }
        return a;
    }

    /**
     * The mj4j action of a follow-up spec ({@code KIND:variant}), with the modal's prompt and mask where given.
     *
     * @throws Bad code 4 when the modal lacks what the action needs
     */
    public static Action action(String spec, Optional<String> prompt, Optional<String> mask) {
        int colon = spec.indexOf(':');
        ActionKind kind = ActionKind.valueOf(spec.substring(0, colon));
        String v = spec.substring(colon + 1);
        return switch (kind) {
            case UPSCALE -> new Action.Upscale(Integer.parseInt(v));
            case VARIATION -> new Action.Variation(Integer.parseInt(v));
            case REROLL -> new Action.Reroll();
            case VARY -> new Action.Vary(Action.Strength.valueOf(v));
            case UPSCALE_MORE -> new Action.UpscaleMore(Action.UpscaleMode.valueOf(v));
            case PAN -> new Action.Pan(Action.Direction.valueOf(v), prompt);
            case ANIMATE -> new Action.Animate(Action.Motion.valueOf(v), prompt, false);
            case VARY_REGION -> new Action.VaryRegion(mask.orElseThrow(() ->
                    Bad.validation("maskBase64 is required for Vary (Region): a PNG data URL, white = repaint")), prompt);
            case ZOOM -> zoom(v, prompt);
            default -> throw new IllegalStateException("no button of kind " + kind);
        };
    }

    /** §5.4: Custom Zoom reads the factor from {@code --zoom f} in the modal's prompt. */
    private static Action zoom(String variant, Optional<String> prompt) {
        Action.Zoom z = switch (variant) {
            case "2x" -> Action.Zoom.out(2.0);
            case "1.5x" -> Action.Zoom.out(1.5);
            case "square" -> Action.Zoom.makeSquare();
            default -> {
                String p = prompt.orElseThrow(() -> Bad.validation("Custom Zoom needs a prompt with --zoom <1..2>, e.g. 'a cat --zoom 1.5'"));
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("--zoom\\s+([0-9]*\\.?[0-9]+)").matcher(p);
                if (!m.find()) {
                    throw Bad.validation("Custom Zoom needs --zoom <1..2> in the prompt, got '" + shorten(p) + "'");
                }
                double f = Double.parseDouble(m.group(1));
                String rest = (p.substring(0, m.start()) + p.substring(m.end())).strip();
                yield new Action.Zoom(f, false, rest.isEmpty() ? Optional.empty() : Optional.of(rest));
            }
        };
        return prompt.isPresent() && !variant.equals("custom") ? new Action.Zoom(z.factor(), z.square(), prompt) : z;
    }

    static String shorten(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
