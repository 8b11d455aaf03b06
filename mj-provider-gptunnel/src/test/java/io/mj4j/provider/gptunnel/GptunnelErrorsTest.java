package io.mj4j.provider.gptunnel;

import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TransportException;
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.mj4j.provider.gptunnel.GptunnelStubs.create;
import static io.mj4j.provider.gptunnel.GptunnelStubs.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("GPTunnel error replies map to typed exceptions (gptunnel.md §7)")
class GptunnelErrorsTest extends GptunnelWireMockTest {
    private static final SubmitRequest IMAGINE = new SubmitRequest(ProviderConformanceKit.IMAGINE, Optional.empty(), "ref-1");

    private static MjException submitFailsWith(int status, String fixture) {
        wm().register(create("imagine").willReturn(error(status, fixture)));
        return submitError();
    }

    private static MjException submitError() {
        Throwable t = catchThrowable(() -> provider().submit(IMAGINE));
        assertThat(t).isInstanceOf(MjException.class);
        assertThat(t.getMessage()).doesNotContain(KEY);
        return (MjException) t;
    }

    @Test
    @DisplayName("the documented 401 body, which is not valid JSON, is an AuthenticationException with the vendor's words")
    void unauthorizedWithTrailingComma() {
        MjException e = submitFailsWith(401, "error-unauthorized.txt");
        assertThat(e).isInstanceOf(AuthenticationException.class).hasMessageContaining("Unauthorized");
        assertThat(e.httpStatus()).hasValue(401);
        assertThat(e.vendorCode()).hasValue("unauthorized_request_error");
        assertThat(e.mayHaveCreatedTask()).isFalse();
    }

    @Test
    @DisplayName("a 401 whose body is not JSON at all is still an AuthenticationException: the status decides")
    void unauthorizedGarbage() {
        wm().register(create("imagine").willReturn(aResponse().withStatus(401).withBody("Unauthorized!!")));
        assertThat(submitError()).isInstanceOf(AuthenticationException.class);
    }

    @Test
    @DisplayName("402 insufficient_balance_error is an InsufficientBalanceException quoting the vendor")
    void insufficientBalance() {
        MjException e = submitFailsWith(402, "error-insufficient-balance.json");
        assertThat(e).isInstanceOf(InsufficientBalanceException.class).hasMessageContaining("Organization balance is too low");
        assertThat(e.vendorCode()).hasValue("insufficient_balance_error");
    }

    @Test
    @DisplayName("the vendor's type word beats a mismatching 4xx status")
    void typeWordFirst() {
        MjException e = submitFailsWith(400, "error-insufficient-balance.json");
        assertThat(e).isInstanceOf(InsufficientBalanceException.class);
        assertThat(e.httpStatus()).hasValue(400);
    }

    @Test
    @DisplayName("400 invalid_request_error is an InvalidRequestException naming the missing property")
    void invalidRequest() {
        MjException e = submitFailsWith(400, "error-invalid-prompt.json");
        assertThat(e).isInstanceOf(InvalidRequestException.class).hasMessageContaining("'prompt' is a required property");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    @DisplayName("429 is a RateLimitedException carrying Retry-After, whatever the body says")
    void rateLimited() {
        wm().register(create("imagine").willReturn(error(429, "error-invalid-prompt.json").withHeader("Retry-After", "7")));
        MjException e = submitError();
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitedException) e).retryAfter()).hasValue(Duration.ofSeconds(7));
        assertThat(e.mayHaveCreatedTask()).isFalse();
    }

    @Test
    @DisplayName("503 is unavailable and did not create a task; 500 is unavailable and may have")
    void serverErrors() {
        wm().register(create("imagine").willReturn(aResponse().withStatus(503)));
        MjException e503 = submitError();
        assertThat(e503).isInstanceOf(ProviderUnavailableException.class);
        assertThat(e503.mayHaveCreatedTask()).isFalse();
        VENDOR.resetAll();
        wm().register(create("imagine").willReturn(aResponse().withStatus(500).withBody("oops")));
        MjException e500 = submitError();
        assertThat(e500).isInstanceOf(ProviderUnavailableException.class);
        assertThat(e500.mayHaveCreatedTask()).isTrue();
        assertThat(e500.retryable()).isTrue();
    }

    @Test
    @DisplayName("a huge error page is truncated in the message")
    void truncated() {
        wm().register(create("imagine").willReturn(aResponse().withStatus(502).withBody("<html>" + "x".repeat(5000) + "</html>")));
        assertThat(submitError().getMessage()).hasSizeLessThan(600).contains("...");
    }

    @Test
    @DisplayName("a vendor body echoing the API key is masked in the message")
    void keyMasked() {
        wm().register(create("imagine").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\": {\"message\": \"bad key " + KEY + "\", \"type\": \"unauthorized_request_error\"}}")));
        assertThat(submitError()).isInstanceOf(AuthenticationException.class).hasMessageContaining("bad key ****");
    }

    @Test
    @DisplayName("a TransportException from the transport propagates unchanged")
    void transportPassesThrough() {
        TransportException boom = new TransportException("reset", null, TransportException.Delivery.MAYBE_SENT);
        Throwable t = catchThrowable(() -> provider(call -> { throw boom; }, Credentials.apiKey(KEY), Map.of()).submit(IMAGINE));
        assertThat(t).isSameAs(boom);
    }
}
