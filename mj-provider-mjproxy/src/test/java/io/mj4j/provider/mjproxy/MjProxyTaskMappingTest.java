package io.mj4j.provider.mjproxy;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Dimensions;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("mjproxy task objects")
class MjProxyTaskMappingTest extends VendorServer {

    private void task(String id, String json) {
        wm.register(get(urlEqualTo("/mj/task/" + id + "/fetch")).willReturn(MjProxyStubs.json(200, json)));
    }

    private TaskSnapshot fetchTask(String json, ActionKind kind) {
        task("t1", json);
        return fetch(provider(), "t1", kind);
    }

    @ParameterizedTest(name = "status {0} maps to {1}")
    @CsvSource({"NOT_START, QUEUED", "SUBMITTED, QUEUED", "MODAL, NEEDS_INPUT", "IN_PROGRESS, RUNNING",
            "SUCCESS, SUCCEEDED", "FAILURE, FAILED", "CANCEL, CANCELLED", "in_progress, RUNNING"})
    @DisplayName("every status word of the vendor maps through the one table")
    void statusTable(String word, TaskStatus expected) {
        TaskSnapshot s = fetchTask("{\"id\":\"t1\",\"action\":\"IMAGINE\",\"status\":\"" + word + "\",\"progress\":\"0%\"}", ActionKind.IMAGINE);
        assertThat(s.status()).isEqualTo(expected);
        assertThat(s.vendorStatus()).hasValue(word);
    }

    @ParameterizedTest(name = "status {0}")
    @CsvSource(value = {"'\"\"'", "null"}, quoteCharacter = '\'')
    @DisplayName("an empty or null status (new-api before its first sync) is QUEUED")
    void emptyStatusIsQueued(String value) {
        TaskSnapshot s = fetchTask("{\"id\":\"t1\",\"status\":" + value + ",\"progress\":\"0%\"}", ActionKind.IMAGINE);
        assertThat(s.status()).isEqualTo(TaskStatus.QUEUED);
    }

    @Test
    @DisplayName("an unknown status word is a ProviderProtocolException naming the word")
    void unknownWord() {
        Throwable t = catchThrowable(() -> fetchTask("{\"id\":\"t1\",\"status\":\"PAUSED\"}", ActionKind.IMAGINE));
        assertThat(t).isInstanceOf(ProviderProtocolException.class).hasMessageContaining("PAUSED");
    }

    @Test
    @DisplayName("a JSON object that is no task (no id, no status) is a ProviderProtocolException")
    void notATask() {
        Throwable t = catchThrowable(() -> fetchTask("{\"hello\":\"world\"}", ActionKind.IMAGINE));
        assertThat(t).isInstanceOf(ProviderProtocolException.class);
        assertThat(((MjException) t).retryable()).isTrue();
    }

    @Test
    @DisplayName("an empty 200 (OSS v2) or a 204 (trueai) on fetch says the vendor has no such task")
    void emptyFetchIsNotFound() {
        wm.register(get(urlEqualTo("/mj/task/gone/fetch")).willReturn(aResponse().withStatus(200)));
        wm.register(get(urlEqualTo("/mj/task/gone2/fetch")).willReturn(aResponse().withStatus(204)));
        Throwable oss = catchThrowable(() -> fetch(provider(), "gone", ActionKind.IMAGINE));
        Throwable trueai = catchThrowable(() -> fetch(provider(), "gone2", ActionKind.IMAGINE));
        assertThat(oss).isInstanceOf(InvalidRequestException.class).hasMessageContaining("gone");
        assertThat(((MjException) trueai).httpStatus()).hasValue(204);
        assertThat(((MjException) trueai).vendorCode()).hasValue("not_found");
    }

