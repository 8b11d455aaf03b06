package io.mj4j.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("HttpReply")
class HttpReplyTest {

    /** Wednesday, 1 January 2025, midnight UTC. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static HttpReply withHeader(String name, String value) {
        return new HttpReply(429, Map.of(name, List.of(value)), new byte[0]);
    }

    @Nested
    @DisplayName("retryAfter")
    class RetryAfter {

        @ParameterizedTest(name = "[{0}] is {1}s")
        @CsvSource({"120, 120", "0, 0", "' 7 ', 7", "86400, 86400"})
        @DisplayName("reads delta seconds")
        void deltaSeconds(String header, long seconds) {
            assertThat(withHeader("Retry-After", header).retryAfter(CLOCK)).contains(Duration.ofSeconds(seconds));
        }

        @Test
        @DisplayName("reads an HTTP-date relative to the clock")
        void httpDate() {
            assertThat(withHeader("Retry-After", "Wed, 01 Jan 2025 00:01:30 GMT").retryAfter(CLOCK))
                    .contains(Duration.ofSeconds(90));
        }

        @Test
        @DisplayName("turns an HTTP-date in the past into zero")
        void pastDate() {
            assertThat(withHeader("Retry-After", "Tue, 31 Dec 2024 23:59:00 GMT").retryAfter(CLOCK)).contains(Duration.ZERO);
        }

        @Test
        @DisplayName("turns negative seconds into zero")
        void negativeSeconds() {
            assertThat(withHeader("Retry-After", "-5").retryAfter(CLOCK)).contains(Duration.ZERO);
        }

        @Test
        @DisplayName("is empty when the header is absent")
        void absent() {
            assertThat(HttpReply.of(429, "slow down").retryAfter(CLOCK)).isEmpty();
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"soon", "1.5", "", "Someday, 99 Foo 2025", "2025-01-01T00:01:00Z"})
        @DisplayName("is empty when the header is unreadable")
        void garbage(String header) {
            assertThat(withHeader("Retry-After", header).retryAfter(CLOCK)).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"retry-after", "RETRY-AFTER", "Retry-After", "rEtRy-AfTeR"})
        @DisplayName("finds the header whatever the case of its name")
        void caseInsensitive(String name) {
            assertThat(withHeader(name, "30").retryAfter(CLOCK)).contains(Duration.ofSeconds(30));
        }
    }

    @Test
    @DisplayName("header lookup ignores case and returns the first value")
    void headerLookup() {
        // given
        HttpReply reply = new HttpReply(200, Map.of("Content-Type", List.of("application/json", "charset=utf-8")), null);

        // then
        assertThat(reply.header("content-type")).contains("application/json");
        assertThat(reply.header("CONTENT-TYPE")).contains("application/json");
        assertThat(reply.header("x-missing")).isEmpty();
    }

    @Nested
    @DisplayName("bodySnippet")
    class BodySnippet {

        @Test
        @DisplayName("cuts a long body to max characters and marks the cut")
        void truncates() {
            assertThat(HttpReply.of(500, "abcdefghij").bodySnippet(4)).isEqualTo("abcd...");
        }

        @Test
        @DisplayName("keeps a body of at most max characters as it is")
        void keepsShort() {
            assertThat(HttpReply.of(500, "abcd").bodySnippet(4)).isEqualTo("abcd");
        }

        @Test
        @DisplayName("collapses whitespace and strips the ends")
        void collapsesWhitespace() {
            assertThat(HttpReply.of(500, "  {\n  \"error\":\t\"bad\"\n}\n").bodySnippet(100)).isEqualTo("{ \"error\": \"bad\" }");
        }

        @Test
        @DisplayName("is empty for an empty body")
        void empty() {
            assertThat(new HttpReply(500, Map.of(), null).bodySnippet(10)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"199, false", "200, true", "204, true", "299, true", "300, false", "404, false", "500, false"})
    @DisplayName("isSuccess is true for 2xx only")
    void isSuccess(int status, boolean success) {
        assertThat(HttpReply.of(status, "").isSuccess()).isEqualTo(success);
    }

    @Test
    @DisplayName("keeps its own copy of the body, in and out")
    void bodyDefensiveCopy() {
        // given
        byte[] source = "hello".getBytes(StandardCharsets.UTF_8);
        HttpReply reply = new HttpReply(200, Map.of(), source);

        // when
        source[0] = 'J';
        reply.body()[1] = 'A';

        // then
        assertThat(reply.bodyText()).isEqualTo("hello");
    }

    @Test
    @DisplayName("compares bodies by content")
    void equality() {
        assertThat(HttpReply.of(200, "x")).isEqualTo(HttpReply.of(200, "x")).hasSameHashCodeAs(HttpReply.of(200, "x"))
                .isNotEqualTo(HttpReply.of(200, "y")).isNotEqualTo(HttpReply.of(201, "x"));
    }

    @Test
    @DisplayName("toString shows the status and a snippet of the body")
    void toStringForm() {
        assertThat(HttpReply.of(404, "not\nfound")).hasToString("HttpReply[404, body=not found]");
    }
}
