package io.mj4j.provider.kolersky;

import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.TaskRef;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("Kolersky error replies")
class ErrorMappingTest extends WireMockTestBase {

    private MjException submitFails() {
        Throwable t = catchThrowable(() -> provider().submit(root(Action.Imagine.of("a lighthouse at dusk"))));
        assertThat(t).isInstanceOf(MjException.class);
        assertThat(t.getMessage()).doesNotContain(KEY);
        return (MjException) t;
    }

    @Test
    @DisplayName("403 'Insufficient requests' is an InsufficientBalanceException, not an authentication error (§7)")
    void outOfRequests() {
        postReplies("generate", json(403, Fixtures.load("err-insufficient-requests")));
        MjException e = submitFails();
        assertThat(e).isInstanceOf(InsufficientBalanceException.class)
                .hasMessageContaining("Insufficient requests").hasMessageContaining("0 requests remaining");
        assertThat(e.httpStatus()).hasValue(403);
        assertThat(e.vendorCode()).hasValue("Insufficient requests");
        assertThat(e.mayHaveCreatedTask()).isFalse();
    }

    @Test
    @DisplayName("any other 403 is an AuthenticationException")
    void forbidden() {
        postReplies("generate", json(403, "{\"err\":\"Forbidden\",\"code\":403,\"message\":\"Token revoked\"}"));
        assertThat(submitFails()).isInstanceOf(AuthenticationException.class).hasMessageContaining("Token revoked");
    }

    @Test
    @DisplayName("401 is an AuthenticationException")
    void unauthorized() {
        postReplies("generate", json(401, Fixtures.load("err-unauthorized")));
        assertThat(submitFails()).isInstanceOf(AuthenticationException.class);
    }

    @Test
    @DisplayName("400 'Invalid parameters' is an InvalidRequestException with the vendor's message")
    void invalid() {
        postReplies("generate", json(400, Fixtures.load("err-invalid-parameters")));
        MjException e = submitFails();
        assertThat(e).isInstanceOf(InvalidRequestException.class).hasMessageContaining("prompt is required");
        assertThat(e.vendorCode()).hasValue("Invalid parameters");
    }

    @Test
    @DisplayName("a 400 worded like moderation is a ContentRejectedException")
    void moderation() {
        postReplies("generate", json(400, "{\"err\":\"Invalid parameters\",\"code\":400,\"message\":\"Banned prompt detected\"}"));
        assertThat(submitFails()).isInstanceOf(ContentRejectedException.class);
    }

    @Test
    @DisplayName("429 is a RateLimitedException carrying Retry-After, not created")
    void rateLimited() {
        postReplies("generate", json(429, Fixtures.load("err-too-many-requests")).withHeader("Retry-After", "12"));
        MjException e = submitFails();
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitedException) e).retryAfter()).hasValue(Duration.ofSeconds(12));
        assertThat(e.mayHaveCreatedTask()).isFalse();
    }

    @Test
    @DisplayName("503 is unavailable and not accepted; 500 is unavailable and may have created the job")
    void serverErrors() {
        postReplies("generate", json(503, "{\"err\":\"Service unavailable\",\"code\":503}"));
        MjException e503 = submitFails();
        assertThat(e503).isInstanceOf(ProviderUnavailableException.class);
        assertThat(e503.mayHaveCreatedTask()).isFalse();
        server.resetAll();
        postReplies("generate", json(500, Fixtures.load("err-internal")));
        MjException e500 = submitFails();
        assertThat(e500).isInstanceOf(ProviderUnavailableException.class);
        assertThat(e500.mayHaveCreatedTask()).isTrue();
        assertThat(e500.retryable()).isTrue();
    }

    @Test
    @DisplayName("a 502 HTML page is unavailable, quoting a truncated body")
    void htmlError() {
        postReplies("generate", json(502, "<html><body>" + "Bad gateway ".repeat(100) + "</body></html>"));
        MjException e = submitFails();
        assertThat(e).isInstanceOf(ProviderUnavailableException.class);
        assertThat(e.getMessage().length()).isLessThan(600);
    }

    @Test
    @DisplayName("an error envelope inside HTTP 200 is classified by its body code (§7: the code mirrors the status)")
    void envelopeIn200() {
        postReplies("generate", json(200, Fixtures.load("err-insufficient-requests")));
        MjException e = submitFails();
        assertThat(e).isInstanceOf(InsufficientBalanceException.class);
        assertThat(e.httpStatus()).hasValue(403);
    }

    @Test
    @DisplayName("a vendor body echoing the API key is redacted in the message")
    void redacted() {
        postReplies("generate", json(401, "{\"err\":\"Unauthorized\",\"code\":401,\"message\":\"bad token " + KEY + "\"}"));
        assertThat(submitFails().getMessage()).contains("****").doesNotContain(KEY);
    }

    @Test
    @DisplayName("an accepted reply without requestId is a ProviderProtocolException that may have created a job")
    void acceptedWithoutId() {
        postReplies("generate", json(200, "{\"status\":\"accepted\",\"code\":200}"));
        MjException e = submitFails();
        assertThat(e).isInstanceOf(ProviderProtocolException.class).hasMessageContaining("requestId");
        assertThat(e.mayHaveCreatedTask()).isTrue();
    }

    @Test
    @DisplayName("a status poll answered 404 is an InvalidRequestException")
    void unknownJob() {
        wm.register(com.github.tomakehurst.wiremock.client.WireMock.get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/status"))
                .willReturn(json(404, "{\"err\":\"Not found\",\"code\":404,\"message\":\"Request not found\"}")));
        assertThat(catchThrowable(() -> provider().fetch(TaskRef.of("nope", ActionKind.IMAGINE))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Request not found");
    }
}
