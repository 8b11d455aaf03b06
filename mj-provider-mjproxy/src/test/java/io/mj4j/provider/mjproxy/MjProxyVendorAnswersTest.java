package io.mj4j.provider.mjproxy;

import io.mj4j.provider.mjproxy.internal.VendorTexts;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskNotFoundException;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Vendor replies documented by the vendors (mjproxy.md §4, §5.9, §10, §12) that issue 16 found mishandled. */
@DisplayName("mjproxy vendor answers")
class MjProxyVendorAnswersTest extends VendorServer {

    private static TaskSnapshot parent(Map<String, String> state) {
        TaskSnapshot.Builder b = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("p1");
        state.forEach(b::vendorState);
        return b.build();
    }

    @Test
    @DisplayName("new-api's HTTP 400 code 4 'task_no_found' on fetch is 'not found' (TaskNotFoundException), not a bad request")
    void newApiTaskNoFound() {
        wm.register(get(urlEqualTo("/mj/task/42/fetch")).willReturn(MjProxyStubs.json(400,
                "{\"description\":\"task_no_found \",\"type\":\"upstream_error\",\"code\":4}")));
        TaskNotFoundException e = catchThrowableOfType(() -> provider(Map.of("lineage", "newapi")).fetch(TaskRef.of("42", ActionKind.IMAGINE)),
                TaskNotFoundException.class);
        assertThat(e.getMessage()).contains("task_no_found").contains("GET", "42");
        assertThat(e.httpStatus()).hasValue(400);
    }

