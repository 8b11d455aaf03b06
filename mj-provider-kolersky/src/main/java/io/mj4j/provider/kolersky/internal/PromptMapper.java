package io.mj4j.provider.kolersky.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.Prompt;
import io.mj4j.spi.SpeedMode;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Maps a {@link Prompt} to the separate fields of {@code POST /v1/midjourney/generate} (kolersky.md §2.1):
 * Kolersky takes {@code aspectRatio}, {@code version}, {@code speed}, {@code variety}, {@code stylization},
 * {@code weirdness}, {@code ow} and reference image URLs as fields, not as flags in the prompt. Every value
 * the vendor cannot take is refused here, before any request, with an {@link InvalidRequestException}
 * naming the parameter. Parameters without any field are refused too, or appended to the prompt text as
 * flags when {@link KolerskyOptions.PromptFlags#APPEND} is configured. Stateless.
 */
public final class PromptMapper {
    /** §2.1 {@code aspectRatio} enum. */
    public static final List<String> ASPECT_RATIOS = List.of("1:2", "9:16", "2:3", "3:4", "5:6", "6:5", "4:3", "3:2", "1:1",
            "16:9", "2:1");
    /** §2.1: the aspect ratio the vendor uses when none is sent. */
    public static final String DEFAULT_ASPECT_RATIO = "1:1";
    /** §2.1 {@code version} enum without niji (sent as strings, as in the vendor's examples). */
    public static final Set<String> VERSIONS = Set.of("7", "6.1", "6", "5.2", "5.1");
    /** §2.1: the only niji version; {@code --niji} without a number means it too. */
    public static final String NIJI = "niji6";
    /** §2.1 ranges are stepped: variety step 5, stylization step 50, weirdness step 100. */
    static final int VARIETY_STEP = 5;
    static final int STYLIZATION_STEP = 50;
    static final int WEIRDNESS_STEP = 100;
    /** §2.1/§8: at most 5 reference images per job. */
    static final int MAX_FILE_URLS = 5;

    /** What was mapped: the task type and the values worth keeping in the vendor state. */
    public record Mapped(String taskType, Optional<String> promptText, String aspectRatio) {
    }

    private PromptMapper() {
    }

    /**
     * Writes the generate fields of {@code prompt} into {@code body}.
     *
     * @throws InvalidRequestException naming a parameter Kolersky cannot express
     */
    public static Mapped imagine(Prompt prompt, KolerskyOptions.PromptFlags flags, ObjectNode body) {
        List<String> unmapped = new ArrayList<>();
        List<String> styleUrls = new ArrayList<>();
        List<String> styleCodes = new ArrayList<>();
        for (String s : prompt.styleReferences()) {
            (isHttpUrl(s) ? styleUrls : styleCodes).add(s);
        }
        // §2.1: one taskType per job, each with its own kind of reference image(s) in fileUrl/fileUrls.
        String taskType;
        List<String> files;
        int kinds = (prompt.omniReference().isPresent() ? 1 : 0) + (styleUrls.isEmpty() ? 0 : 1) + (prompt.imageUrls().isEmpty() ? 0 : 1);
        if (kinds > 1) {
            throw new InvalidRequestException("prompt: Kolersky takes one kind of reference image per job (image prompts, "
                    + "--sref URLs or --oref), got several");
        }
        if (prompt.omniReference().isPresent()) {
            taskType = "omni-reference";
            files = List.of(prompt.omniReference().get().toString());
        } else if (!styleUrls.isEmpty()) {
            taskType = "style-reference";
            files = styleUrls;
        } else if (!prompt.imageUrls().isEmpty()) {
            taskType = "image-to-image";
            files = prompt.imageUrls().stream().map(URI::toString).toList();
        } else {
            taskType = "text-to-image";
            files = List.of();
        }
        body.put("taskType", taskType);
        putFiles(body, files);

        String ar = prompt.aspectRatio().orElse(null);
        if (ar != null) {
            if (!ASPECT_RATIOS.contains(ar)) {
                throw new InvalidRequestException("--ar: Kolersky accepts only " + String.join(", ", ASPECT_RATIOS) + ", got '" + ar + "'");
            }
            body.put("aspectRatio", ar);
        }
        version(prompt).ifPresent(v -> body.put("version", v));
        stepped(body, "variety", "--chaos", prompt.chaos(), VARIETY_STEP, 100);
        stepped(body, "stylization", "--stylize", prompt.stylize(), STYLIZATION_STEP, 1000);
        stepped(body, "weirdness", "--weird", prompt.weird(), WEIRDNESS_STEP, 3000);
        // §2.1: speed is ignored for omni-reference (and video), so it is not sent there.
        if (prompt.speed().isPresent() && !taskType.equals("omni-reference")) {
            body.put("speed", speed(prompt.speed().get()));
        }
        // §2.1: ow exists only for omni-reference; Prompt guarantees --ow comes with --oref.
        prompt.omniWeight().ifPresent(ow -> body.put("ow", ow));

        prompt.quality().ifPresent(q -> unmapped.add("--q " + q.toPlainString()));
        prompt.seed().ifPresent(s -> unmapped.add("--seed " + s));
        prompt.no().ifPresent(n -> unmapped.add("--no " + n));
        if (prompt.tile()) unmapped.add("--tile");
        prompt.style().ifPresent(s -> unmapped.add("--style " + s));
        prompt.imageWeight().ifPresent(iw -> unmapped.add("--iw " + iw.stripTrailingZeros().toPlainString()));
        if (!styleCodes.isEmpty()) unmapped.add("--sref " + String.join(" ", styleCodes));
        prompt.styleWeight().ifPresent(sw -> unmapped.add("--sw " + sw));
        if (!prompt.characterReferences().isEmpty()) {
            unmapped.add("--cref " + String.join(" ", prompt.characterReferences().stream().map(URI::toString).toList()));
        }
        prompt.characterWeight().ifPresent(cw -> unmapped.add("--cw " + cw));
        unmapped.addAll(prompt.otherParameters());

        String text = prompt.text();
        if (!unmapped.isEmpty()) {
            if (flags == KolerskyOptions.PromptFlags.REJECT) {
                String first = unmapped.get(0);
                String name = first.contains(" ") ? first.substring(0, first.indexOf(' ')) : first;
                throw new InvalidRequestException(name + ": Kolersky has no field for this parameter (kolersky.md §2.1); "
                        + "remove it, or set option prompt_flags=append to pass it inside the prompt text");
            }
            text = (text + " " + String.join(" ", unmapped)).strip();
        }
        // The vendor's own image-only examples (describe/blend, §2.1) omit the prompt, so an image-only prompt sends none.
        Optional<String> sent = text.isEmpty() ? Optional.empty() : Optional.of(text);
        sent.ifPresent(t -> body.put("prompt", t));
        return new Mapped(taskType, sent, ar == null ? DEFAULT_ASPECT_RATIO : ar);
    }

    /** Writes {@code urls} as {@code fileUrl} (one) or {@code fileUrls} (2..5), never both (§2.1). */
    public static void putFiles(ObjectNode body, List<String> urls) {
        if (urls.size() > MAX_FILE_URLS) {
            throw new InvalidRequestException("prompt: Kolersky takes at most " + MAX_FILE_URLS + " reference images, got " + urls.size());
        }
        if (urls.size() == 1) {
            body.put("fileUrl", urls.get(0));
        } else if (urls.size() > 1) {
            ArrayNode a = body.putArray("fileUrls");
            urls.forEach(a::add);
        }
    }

    /** The §2.1 speed word: note {@code relaxed}, not {@code relax}. */
    public static String speed(SpeedMode mode) {
        return switch (mode) {
            case RELAX -> "relaxed";
            case FAST -> "fast";
            case TURBO -> "turbo";
        };
    }

    private static Optional<String> version(Prompt prompt) {
        if (prompt.niji().isPresent()) {
            String n = prompt.niji().get();
            if (n.isEmpty() || normalize(n).equals("6")) {
                return Optional.of(NIJI);
            }
            throw new InvalidRequestException("--niji: Kolersky offers only niji 6, got '" + n + "'");
        }
        if (prompt.version().isPresent()) {
            String v = normalize(prompt.version().get());
            if (!VERSIONS.contains(v)) {
                throw new InvalidRequestException("--v: Kolersky accepts only 7, 6.1, 6, 5.2, 5.1 (or --niji 6), got '"
                        + prompt.version().get() + "'");
            }
            return Optional.of(v);
        }
        return Optional.empty();
    }

    private static String normalize(String version) {
        return new BigDecimal(version).stripTrailingZeros().toPlainString();
    }

    private static void stepped(ObjectNode body, String field, String flag, OptionalInt value, int step, int max) {
        if (value.isPresent()) {
            int v = value.getAsInt();
            if (v % step != 0) {
                throw new InvalidRequestException(flag + ": Kolersky accepts multiples of " + step + " in [0, " + max + "], got " + v);
            }
            body.put(field, v);
        }
    }

    private static boolean isHttpUrl(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        return t.startsWith("http://") || t.startsWith("https://");
    }
}
