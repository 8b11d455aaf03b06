package io.mj4j.provider.support;

import io.mj4j.spi.Redaction;

/**
 * Vendor text made fit for an exception message: secrets hidden first, then whitespace collapsed to one line,
 * then cut. The order matters: cutting before hiding could leave the first characters of a key that straddles
 * the cut, which no redaction rule then recognises.
 */
public final class Texts {
    /** Longest vendor text (a body snippet or a vendor message) put into an exception message. */
    public static final int SNIPPET = 300;
    /** What marks a cut text. */
    public static final String ELLIPSIS = "...";

    private Texts() {
    }

    /** {@code text} cut to {@code max} characters plus {@value #ELLIPSIS}; null becomes "". */
    public static String truncate(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + ELLIPSIS;
    }

    /** {@code text} cut to {@link #SNIPPET} characters. */
    public static String truncate(String text) {
        return truncate(text, SNIPPET);
    }

    /** {@code text} on one line: runs of whitespace become one space, ends stripped; null becomes "". */
    public static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    /** {@code text} with the secrets of {@code redaction} hidden (raw and JSON-escaped), on one line, cut to {@code max}. */
    public static String snippet(String text, Redaction redaction, int max) {
        return truncate(oneLine(redaction.apply(text == null ? "" : text)), max);
    }

    /** {@code text} with the secrets of {@code redaction} hidden, on one line, cut to {@link #SNIPPET}. */
    public static String snippet(String text, Redaction redaction) {
        return snippet(text, redaction, SNIPPET);
    }
}