    @Test
    @DisplayName("an empty 200 and trueai's 204 on fetch are 'not found'")
    void emptyAndNoContent() {
        wm.register(get(urlEqualTo("/mj/task/43/fetch")).willReturn(MjProxyStubs.json(200, "")));
        wm.register(get(urlEqualTo("/mj/task/44/fetch")).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(204)));
        MjProvider p = provider();
        assertThat(catchThrowableOfType(() -> p.fetch(TaskRef.of("43", ActionKind.IMAGINE)), TaskNotFoundException.class)).isNotNull();
        assertThat(catchThrowableOfType(() -> p.fetch(TaskRef.of("44", ActionKind.IMAGINE)), TaskNotFoundException.class)).isNotNull();
    }

    @Test
    @DisplayName("a 400 that is not about the task (new-api quota) stays what it was")
    void otherFourHundredsStay() {
        wm.register(get(urlEqualTo("/mj/task/45/fetch")).willReturn(MjProxyStubs.json(400,
                "{\"description\":\"quota_not_enough\",\"type\":\"upstream_error\",\"code\":4}")));
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> provider().fetch(TaskRef.of("45", ActionKind.IMAGINE)));
        assertThat(t).isNotInstanceOf(TaskNotFoundException.class);
    }

    @Test
    @DisplayName("OSS code 21 'existed' with properties.status SUCCESS and imageUrl: the receipt carries the finished snapshot")
    void existedWithResult() {
        wm.register(post(urlEqualTo("/mj/submit/change")).willReturn(MjProxyStubs.json(200,
                "{\"code\":21,\"description\":\"任务已存在\",\"result\":\"1730621901234567\",\"properties\":{\"status\":\"SUCCESS\","
                        + "\"imageUrl\":\"https://cdn.discordapp.com/attachments/1/2/fox_u2.png\"}}")));
        SubmitReceipt r = provider(Map.of("lineage", "oss")).submit(new SubmitRequest(new Action.Upscale(2),
                Optional.of(parent(Map.of())), "ref-21"));
        assertThat(r.vendorTaskId()).isEqualTo("1730621901234567");
        TaskSnapshot s = r.snapshot().orElseThrow();
        assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(s.result().orElseThrow().primaryImage()).hasValue(URI.create("https://cdn.discordapp.com/attachments/1/2/fox_u2.png"));
        assertThat(requests()).hasSize(1);
    }

    @Test
    @DisplayName("code 3 on a follow-up naming the account (not the parent) is 'unavailable, nothing created', saying so")
    void code3NoAccountOnFollowUp() {
        wm.register(post(urlEqualTo("/mj/submit/action")).willReturn(MjProxyStubs.json(200,
                "{\"code\":3,\"description\":\"无可用的账号实例\",\"result\":null}")));
        ProviderUnavailableException e = catchThrowableOfType(() -> provider().submit(new SubmitRequest(new Action.Upscale(1),
                Optional.of(parent(Map.of("customId:UPSCALE:1", "MJ::JOB::upsample::1::abc"))), "ref-3")), ProviderUnavailableException.class);
        assertThat(e.getMessage()).contains("the parent task exists, but the server has no account").contains("English: no account");
        assertThat(e.mayHaveCreatedTask()).isFalse();
    }

    @Test
    @DisplayName("trueai's 404 with a code-3 body on /submit/action is the vendor saying 'parent missing', not a missing endpoint")
    void trueai404IsAnAnswer() {
        wm.register(post(urlEqualTo("/mj/submit/action")).willReturn(MjProxyStubs.json(404,
                "{\"code\":3,\"description\":\"关联任务不存在或已失效\",\"result\":null}")));
        MjProvider p = provider();
        InvalidRequestException e = catchThrowableOfType(() -> p.submit(new SubmitRequest(new Action.Upscale(1),
                Optional.of(parent(Map.of("customId:UPSCALE:1", "MJ::JOB::upsample::1::abc"))), "ref-4")), InvalidRequestException.class);
        assertThat(e.getMessage()).contains("the parent task is missing");
        assertThat(requests()).as("no switch to /submit/change").hasSize(1);
        assertThat(((MjProxyProvider) p).lineage()).startsWith("plus surface (detected");
    }

    @Test
    @DisplayName("a zoom with a prompt: Custom Zoom's modal carries that prompt (with --zoom) instead of the parent's")
    void customZoomPrompt() {
        wm.register(post(urlEqualTo("/mj/submit/action")).willReturn(MjProxyStubs.json(200,
                "{\"code\":21,\"description\":\"Waiting for window confirm\",\"result\":\"m1\",\"properties\":{\"finalPrompt\":\"a fox\"}}")));
        wm.register(post(urlEqualTo("/mj/submit/modal")).willReturn(MjProxyStubs.json(200, "{\"code\":1,\"result\":\"m1\"}")));
        provider().submit(new SubmitRequest(Action.Zoom.out(1.3).withPrompt("a fox in a wide meadow"),
                Optional.of(parent(Map.of("customId:ZOOM:custom", "MJ::CustomZoom::abc", "prompt", "a fox --ar 3:2"))), "ref-5"));
        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/modal"))
                .withRequestBody(matchingJsonPath("$.prompt", equalTo("a fox in a wide meadow --zoom 1.3"))));
    }

    @Test
    @DisplayName("a 2x zoom with a prompt goes through remix: enableRemix on the action, the prompt in the modal step")
    void fixedZoomPrompt() {
        wm.register(post(urlEqualTo("/mj/submit/action")).willReturn(MjProxyStubs.json(200,
                "{\"code\":21,\"description\":\"Waiting for window confirm\",\"result\":\"m2\",\"properties\":{\"remix\":true}}")));
        wm.register(post(urlEqualTo("/mj/submit/modal")).willReturn(MjProxyStubs.json(200, "{\"code\":1,\"result\":\"m2\"}")));
        provider().submit(new SubmitRequest(Action.Zoom.out(2).withPrompt("a wider bay"),
                Optional.of(parent(Map.of("customId:ZOOM:2x", "MJ::Outpaint::50::1::abc::SOLO"))), "ref-6"));
        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/action")).withRequestBody(matchingJsonPath("$.enableRemix", equalTo("true"))));
        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/modal")).withRequestBody(matchingJsonPath("$.prompt", equalTo("a wider bay"))));
    }

    @Test
    @DisplayName("a fetched SUCCESS task without buttons (OSS v2 §3.2) switches an undetected instance to /submit/change and U/V/R offers")
    void buttonlessTaskMeansOss() {
        wm.register(get(urlEqualTo("/mj/task/t1/fetch")).willReturn(MjProxyStubs.json(200,
                "{\"id\":\"t1\",\"action\":\"IMAGINE\",\"status\":\"SUCCESS\",\"progress\":\"100%\","
                        + "\"imageUrl\":\"https://cdn.example/g.png\",\"properties\":{\"messageHash\":\"abc\"}}")));
        MjProxyProvider p = (MjProxyProvider) provider();
        TaskSnapshot s = p.fetch(TaskRef.of("t1", ActionKind.IMAGINE));
        assertThat(s.followUps()).contains(io.mj4j.spi.FollowUp.upscale(1), io.mj4j.spi.FollowUp.variation(4),
                io.mj4j.spi.FollowUp.of(ActionKind.REROLL)).doesNotContain(io.mj4j.spi.FollowUp.of(ActionKind.SEED));
        assertThat(p.lineage()).startsWith("oss (detected: a finished task object without buttons");
    }

    @Test
    @DisplayName("known Chinese texts get an English gloss beside the original; unknown ones stay as they are")
    void glosses() {
        assertThat(VendorTexts.gloss("排队中，前面还有2个任务")).isEqualTo("排队中，前面还有2个任务 (English: queued, 2 tasks ahead)");
        assertThat(VendorTexts.gloss("队列已满，请稍后尝试")).contains("English: the queue is full");
        assertThat(VendorTexts.gloss("关联任务状态错误")).contains("not finished");
        assertThat(VendorTexts.gloss("something else")).isEqualTo("something else");
    }
}
