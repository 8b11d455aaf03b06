package io.mj4j.provider.mjproxy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.TransportException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("mjproxy error shapes")
class MjProxyErrorMappingTest extends VendorServer {

    private MjException imagineFails(ResponseDefinitionBuilder reply) {
        wm.register(post(urlEqualTo("/mj/submit/imagine")).willReturn(reply));
        Throwable t = catchThrowable(() -> provider().submit(new SubmitRequest(Action.Imagine.of("a cat"), Optional.empty(), "ref-1")));
        assertThat(t).isInstanceOf(MjException.class);
        assertThat(t.getMessage()).doesNotContain(KEY);
        assertThat(requests()).hasSize(1);
        return (MjException) t;
    }

    private MjException upscaleFails(ResponseDefinitionBuilder reply) {
        wm.register(post(urlEqualTo("/mj/submit/action")).willReturn(reply));
        TaskSnapshot parent = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("p1")
                .vendorState("customId:UPSCALE:1", "MJ::JOB::upsample::1::abc").build();
        Throwable t = catchThrowable(() -> provider().submit(new SubmitRequest(new Action.Upscale(1), Optional.of(parent), "ref-2")));
        assertThat(t).isInstanceOf(MjException.class);
        return (MjException) t;
    }

    private static ResponseDefinitionBuilder body(int status, String json) {
        return MjProxyStubs.json(status, json);
    }

    @Test
    @DisplayName("HTTP 401 with an empty body (OSS/Plus) is an AuthenticationException with the status")
    void unauthorizedEmpty() {
        MjException e = imagineFails(aResponse().withStatus(401));
        assertThat(e).isInstanceOf(AuthenticationException.class);
        assertThat(e.httpStatus()).hasValue(401);
        assertThat(e.mayHaveCreatedTask()).isFalse();
    }

    @Test
    @DisplayName("trueai's plain-text 401/403 and new-api's OpenAI-style 401 are AuthenticationExceptions")
    void unauthorizedShapes() {
        assertThat(imagineFails(aResponse().withStatus(403).withBody("User unavailable."))).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("User unavailable.");
        server.resetAll();
        assertThat(imagineFails(body(401, "{\"error\":{\"message\":\"无效的令牌\",\"type\":\"new_api_error\"}}")))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("无效的令牌");
    }

