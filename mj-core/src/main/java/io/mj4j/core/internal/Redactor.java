package io.mj4j.core.internal;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/** Replaces every registered secret in a text with "****". Thread-safe. */
public final class Redactor {
    private final Set<String> secrets = new CopyOnWriteArraySet<>();

    /** Registers a secret; blank values are ignored. */
    public void add(String secret) {
        if (secret != null && secret.length() >= 4) {
            secrets.add(secret);
        }
    }

    /** The text with every secret hidden. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, "****");
            }
        }
        return out;
    }
}
