package io.mj4j.spi;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Redaction: one rule for secrets, raw and JSON-escaped")
class RedactionTest {
    private static final String KEY = "sk-live/4Zq-9";

    @Test
    @DisplayName("the raw key is hidden wherever it appears")
    void raw() {
        assertThat(Redaction.of(KEY).apply("key " + KEY + " and again:" + KEY + "."))
                .isEqualTo("key **** and again:****.");
    }

    @Test
    @DisplayName("JSON-escaped forms are hidden: \\u002d (either hex case), \\/, and mixes of escaped and raw characters")
    void jsonEscaped() {
        Redaction r = Redaction.of(KEY);
        assertThat(r.apply("{\"m\":\"sk\\u002dlive\\/4Zq\\u002d9\"}")).isEqualTo("{\"m\":\"****\"}");
        assertThat(r.apply("sk\\u002Dlive/4Zq-9")).isEqualTo("****");
        assertThat(r.apply("sk-live\\/4Zq-9")).isEqualTo("****");
        assertThat(r.apply("\\u0073\\u006b-live/4Zq-9")).as("letters escaped too").isEqualTo("****");
    }

    @Test
    @DisplayName("a text without the key is left exactly as it was, backslashes included")
    void untouched() {
        String text = "path C:\\u\\x sk-live/4Zq-8 \\/ done";
        assertThat(Redaction.of(KEY).apply(text)).isEqualTo(text);
    }

    @Test
    @DisplayName("a secret shorter than 4 characters is hidden when it stands alone, never inside a word")
    void shortSecrets() {
        Redaction r = Redaction.of("ok");
        assertThat(r.apply("token ok; broken book okay")).isEqualTo("token ****; broken book okay");
        assertThat(Redaction.of("abcd").apply("xabcdx")).as("4 characters and more: anywhere").isEqualTo("x****x");
    }

    @Test
    @DisplayName("several secrets, the longest first; blank and null ones ignored; null text stays null")
    void several() {
        Redaction r = Redaction.of(Arrays.asList("abcdef", "abcd", " ", null)).with("zz-top-key");
        assertThat(r.apply("abcdefgh abcd zz\\u002dtop\\u002dkey")).isEqualTo("****gh **** ****");
        assertThat(r.apply(null)).isNull();
        assertThat(Redaction.none().apply("abcd")).isEqualTo("abcd");
        assertThat(Redaction.of(List.of()).isEmpty()).isTrue();
    }

    @Test
    @DisplayName("an exception redacted with the rule shows no key in its message, toString or mj4j causes")
    void exceptions() {
        ProviderProtocolException cause = new ProviderProtocolException("body echoed sk\\u002dlive\\/4Zq\\u002d9");
        MjException e = new MjException("refused key " + KEY, cause, false, false).withVendorCode(KEY);
        e.redactWith(Redaction.of(KEY));
        assertThat(e.getMessage()).doesNotContain(KEY).contains("refused key ****").contains("code=****");
        assertThat(e.toString()).doesNotContain(KEY);
        assertThat(cause.getMessage()).isEqualTo("body echoed ****");
    }
}
