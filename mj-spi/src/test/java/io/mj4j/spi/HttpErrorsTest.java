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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("HttpErrors.classify")
class HttpErrorsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static MjException classify(int status) {
        return HttpErrors.classify(HttpReply.of(status, "{\"error\":\"x\"}"), "imagine submit", "vendor says no", "E42", CLOCK);
    }

    private static HttpReply withRetryAfter(int status, String value) {
        return new HttpReply(status, Map.of("Retry-After", List.of(value)), "busy".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}, retryable={2}, mayHaveCreatedTask={3}")
    @CsvSource({
            "400, InvalidRequestException,       false, false",
            "401, AuthenticationException,       false, false",
            "402, InsufficientBalanceException,  false, false",
            "403, AuthenticationException,       false, false",
            "404, InvalidRequestException,       false, false",
            "405, InvalidRequestException,       false, false",
            "409, InvalidRequestException,       false, false",
            "413, InvalidRequestException,       false, false",
            "422, InvalidRequestException,       false, false",
            "429, RateLimitedException,          true,  false",
            "500, ProviderUnavailableException,  true,  true",
            "502, ProviderUnavailableException,  true,  true",
            "503, ProviderUnavailableException,  true,  false",
            "504, ProviderUnavailableException,  true,  true",
            "418, ProviderProtocolException,     true,  true",
            "302, ProviderProtocolException,     true,  true"})
    @DisplayName("maps each status to its exception type, HTTP status, vendor code and retry facts")
    void mapsStatus(int status, String type, boolean retryable, boolean mayHaveCreatedTask) {
        // when
        MjException e = classify(status);

        // then
        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e.httpStatus()).hasValue(status);
        assertThat(e.vendorCode()).contains("E42");
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.mayHaveCreatedTask()).isEqualTo(mayHaveCreatedTask);
    }

    @Test
    @DisplayName("the message says what failed, the status and the vendor's message, then the context")
    void message() {
        assertThat(classify(400).getMessage())
                .isEqualTo("imagine submit failed: HTTP 400: vendor says no [http=400, code=E42]");
    }

    @Test
    @DisplayName("falls back to a whitespace-collapsed body snippet when there is no vendor message")
    void bodyFallback() {
        // given
        HttpReply reply = HttpReply.of(500, "  Internal\n  Server Error ");

        // when
        MjException e = HttpErrors.classify(reply, "fetch", null, null, CLOCK);

        // then
        assertThat(e.getMessage()).isEqualTo("fetch failed: HTTP 500: Internal Server Error [http=500]");
        assertThat(e.vendorCode()).isEmpty();
    }

    @Test
    @DisplayName("truncates a long body to 300 characters")
    void truncatesBody() {
        // given
        HttpReply reply = HttpReply.of(502, "x".repeat(1000));

        // when
        MjException e = HttpErrors.classify(reply, "fetch", " ", null, CLOCK);

        // then
        assertThat(e.getMessage()).contains("x".repeat(300) + "...").doesNotContain("x".repeat(301));
    }

    @Test
    @DisplayName("truncates a long vendor message to 500 characters")
    void truncatesVendorMessage() {
        assertThat(HttpErrors.classify(HttpReply.of(400, ""), "submit", "y".repeat(2000), null, CLOCK).getMessage())
                .contains("y".repeat(500) + "...").doesNotContain("y".repeat(501));
    }

    @Test
    @DisplayName("has no detail part for an empty body without vendor message")
    void noDetail() {
        assertThat(HttpErrors.classify(HttpReply.of(401, ""), "balance", null, null, CLOCK).getMessage())
                .isEqualTo("balance failed: HTTP 401 [http=401]");
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    @DisplayName("sets no vendor code when none is given")
    void noVendorCode(String code) {
        assertThat(HttpErrors.classify(HttpReply.of(400, "bad"), "submit", null, code, CLOCK).vendorCode()).isEmpty();
    }

    @Test
    @DisplayName("a 429 carries Retry-After in seconds")
    void rateLimitedRetryAfterSeconds() {
        // when
        MjException e = HttpErrors.classify(withRetryAfter(429, "30"), "submit", null, null, CLOCK);

        // then
        assertThat(e).isInstanceOfSatisfying(RateLimitedException.class,
                r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(30)));
    }

    @Test
    @DisplayName("a 429 carries Retry-After given as an HTTP-date, relative to the clock")
    void rateLimitedRetryAfterDate() {
        // when
        MjException e = HttpErrors.classify(withRetryAfter(429, "Wed, 01 Jan 2025 00:02:00 GMT"), "submit", null, null, CLOCK);

        // then
        assertThat(e).isInstanceOfSatisfying(RateLimitedException.class,
                r -> assertThat(r.retryAfter()).contains(Duration.ofMinutes(2)));
    }

    @Test
    @DisplayName("a 429 without Retry-After has no retry delay")
    void rateLimitedWithoutRetryAfter() {
        assertThat(classify(429)).isInstanceOfSatisfying(RateLimitedException.class,
                r -> assertThat(r.retryAfter()).isEmpty());
    }

    @Test
    @DisplayName("a 503 carries Retry-After and says no task was created")
    void unavailableRetryAfter() {
        // when
        MjException e = HttpErrors.classify(withRetryAfter(503, "10"), "submit", null, null, CLOCK);

        // then
        assertThat(e).isInstanceOfSatisfying(ProviderUnavailableException.class, u -> {
            assertThat(u.retryAfter()).contains(Duration.ofSeconds(10));
            assertThat(u.mayHaveCreatedTask()).isFalse();
        });
    }
}
