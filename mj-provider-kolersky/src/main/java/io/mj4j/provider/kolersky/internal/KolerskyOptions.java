package io.mj4j.provider.kolersky.internal;

import io.mj4j.spi.InvalidRequestException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The vendor options the Kolersky provider reads from {@code ProviderContext.options()} (env
 * {@code MJ_KOLERSKY_OPT_<NAME>}); keys are matched case-insensitively.
 *
 * <ul>
 *   <li>{@code follow_up_ids} = {@code parent} (default) | {@code action}: which {@code requestId}
 *       {@code /variation} and {@code /upscale} receive (kolersky.md §5, §11 leave it open): the parent
 *       job's id plus {@code index} 1..4, or the per-action id listed in the grid's {@code collage.actions}.</li>
 *   <li>{@code prompt_flags} = {@code reject} (default) | {@code append}: what to do with prompt parameters
 *       Kolersky has no field for ({@code --q}, {@code --seed}, {@code --no}, {@code --tile}, {@code --style},
 *       {@code --iw}, {@code --sw}, {@code --cref}, {@code --cw}, {@code --sref} codes, unmodelled flags):
 *       refuse before sending, or append them as flags to the prompt text (the vendor file does not say
 *       that works, hence not the default).</li>
 *   <li>{@code watermark}: a {@code waterMark} identifier sent with generate, variation and upscale
 *       (§2.1-§2.3); default none.</li>
 *   <li>{@code translate} = {@code true} | {@code false} (default): sends {@code enableTranslation: true}
 *       so the vendor translates non-English prompts (§1, §2.1).</li>
 * </ul>
 *
 * @param followUpIds    where follow-up ids come from
 * @param promptFlags    what happens to parameters without a field
 * @param waterMark      the watermark, if any
 * @param translate      whether to ask for prompt translation
 */
public record KolerskyOptions(FollowUpIds followUpIds, PromptFlags promptFlags, Optional<String> waterMark,
                              boolean translate) {
    /** Option names. */
    public static final String FOLLOW_UP_IDS = "follow_up_ids";
    public static final String PROMPT_FLAGS = "prompt_flags";
    public static final String WATERMARK = "watermark";
    public static final String TRANSLATE = "translate";
    private static final List<String> NAMES = List.of(FOLLOW_UP_IDS, PROMPT_FLAGS, WATERMARK, TRANSLATE);

    /** Which request id a variation/upscale is sent with. */
    public enum FollowUpIds {
        /** The parent job's {@code requestId} plus {@code index} 1..4: the natural reading of §2.2/§2.3. */
        PARENT,
        /** The per-action {@code requestId} from the grid's {@code collage.actions} (plus {@code index} 1..4). */
        ACTION
    }

    /** What happens to prompt parameters Kolersky has no field for. */
    public enum PromptFlags {
        /** Refuse with InvalidRequestException before sending. */
        REJECT,
        /** Append them as flags to the prompt text. */
        APPEND
    }

    /** The defaults. */
    public static final KolerskyOptions DEFAULTS = new KolerskyOptions(FollowUpIds.PARENT, PromptFlags.REJECT, Optional.empty(), false);

    /**
     * Reads and validates {@code options}.
     *
     * @throws InvalidRequestException naming an unknown option or a bad value
     */
    public static KolerskyOptions parse(Map<String, String> options) {
        Map<String, String> o = new LinkedHashMap<>();
        options.forEach((k, v) -> o.put(k.strip().toLowerCase(Locale.ROOT), v == null ? "" : v.strip()));
        for (String k : o.keySet()) {
            if (!NAMES.contains(k)) {
                throw new InvalidRequestException("kolersky option '" + k + "' is unknown; known options: " + NAMES);
            }
        }
        FollowUpIds ids = choice(o, FOLLOW_UP_IDS, FollowUpIds.class, FollowUpIds.PARENT);
        PromptFlags flags = choice(o, PROMPT_FLAGS, PromptFlags.class, PromptFlags.REJECT);
        Optional<String> waterMark = Optional.ofNullable(o.get(WATERMARK));
        if (waterMark.isPresent() && waterMark.get().isEmpty()) {
            throw new InvalidRequestException("kolersky option '" + WATERMARK + "' must not be blank");
        }
        boolean translate = switch (o.getOrDefault(TRANSLATE, "false").toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidRequestException("kolersky option '" + TRANSLATE + "' must be true or false, got '"
                    + o.get(TRANSLATE) + "'");
        };
        return new KolerskyOptions(ids, flags, waterMark, translate);
    }

    private static <E extends Enum<E>> E choice(Map<String, String> o, String name, Class<E> type, E dflt) {
        String v = o.get(name);
        if (v == null) {
            return dflt;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new InvalidRequestException("kolersky option '" + name + "' must be one of " + allowed + ", got '" + v + "'");
    }
}