    @Test
    @DisplayName("new-api's 'task_no_found' on fetch is an InvalidRequestException")
    void newApiNotFound() {
        wm.register(get(urlEqualTo("/mj/task/x/fetch")).willReturn(MjProxyStubs.json(400,
                "{\"description\":\"task_no_found \",\"type\":\"upstream_error\",\"code\":4}")));
        assertThat(catchThrowable(() -> fetch(provider(), "x", ActionKind.IMAGINE))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("task_no_found");
    }

    @Test
    @DisplayName("progress is read from '45%' and a running preview becomes the preview URL")
    void progressAndPreview() {
        TaskSnapshot s = fetchTask(Fixtures.load("task-running.json", java.util.Map.of("id", "t1", "percent", "45")), ActionKind.IMAGINE);
        assertThat(s.progress()).hasValue(45);
        assertThat(s.previewUrl()).hasValue(URI.create("https://cdn.discordapp.com/attachments/1/2/preview.webp"));
        assertThat(s.result()).isEmpty();
    }

    @Test
    @DisplayName("a non-numeric progress token gives no progress instead of an error")
    void progressToken() {
        TaskSnapshot s = fetchTask("{\"id\":\"t1\",\"status\":\"SUBMITTED\",\"progress\":\"Waiting to start\"}", ActionKind.IMAGINE);
        assertThat(s.progress()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "[Banned prompt detected] Sorry! Our AI moderator thinks this prompt is probably against our community standards.|PROMPT_REJECTED",
            "可能包含敏感词|PROMPT_REJECTED",
            "任务超时|TIMEOUT",
            "上游任务超时（超过1小时）|TIMEOUT",
            "取消任务|CANCELLED",
            "[Invalid parameter] Invalid value for --ar|INVALID_REQUEST",
            "[Internal Server Error] something broke|VENDOR_ERROR"})
    @DisplayName("the failReason decides the failure category")
    void failureCategories(String reason, FailureCategory category) {
        TaskSnapshot s = fetchTask("{\"id\":\"t1\",\"status\":\"FAILURE\",\"progress\":\"100%\",\"failReason\":\"" + reason + "\"}",
                ActionKind.IMAGINE);
        assertThat(s.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(s.failure().orElseThrow().category()).isEqualTo(category);
        assertThat(s.failure().orElseThrow().vendorMessage()).isEqualTo(reason);
    }

    @Test
    @DisplayName("a failure without a reason still carries a failure")
    void failureWithoutReason() {
        TaskSnapshot s = fetchTask("{\"id\":\"t1\",\"status\":\"FAILURE\",\"failReason\":null}", ActionKind.IMAGINE);
        assertThat(s.failure().orElseThrow().category()).isEqualTo(FailureCategory.VENDOR_ERROR);
    }

    @Test
    @DisplayName("a grid keeps trueai's four cells, its size and its seed")
    void trueaiGrid() {
        TaskSnapshot s = fetchTask("{\"id\":\"t1\",\"action\":\"IMAGINE\",\"status\":\"SUCCESS\",\"progress\":\"100%\","
                + "\"imageUrl\":\"https://cdn.example/grid.png\",\"width\":2048,\"height\":1152,\"seed\":\"1234567\","
                + "\"imageUrls\":[{\"url\":\"https://cdn.midjourney.com/j/0_0.png\"},{\"url\":\"https://cdn.midjourney.com/j/0_1.png\"},"
                + "{\"url\":\"https://cdn.midjourney.com/j/0_2.png\"},{\"url\":\"https://cdn.midjourney.com/j/0_3.png\"}]}", ActionKind.IMAGINE);
        assertThat(s.result().orElseThrow().grid().orElseThrow().size()).hasValue(new Dimensions(2048, 1152));
        assertThat(s.result().orElseThrow().images()).hasSize(4);
        assertThat(s.result().orElseThrow().seed()).hasValue(1234567L);
    }

    @Test
    @DisplayName("an upscale is a single image, whatever kind the engine asked about")
    void upscaleIsSingleImage() {
        TaskSnapshot s = fetchTask(Fixtures.withId("task-success-upscale.json", "t1"), ActionKind.IMAGINE);
        assertThat(s.result().orElseThrow().grid()).isEmpty();
        assertThat(s.result().orElseThrow().images()).hasSize(1);
    }

    @Test
    @DisplayName("new-api's relative image proxy URL is resolved against the base URL")
    void relativeImageUrl() {
        TaskSnapshot s = fetchTask("{\"id\":\"t1\",\"action\":\"IMAGINE\",\"status\":\"SUCCESS\",\"imageUrl\":\"/mj/image/t1\"}", ActionKind.IMAGINE);
        assertThat(s.result().orElseThrow().primaryImage()).hasValue(URI.create(server.baseUrl() + "/mj/image/t1"));
    }

    @Test
    @DisplayName("a describe result is its four numbered prompts")
    void describeTexts() {
        TaskSnapshot s = fetchTask("{\"id\":\"t1\",\"action\":\"DESCRIBE\",\"status\":\"SUCCESS\",\"imageUrl\":\"https://cdn.example/in.png\","
                + "\"properties\":{\"finalPrompt\":\"1️⃣ Cat --ar 5:4\\n\\n2️⃣ Cat2 --ar 5:4\\n\\n3️⃣ Cat3 --ar 5:4\\n\\n4️⃣ Cat4 --ar 5:4\"}}",
                ActionKind.DESCRIBE);
        assertThat(s.result().orElseThrow().texts()).containsExactly("Cat --ar 5:4", "Cat2 --ar 5:4", "Cat3 --ar 5:4", "Cat4 --ar 5:4");
        assertThat(s.followUps()).isEmpty();
    }

    @Test
    @DisplayName("a shorten result is its shortened prompts, without the token analysis")
    void shortenTexts() {
        TaskSnapshot s = fetchTask("{\"id\":\"t1\",\"action\":\"SHORTEN\",\"status\":\"SUCCESS\",\"properties\":{\"finalPrompt\":"
                + "\"## Important tokens\\n**appdash** ~~style~~\\n## Shortened prompts\\n1️⃣ appdash, toonami\\n\\n2️⃣ appdash\"}}",
                ActionKind.SHORTEN);
        assertThat(s.result().orElseThrow().texts()).containsExactly("appdash, toonami", "appdash");
    }

    @Test
    @DisplayName("a video task (trueai) lists its video URLs")
    void video() {
        TaskSnapshot s = fetchTask("{\"id\":\"t1\",\"action\":\"VIDEO\",\"status\":\"SUCCESS\",\"videoUrl\":\"https://cdn.example/a.mp4\","
                + "\"videoUrls\":[{\"url\":\"https://cdn.example/a.mp4\"},{\"url\":\"https://cdn.example/b.mp4\"}]}", ActionKind.ANIMATE);
        assertThat(s.result().orElseThrow().videos()).containsExactly(URI.create("https://cdn.example/a.mp4"),
                URI.create("https://cdn.example/b.mp4"));
    }

    @Test
    @DisplayName("no usage is reported: no lineage reports a cost")
    void noUsage() {
        assertThat(fetchTask(Fixtures.withId("task-success-grid.json", "t1"), ActionKind.IMAGINE).usage()).isEmpty();
    }

    @Test
    @DisplayName("ids and progress sent as JSON numbers are read like strings")
    void numbersAsStrings() {
        TaskSnapshot s = fetchTask("{\"id\":1730621826053455,\"status\":\"IN_PROGRESS\",\"progress\":31}", ActionKind.IMAGINE);
        assertThat(s.vendorTaskId()).hasValue("1730621826053455");
        assertThat(s.progress()).hasValue(31);
        assertThat(List.of(s.status())).containsExactly(TaskStatus.RUNNING);
    }
}
