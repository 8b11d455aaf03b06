package io.mj4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes generated sections into a hand-written Markdown file (RESULTS.md) without touching the rest. */
final class Markdown {
    private Markdown() {
    }

    /**
     * Replaces the text between {@code <!-- NAME:begin -->} and {@code <!-- NAME:end -->} in {@code file} with
     * {@code content}; appends the marked section when the file or the markers are missing.
     */
    static void replaceSection(Path file, String name, String content) throws IOException {
        String begin = "<!-- " + name + ":begin -->";
        String end = "<!-- " + name + ":end -->";
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        String section = begin + "\n" + content.strip() + "\n" + end;
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b >= 0 && e > b) {
            text = text.substring(0, b) + section + text.substring(e + end.length());
        } else {
            text = text + (text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n") + section + "\n";
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
