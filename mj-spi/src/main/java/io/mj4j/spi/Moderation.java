package io.mj4j.spi;

import java.util.List;
import java.util.Locale;

/**
 * Recognizes Midjourney's moderation refusals in vendor texts, for vendors that report them only in
 * words (an error message, a failure reason). One shared list so every provider maps the same wording to
 * {@link FailureCategory#PROMPT_REJECTED} / {@link ContentRejectedException}.
 */
public final class Moderation {
    /**
     * Words and stems of moderation refusals, matched case-insensitively: Midjourney's own ("Banned prompt",
     * "AI moderators feel your prompt might be against our community standards"), the resellers' English
     * variants, and the Chinese ones some vendors use.
     */
    public static final List<String> WORDS = List.of("banned", "ban prompt", "moderat", "community standards",
            "community guidelines", "prohibited", "image filter", "content polic", "nsfw", "inappropriate", "sensitive",
            "blocked", "violat", "forbidden", "not allowed", "敏感", "违规", "违禁", "禁止");

    private Moderation() {
    }

    /** True when {@code text} reads like a moderation refusal. */
    public static boolean soundsLikeRejection(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        String t = text.toLowerCase(Locale.ROOT);
        return WORDS.stream().anyMatch(t::contains);
    }
}
