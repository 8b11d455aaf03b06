package io.mj4j.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for hiding secrets (API keys) in text, shared by the engine and every provider: each
 * secret is replaced by {@value #MASK} wherever it appears raw or JSON-escaped, in any mix, because
 * vendors echo requests back in their error bodies and JSON writers differ in what they escape
 * ({@code -} as {@code \u002d}, {@code /} as {@code \/}; OhMyGPT and AceData were seen doing both). A
 * secret shorter than 4 characters is replaced only where it stands alone, never inside a word (a
 * 2-letter key must not turn every "ok" into "****"). Blank secrets are ignored.
 *
 * <p>Immutable and thread-safe; {@link #with(String)} returns a new rule.
 */
public final class Redaction {
    /** What a secret is replaced with. */
    public static final String MASK = "****";
    private static final int SHORT = 4;
    private static final Redaction NONE = new Redaction(Set.of());

    private final Set<String> secrets;
    private final Pattern pattern;

    private Redaction(Set<String> secrets) {
        this.secrets = Set.copyOf(secrets);
        this.pattern = secrets.isEmpty() ? null : compile(secrets);
    }

    /** A rule that hides nothing. */
    public static Redaction none() {
        return NONE;
    }

    /** A rule hiding each of {@code secrets} (null and blank values ignored). */
    public static Redaction of(Collection<String> secrets) {
        Set<String> kept = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s != null && !s.isBlank()) {
                kept.add(s);
            }
        }
        return kept.isEmpty() ? NONE : new Redaction(kept);
    }

    /** A rule hiding {@code secret} (nothing when null or blank). */
    public static Redaction of(String secret) {
        return of(secret == null ? List.of() : List.of(secret));
    }

    /** {@code text} with {@code secret} hidden: the one-off form for providers holding one key. */
    public static String redact(String text, String secret) {
        return of(secret).apply(text);
    }

    /** This rule plus {@code secret}. */
    public Redaction with(String secret) {
        if (secret == null || secret.isBlank() || secrets.contains(secret)) {
            return this;
        }
        List<String> all = new ArrayList<>(secrets);
        all.add(secret);
        return of(all);
    }

    /** True when there is nothing to hide. */
    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** {@code text} with every secret hidden; null stays null. */
    public String apply(String text) {
        if (text == null || pattern == null || text.isEmpty()) {
            return text;
        }
        return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
    }

    private static Pattern compile(Set<String> secrets) {
        List<String> sorted = new ArrayList<>(secrets);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // the longest match first
        StringBuilder all = new StringBuilder();
        for (String s : sorted) {
            if (all.length() > 0) {
                all.append('|');
            }
            StringBuilder one = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                one.append(anyForm(s.charAt(i)));
            }
            if (s.length() < SHORT) {
                all.append("(?<![\\p{L}\\p{N}_])").append(one).append("(?![\\p{L}\\p{N}_])");
            } else {
                all.append(one);
            }
        }
        return Pattern.compile(all.toString());
    }

    /** A regex matching one character raw or in any JSON escape of it. */
    private static String anyForm(char c) {
        StringBuilder alt = new StringBuilder("(?:").append(Pattern.quote(String.valueOf(c)));
        alt.append("|(?i:\\\\u").append(String.format("%04x", (int) c)).append(')');
        if (c == '/' || c == '"' || c == '\\') {
            alt.append("|\\\\").append(Pattern.quote(String.valueOf(c)));
        }
        return alt.append(')').toString();
    }

    @Override
    public String toString() {
        return "Redaction[" + secrets.size() + " secrets]";
    }
}
