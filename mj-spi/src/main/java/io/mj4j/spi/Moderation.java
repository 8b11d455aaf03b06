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
     * variants, and the Chinese ones some vendors use. Deliberately absent: "forbidden", "blocked" and
     * "not allowed" on their own. They are what gateways and auth layers say ({@code 403 Forbidden}, "IP not
     * allowed", "account blocked"), and reading them as moderation turns an account refusal into a content
     * rejection (kit rule R5.11). A vendor whose moderation code is such a word (AceData's {@code forbidden}
     * error code) maps that code itself. For the same reason "禁止" ("forbidden") is absent: mj-proxy servers
     * say {@code 禁止上传} (uploads disabled) and {@code 禁止操作} (operation not permitted) for refusals that have
     * nothing to do with the prompt (vendors/mjproxy.md, error codes and cancel).
     */
    public static final List<String> WORDS = List.of("banned", "ban prompt", "moderat", "community standards",
            "community guidelines", "prohibited", "image filter", "content polic", "nsfw", "inappropriate", "sensitive",
            "blocked prompt", "prompt blocked", "violat", "敏感", "违规", "违禁");

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