    @Test
    @DisplayName("HTTP 429 is a RateLimitedException with the vendor's Retry-After and no task created")
    void rateLimited() {
        MjException e = imagineFails(body(429, Fixtures.withId("error-overloaded.json", "")).withHeader("Retry-After", "12"));
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitedException) e).retryAfter()).hasValue(Duration.ofSeconds(12));
        assertThat(e.mayHaveCreatedTask()).isFalse();
        assertThat(e.vendorCode()).hasValue("30");
    }

    @Test
    @DisplayName("code 23 (queue full, OSS/Plus) is a RateLimitedException, and its 'result' id is ignored")
    void queueRejected() {
        MjException e = imagineFails(body(200, "{\"code\":23,\"description\":\"队列已满，请稍后尝试\",\"result\":\"1730621826053455\"}"));
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.mayHaveCreatedTask()).isFalse();
        assertThat(e.httpStatus()).hasValue(200);
    }

    @Test
    @DisplayName("code 9 is a RateLimitedException when trueai says its queue is full, else 'unavailable, no task'")
    void code9() {
        assertThat(imagineFails(body(200, "{\"code\":9,\"description\":\"提交失败，队列已满，请稍后重试\"}")))
                .isInstanceOf(RateLimitedException.class);
        server.resetAll();
        MjException other = imagineFails(body(200, "{\"code\":9,\"description\":\"发送失败\"}"));
        assertThat(other).isExactlyInstanceOf(ProviderUnavailableException.class);
        assertThat(other.mayHaveCreatedTask()).isFalse();
        assertThat(other.retryable()).isTrue();
    }

    @Test
    @DisplayName("code 3 on a root submit means no account is available: retryable, no task")
    void code3OnRoot() {
        MjException e = imagineFails(body(200, "{\"code\":3,\"description\":\"无可用的账号实例\"}"));
        assertThat(e).isExactlyInstanceOf(ProviderUnavailableException.class);
        assertThat(e.mayHaveCreatedTask()).isFalse();
        assertThat(e.retryable()).isTrue();
    }

    @Test
    @DisplayName("code 3 on a follow-up (200, or trueai's 404) means the parent is unknown: an InvalidRequestException")
    void code3OnFollowUp() {
        assertThat(upscaleFails(body(200, "{\"code\":3,\"description\":\"关联任务不存在或已失效\"}"))).isInstanceOf(InvalidRequestException.class);
        server.resetAll();
        MjException e = upscaleFails(body(404, "{\"code\":3,\"description\":\"关联任务不存在或已失效\"}"));
        assertThat(e).isInstanceOf(InvalidRequestException.class);
        assertThat(e.httpStatus()).hasValue(404);
        assertThat(e.vendorCode()).hasValue("3");
    }

    @Test
    @DisplayName("code 4 is an InvalidRequestException carrying the vendor's words")
    void code4() {
        MjException e = imagineFails(body(200, Fixtures.withId("submit-invalid.json", "")));
        assertThat(e).isInstanceOf(InvalidRequestException.class).hasMessageContaining("base64格式错误");
        assertThat(e.vendorCode()).hasValue("4");
    }

    @Test
    @DisplayName("code 24 is a ContentRejectedException naming the banned word")
    void code24() {
        MjException e = imagineFails(body(200, Fixtures.withId("submit-banned.json", "")));
        assertThat(e).isInstanceOf(ContentRejectedException.class).hasMessageContaining("banned word: fox");
    }

    @Test
    @DisplayName("new-api's 400 quota_not_enough is an InsufficientBalanceException")
    void quota() {
        MjException e = imagineFails(body(400, Fixtures.withId("error-quota.json", "")));
        assertThat(e).isInstanceOf(InsufficientBalanceException.class);
        assertThat(e.httpStatus()).hasValue(400);
    }

    @Test
    @DisplayName("new-api's 400 for a follow-up on an unfinished parent is an InvalidRequestException")
    void newApiParentNotSuccess() {
        assertThat(upscaleFails(body(400, "{\"description\":\"task_status_not_success \",\"type\":\"upstream_error\",\"code\":4}")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("task_status_not_success");
    }

    @Test
    @DisplayName("trueai's {success:false, code:-1} limits map by their words: concurrency, quota, else invalid")
    void trueaiResult() {
        assertThat(upscaleFails(body(200, "{\"success\":false,\"code\":-1,\"message\":\"当前并发数已达上限\",\"timestamp\":\"1\"}")))
                .isInstanceOf(RateLimitedException.class);
        server.resetAll();
        assertThat(upscaleFails(body(200, "{\"success\":false,\"code\":-1,\"message\":\"今日绘图次数已用完\",\"timestamp\":\"1\"}")))
                .isInstanceOf(InsufficientBalanceException.class);
        server.resetAll();
        assertThat(upscaleFails(body(200, "{\"success\":false,\"code\":-1,\"message\":\"state 超过 255\",\"timestamp\":\"1\"}")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    @DisplayName("a 500 may have created the task; a 503 did not")
    void serverErrors() {
        MjException e500 = imagineFails(body(500, Fixtures.withId("error-spring-500.json", "")));
        assertThat(e500).isInstanceOf(ProviderUnavailableException.class);
        assertThat(e500.mayHaveCreatedTask()).isTrue();
        server.resetAll();
        MjException e503 = imagineFails(aResponse().withStatus(503).withHeader("Retry-After", "5"));
        assertThat(e503.mayHaveCreatedTask()).isFalse();
        assertThat(((ProviderUnavailableException) e503).retryAfter()).hasValue(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("code 5 (new-api relay error) may have created the task upstream")
    void code5() {
        MjException e = imagineFails(body(200, "{\"code\":5,\"description\":\"unknown error\"}"));
        assertThat(e).isInstanceOf(ProviderUnavailableException.class);
        assertThat(e.mayHaveCreatedTask()).isTrue();
    }

    @Test
    @DisplayName("an unknown non-success code in a 200 reply is 'unavailable, no task' (§4: no task exists)")
    void unknownCode() {
        MjException e = imagineFails(body(200, "{\"code\":77,\"description\":\"something new\",\"result\":\"123\"}"));
        assertThat(e).isExactlyInstanceOf(ProviderUnavailableException.class);
        assertThat(e.mayHaveCreatedTask()).isFalse();
        assertThat(e.vendorCode()).hasValue("77");
    }

    @Test
    @DisplayName("an accepted code without a task id, a non-JSON 200 and a reply without 'code' are protocol errors that may have created a task")
    void protocolErrors() {
        for (String reply : new String[] {"{\"code\":1,\"description\":\"Submit success\"}", "<html>gateway</html>", "{\"ok\":true}"}) {
            server.resetAll();
            MjException e = imagineFails(body(200, reply));
            assertThat(e).isInstanceOf(ProviderProtocolException.class);
            assertThat(e.mayHaveCreatedTask()).isTrue();
        }
    }

    @Test
    @DisplayName("a key echoed back by a server is scrubbed from the exception message")
    void keyScrubbed() {
        MjException e = imagineFails(body(400, "{\"code\":4,\"description\":\"bad token " + KEY + "\"}"));
        assertThat(e.getMessage()).doesNotContain(KEY).contains("****");
    }

    @Test
    @DisplayName("a long vendor body is truncated in the message")
    void truncated() {
        MjException e = imagineFails(body(200, "{\"code\":4,\"description\":\"" + "x".repeat(5000) + "\"}"));
        assertThat(e.getMessage().length()).isLessThan(600);
    }

    @Test
    @DisplayName("a transport failure propagates unchanged (connection refused: not sent)")
    void transportPropagates() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MjProvider p = new MjProxyProviderFactory().create(new ProviderContext("mjproxy", URI.create("http://127.0.0.1:" + port),
                Credentials.apiKey(KEY), io.mj4j.core.JdkTransport.builder().connectTimeout(Duration.ofSeconds(2)).build(), CLOCK,
                Optional.empty(), Map.of()));
        Throwable t = catchThrowable(() -> p.fetch(io.mj4j.spi.TaskRef.of("t1", ActionKind.IMAGINE)));
        assertThat(t).isInstanceOf(TransportException.class);
        assertThat(((TransportException) t).delivery()).isEqualTo(TransportException.Delivery.NOT_SENT);
    }
}
