package io.mj4j.sandbox.internal.parts;

import java.util.regex.Pattern;

/**
 * Prompt rewriting the simulators share. The sandbox's time and image model reads a job's shape from its prompt's
 * {@code --ar}, so a vendor that takes the aspect ratio elsewhere (a field, a Make Square button) writes it into the
 * job's prompt here. Stateless.
 */
public final class Prompts {
    private static final Pattern ASPECT = Pattern.compile("(?i)\\s*--(ar|aspect)\\s+\\S+");

    private Prompts() {
    }

    /** {@code prompt} (null reads as empty) with any {@code --ar}/{@code --aspect} replaced by {@code --ar aspectRatio}. */
    public static String withAspectRatio(String prompt, String aspectRatio) {
        String base = prompt == null ? "" : ASPECT.matcher(prompt).replaceAll("").strip();
        return (base + " --ar " + aspectRatio).strip();
    }
}
