package io.mj4j.provider.kolersky;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Balance;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("Kolersky cancel, balance and callbacks")
class AccountAndCallbackTest extends WireMockTestBase {

    private void cancelReplies(String id, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        wm.register(delete(urlEqualTo("/v1/midjourney/cancel")).withHeader("Authorization", equalTo(AUTH))
                .withRequestBody(equalToJson("{\"requestId\":\"" + id + "\"}")).willReturn(response));
    }

    @Test
    @DisplayName("cancel is a DELETE carrying a JSON body (§2.9) and ends the task CANCELLED")
    void cancel() {
        cancelReplies("job-1", okJson("{\"requestId\":\"job-1\",\"status\":\"cancelled\",\"code\":200}"));
        TaskSnapshot s = provider().cancel(TaskRef.of("job-1", ActionKind.IMAGINE));
        assertThat(s.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(s.failure().orElseThrow().category()).isEqualTo(FailureCategory.CANCELLED);
        assertThat(requests()).hasSize(1);
    }

    @Test
    @DisplayName("a cancel answered 200 with an empty body still means cancelled (the reply is undocumented)")
    void cancelEmptyBody() {
        cancelReplies("job-1", json(200, ""));
        assertThat(provider().cancel(TaskRef.of("job-1", ActionKind.IMAGINE)).status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    @DisplayName("a refused cancel (job already processing) is thrown, not reported as cancelled")
    void cancelRefused() {
        cancelReplies("job-1", json(400, "{\"err\":\"Invalid parameters\",\"code\":400,\"message\":\"Only accepted requests can be cancelled\"}"));
        assertThat(catchThrowable(() -> provider().cancel(TaskRef.of("job-1", ActionKind.IMAGINE))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Only accepted");
    }

    @Test
    @DisplayName("balance is credits.remaining of /v1/usage, in requests")
    void balance() {
        wm.register(get(urlEqualTo("/v1/usage")).withHeader("Authorization", equalTo(AUTH)).willReturn(okJson(Fixtures.load("usage"))));
        assertThat(provider().balance()).isEqualTo(new Balance(BigDecimal.valueOf(75), "requests"));
    }

    @Test
    @DisplayName("a usage reply without credits.remaining is a ProviderProtocolException")
    void balanceMissing() {
        wm.register(get(urlEqualTo("/v1/usage")).willReturn(okJson("{\"userId\":\"u\"}")));
        assertThat(catchThrowable(() -> provider().balance())).isInstanceOf(ProviderProtocolException.class);
    }

    @Test
    @DisplayName("a callback mirroring the status reply parses to a SUCCEEDED grid of that job, without any request")
    void callbackGrid() {
        List<TaskSnapshot> s = provider().parseCallback(Map.of(), Fixtures.load("success-grid", "id", "job-7").getBytes(StandardCharsets.UTF_8));
        assertThat(s).singleElement().satisfies(x -> {
            assertThat(x.vendorTaskId()).hasValue("job-7");
            assertThat(x.status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(x.vendorState()).containsEntry("action.U1", "job-7-u1");
        });
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("a callback wrapped in data, reporting a video, is read too")
    void callbackWrappedVideo() {
        String body = "{\"data\":" + Fixtures.load("success-video", "id", "job-8") + "}";
        List<TaskSnapshot> s = provider().parseCallback(Map.of(), body.getBytes(StandardCharsets.UTF_8));
        assertThat(s).singleElement().satisfies(x -> assertThat(x.result().orElseThrow().videos()).hasSize(2));
    }

    @Test
    @DisplayName("a success callback whose shape does not tell grid from single image is left to polling")
    void callbackAmbiguous() {
        String body = "{\"requestId\":\"job-9\",\"status\":\"success\",\"output\":{\"image_url\":\"https://cdn.kolersky.com/x.png\"}}";
        assertThat(provider().parseCallback(Map.of(), body.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    @DisplayName("an error callback fails the job")
    void callbackError() {
        List<TaskSnapshot> s = provider().parseCallback(Map.of(), Fixtures.load("error", "id", "job-5").getBytes(StandardCharsets.UTF_8));
        assertThat(s).singleElement().satisfies(x -> assertThat(x.status()).isEqualTo(TaskStatus.FAILED));
    }

    @Test
    @DisplayName("a garbage callback is a ProviderProtocolException")
    void callbackGarbage() {
        assertThat(catchThrowable(() -> provider().parseCallback(Map.of(), "<html>".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ProviderProtocolException.class);
    }
}
