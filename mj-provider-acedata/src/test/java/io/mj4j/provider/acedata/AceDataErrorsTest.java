package io.mj4j.provider.acedata;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.TransportException;
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.mj4j.provider.acedata.AceDataStubs.json;
import static io.mj4j.provider.acedata.AceDataStubs.retrieve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("AceData error replies map to the typed exceptions (acedata.md §7)")
class AceDataErrorsTest extends AceDataWireMockTest {

    private MjException submitAnswered(int status, String body) {
        wm.register(post(urlPathEqualTo("/midjourney/imagine")).willReturn(json(status, body)));
        Throwable t = catchThrowable(() -> provider().submit(new SubmitRequest(ProviderConformanceKit.IMAGINE, Optional.empty(), "ref-1")));
        assertThat(t).isInstanceOf(MjException.class);
        assertThat(t.getMessage()).doesNotContain(KEY);
        return (MjException) t;
    }

    private static String envelope(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"},\"trace_id\":\"tr-1\"}";
    }

    @ParameterizedTest(name = "HTTP {0} {1} is {2}")
    @CsvSource({
            "400, bad_request, InvalidRequestException, false",
            "400, token_mismatched, AuthenticationException, false",
            "400, api_not_implemented, InvalidRequestException, false",
            "401, invalid_token, AuthenticationException, false",
            "403, forbidden, ContentRejectedException, false",
            "403, used_up, InsufficientBalanceException, false",
            "429, too_many_requests, RateLimitedException, false",
            "500, api_error, ProviderUnavailableException, true",
            "500, busy, ProviderUnavailableException, false",
            "504, timeout, ProviderUnavailableException, true",
            "413, content_too_large, InvalidRequestException, false"})
    @DisplayName("each documented error code maps to its exception, with status, code and whether a task may exist")
    void codes(int status, String code, String type, boolean mayHaveCreated) {
        MjException e = submitAnswered(status, envelope(code, "vendor says " + code));
        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e.httpStatus()).hasValue(status);
        assertThat(e.vendorCode()).hasValue(code);
        assertThat(e.mayHaveCreatedTask()).isEqualTo(mayHaveCreated);
        assertThat(e.getMessage()).contains("vendor says " + code);
    }

    @Test
    @DisplayName("a 429 carries the Retry-After the vendor sent")
    void retryAfter() {
        wm.register(post(urlPathEqualTo("/midjourney/imagine")).willReturn(json(429, envelope("too_many_requests", "slow down"))
                .withHeader("Retry-After", "12")));
        Throwable t = catchThrowable(() -> provider().submit(new SubmitRequest(ProviderConformanceKit.IMAGINE, Optional.empty(), "r")));
        assertThat(t).isInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitedException) t).retryAfter()).hasValue(Duration.ofSeconds(12));
    }

    @Test
    @DisplayName("a 402 (the x402 pay-per-call answer) is an AuthenticationException, unless its code says used_up")
    void paymentRequired() {
        assertThat(submitAnswered(402, "{\"x402Version\":1,\"accepts\":[]}")).isInstanceOf(AuthenticationException.class);
        server.resetAll();
        assertThat(submitAnswered(402, envelope("used_up", "no credit"))).isInstanceOf(InsufficientBalanceException.class);
    }

    @Test
    @DisplayName("a bad_request about moderation is a ContentRejectedException")
    void badRequestModeration() {
        assertThat(submitAnswered(400, envelope("bad_request", "Banned prompt detected: gore")))
                .isInstanceOf(ContentRejectedException.class);
    }

    @Test
    @DisplayName("a reply without the envelope falls back on the HTTP status")
    void fallback() {
        assertThat(submitAnswered(502, "<html>Bad gateway</html>")).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("Bad gateway");
        server.resetAll();
        MjException e = submitAnswered(503, "");
        assertThat(e).isInstanceOf(ProviderUnavailableException.class);
        assertThat(e.mayHaveCreatedTask()).isFalse();
        server.resetAll();
        assertThat(submitAnswered(401, "unauthorized")).isInstanceOf(AuthenticationException.class);
    }

    @Test
    @DisplayName("a 200 submit reply with success false and an error, but no task_id, is mapped by its code")
    void okWithError() {
        assertThat(submitAnswered(200, "{\"success\":false," + envelope("forbidden", "moderated").substring(1)))
                .isInstanceOf(ContentRejectedException.class);
    }

    @Test
    @DisplayName("a 200 submit reply without task_id is a ProviderProtocolException that may have created a task")
    void okWithoutTaskId() {
        MjException e = submitAnswered(200, "{\"trace_id\":\"x\"}");
        assertThat(e).isInstanceOf(ProviderProtocolException.class);
        assertThat(e.mayHaveCreatedTask()).isTrue();
    }

    @Test
    @DisplayName("a fetch answered with an error envelope maps the same way")
    void fetchErrors() {
        wm.register(retrieve("t-1").willReturn(json(401, envelope("invalid_token", "nope"))));
        assertThat(catchThrowable(() -> fetch("t-1", ActionKind.IMAGINE))).isInstanceOf(AuthenticationException.class);
        server.resetAll();
        wm.register(retrieve("t-1").willReturn(json(200, envelope("bad_request", "id is invalid"))));
        assertThat(catchThrowable(() -> fetch("t-1", ActionKind.IMAGINE))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    @DisplayName("the key never appears in an exception, even when the vendor echoes it")
    void keyMasked() {
        MjException e = submitAnswered(401, envelope("invalid_token", "token " + KEY + " is invalid"));
        assertThat(e.getMessage()).doesNotContain(KEY).contains("****");
        server.resetAll();
        MjException p = submitAnswered(200, "{\"oops\":\"" + KEY + "\"");
        assertThat(p.getMessage()).doesNotContain(KEY);
    }

    @Test
    @DisplayName("a TransportException from the transport propagates unchanged")
    void transportPropagates() {
        TransportException boom = new TransportException("reset", null, TransportException.Delivery.MAYBE_SENT);
        MjProvider p = new AceDataProviderFactory().create(new ProviderContext("acedata", URI.create("https://api.acedata.cloud"),
                Credentials.apiKey(KEY), call -> { throw boom; }, CLOCK, Optional.empty(), Map.of()));
        assertThat(catchThrowable(() -> p.submit(new SubmitRequest(ProviderConformanceKit.IMAGINE, Optional.empty(), "r")))).isSameAs(boom);
        assertThat(catchThrowable(() -> p.fetch(TaskRef.of("t", ActionKind.IMAGINE)))).isSameAs(boom);
    }

    @Test
    @DisplayName("a provider without a key fails with an AuthenticationException before sending")
    void noKey() {
        MjProvider p = new AceDataProviderFactory().create(new ProviderContext("acedata", URI.create(server.baseUrl()),
                Credentials.none(), call -> HttpReply.of(200, "{}"), CLOCK, Optional.empty(), Map.of()));
        assertThat(catchThrowable(() -> p.fetch(TaskRef.of("t", ActionKind.IMAGINE)))).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("MJ_ACEDATA_API_KEY");
    }
}
