package io.mj4j.provider.support;

import io.mj4j.spi.Redaction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextsTest {
    @Test
    @DisplayName("a key straddling the cut is hidden, not left half-visible (redact first, then cut)")
    void redactBeforeCut() {
        String key = "sk-abcdefghijklmnop";
        String text = "x".repeat(Texts.SNIPPET - 5) + key + " tail";

        String s = Texts.snippet(text, Redaction.of(key));

        assertThat(s).doesNotContain("sk-ab").startsWith("x".repeat(Texts.SNIPPET - 5) + "****")
                .endsWith(Texts.ELLIPSIS).hasSize(Texts.SNIPPET + Texts.ELLIPSIS.length());
    }

    @Test
    @DisplayName("a JSON-escaped key is hidden in a snippet as well as the raw one")
    void escapedKey() {
        String s = Texts.snippet("{\"a\":\"k\\u002d123456\",\"b\":\"k-123456\"}", Redaction.of("k-123456"));
        assertThat(s).isEqualTo("{\"a\":\"****\",\"b\":\"****\"}");
    }

    @Test
    @DisplayName("snippets are one line; short texts stay whole; null is empty")
    void shape() {
        assertThat(Texts.snippet("a\n\n  b\tc ", Redaction.none())).isEqualTo("a b c");
        assertThat(Texts.truncate("abcdef", 3)).isEqualTo("abc...");
        assertThat(Texts.truncate("abc", 3)).isEqualTo("abc");
        assertThat(Texts.truncate(null)).isEmpty();
    }
}
