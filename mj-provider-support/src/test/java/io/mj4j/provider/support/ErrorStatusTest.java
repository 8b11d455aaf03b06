package io.mj4j.provider.support;

import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.Redaction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorStatusTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String KEY = "key-0123456789";
    private static final Redaction REDACTION = Redaction.of(KEY);

    private static HttpReply reply(int status, String body, String retryAfter) {
        Map<String, List<String>> headers = retryAfter == null ? Map.of() : Map.of("Retry-After", List.of(retryAfter));
        return new HttpReply(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("a 2xx is an error only when the vendor's test fails its body code; then the body code is the status")
    void bodyCode() {
        assertThat(ErrorStatus.of(reply(200, "{}", null), 200, c -> c != 200)).isEmpty();
        assertThat(ErrorStatus.of(reply(200, "{}", null), null, c -> c != 200)).isEmpty();
        assertThat(ErrorStatus.of(reply(200, "{}", null), 429, c -> c != 200)).hasValue(429);
        assertThat(ErrorStatus.of(reply(200, "{}", null), 300, c -> c >= 400)).isEmpty();
    }

    @Test
    @DisplayName("a non-2xx HTTP status wins over whatever the body code says")
    void httpWins() {
        assertThat(ErrorStatus.of(reply(502, "{}", null), 200, c -> c != 200)).hasValue(502);
    }

    @Test
    @DisplayName("a body code of 429 in an HTTP 200 is rate limited with the reply's Retry-After, carrying 429")
    void classifiesByBodyCode() {
        HttpReply r = reply(200, "{\"statusCode\":429}", "7");

        MjException e = ErrorStatus.classify(r, 429, "imagine submit", "slow down", "rate_limit", CLOCK, REDACTION);

        assertThat(e).isInstanceOf(RateLimitedException.class).hasMessageStartingWith("imagine submit failed: HTTP 429: slow down [");
        assertThat(((RateLimitedException) e).retryAfter()).hasValue(Duration.ofSeconds(7));
        assertThat(e.httpStatus()).hasValue(429);
        assertThat(e.vendorCode()).hasValue("rate_limit");
    }

    @Test
    @DisplayName("503 in a body is 'not accepted', another 5xx 'maybe created'; 401 authentication; 400 invalid")
    void statuses() {
        HttpReply r = reply(200, "{}", null);
        assertThat(ErrorStatus.classify(r, 503, "w", "busy", null, CLOCK, REDACTION))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> assertThat(e.mayHaveCreatedTask()).isFalse());
        assertThat(ErrorStatus.classify(r, 500, "w", "boom", null, CLOCK, REDACTION))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> assertThat(e.mayHaveCreatedTask()).isTrue());
        assertThat(ErrorStatus.classify(r, 401, "w", "who", null, CLOCK, REDACTION)).isInstanceOf(AuthenticationException.class);
        assertThat(ErrorStatus.classify(r, 400, "w", "bad", null, CLOCK, REDACTION)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    @DisplayName("vendor text and code are redacted raw and JSON-escaped; a blank text quotes the redacted body, never the raw one")
    void redacted() {
        String escaped = "key\\u002d0123456789";
        HttpReply r = reply(401, "{\"message\":\"bad key " + KEY + " / " + escaped + "\"}", null);

        MjException withText = ErrorStatus.classify(r, 401, "fetch", "bad key " + KEY + " / " + escaped, "code " + KEY, CLOCK, REDACTION);
        MjException withoutText = ErrorStatus.classify(r, 401, "fetch", " ", null, CLOCK, REDACTION);

        assertThat(withText.getMessage()).startsWith("fetch failed: HTTP 401: bad key **** / **** [");
        assertThat(withText.vendorCode()).hasValue("code ****");
        assertThat(withoutText.getMessage()).startsWith("fetch failed: HTTP 401: {\"message\":\"bad key **** / ****\"}");
        assertThat(ErrorStatus.classify(reply(500, "", null), 500, "fetch", null, null, CLOCK, REDACTION))
                .hasMessageStartingWith("fetch failed: HTTP 500: (empty body) [");
    }

    @Test
    @DisplayName("as() keeps headers and body and changes only the status")
    void as() {
        HttpReply r = reply(200, "{\"x\":1}", "3");
        HttpReply seen = ErrorStatus.as(r, 429);
        assertThat(seen.status()).isEqualTo(429);
        assertThat(seen.bodyText()).isEqualTo("{\"x\":1}");
        assertThat(seen.header("retry-after")).hasValue("3");
        assertThat(ErrorStatus.as(r, 200)).isSameAs(r);
        assertThat(ErrorStatus.message("w", 418, "")).isEqualTo("w failed: HTTP 418");
    }
}
