package io.mj4j.provider.acedata;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Dimensions;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;

import static io.mj4j.provider.acedata.AceDataStubs.json;
import static io.mj4j.provider.acedata.AceDataStubs.retrieve;
import static io.mj4j.provider.acedata.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("AceData task states map to TaskStatus through the one status table (acedata.md §4.3)")
class AceDataStatusTest extends AceDataWireMockTest {

    private TaskSnapshot fetchBody(String body) {
        wm.register(retrieve("t-1").willReturn(json(200, body)));
        return fetch("t-1", ActionKind.IMAGINE);
    }

    @Test
    @DisplayName("a task without a response is QUEUED (pending)")
    void pending() {
        TaskSnapshot s = fetchBody(fixture("task-pending.json", "TASK_ID", "t-1"));
        assertThat(s.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(s.vendorStatus()).hasValue("pending");
    }

    @Test
    @DisplayName("a response with success and progress below 100 is RUNNING with a preview, and its intermediate image_id is not kept")
    void running() {
        TaskSnapshot s = fetchBody(fixture("task-running.json", "TASK_ID", "t-1", "PERCENT", "35"));
        assertThat(s.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(s.progress()).hasValue(35);
        assertThat(s.previewUrl()).hasValue(URI.create("https://platform.cdn.acedata.cloud/midjourney/t-1_0.webp"));
        assertThat(s.vendorState()).doesNotContainKey("image_id");
        assertThat(s.followUps()).isEmpty();
    }

    @Test
    @DisplayName("a finished grid is SUCCEEDED with the raw image, U1..U4/V1..V4/reroll/seed and its image_id in the vendor state")
    void finishedGrid() {
        TaskSnapshot s = fetchBody(fixture("task-finished-grid.json", "TASK_ID", "t-1"));
        assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(s.result().orElseThrow().grid().orElseThrow().url())
                .isEqualTo(URI.create("https://platform.cdn.acedata.cloud/midjourney/t-1.png"));
        assertThat(s.result().orElseThrow().grid().orElseThrow().size()).hasValue(new Dimensions(2048, 1152));
        assertThat(s.followUps()).contains(FollowUp.upscale(1), FollowUp.upscale(4), FollowUp.variation(2),
                FollowUp.of(ActionKind.REROLL), FollowUp.of(ActionKind.SEED));
        assertThat(s.followUps()).doesNotContain(FollowUp.of(ActionKind.ANIMATE));
        assertThat(s.vendorState()).containsEntry("image_id", "1259525319472185344");
    }

    @Test
    @DisplayName("a finished upscale is one image (sizes sent as strings) offering vary, upscalers, zoom, pan, region, seed and animate")
    void finishedImage() {
        wm.register(retrieve("t-2").willReturn(json(200, fixture("task-finished-image.json", "TASK_ID", "t-2"))));
        TaskSnapshot s = fetch("t-2", ActionKind.UPSCALE);
        assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(s.result().orElseThrow().grid()).isEmpty();
        assertThat(s.result().orElseThrow().images()).singleElement()
                .satisfies(i -> assertThat(i.size()).hasValue(new Dimensions(1024, 1024)));
        assertThat(s.followUps()).contains(FollowUp.of(ActionKind.VARY, "SUBTLE"), FollowUp.of(ActionKind.UPSCALE_MORE, "X4"),
                FollowUp.of(ActionKind.UPSCALE_MORE, "CREATIVE"), FollowUp.of(ActionKind.ZOOM), FollowUp.of(ActionKind.PAN, "UP"),
                FollowUp.of(ActionKind.VARY_REGION), FollowUp.of(ActionKind.SEED), FollowUp.of(ActionKind.ANIMATE));
        assertThat(s.vendorState()).containsEntry("image_id", "1259525319472189999")
                .containsEntry("image_url", "https://platform.cdn.acedata.cloud/midjourney/t-2.png");
        assertThat(s.vendorState().get("actions")).contains("redo_upscale_2x");
    }

    @Test
    @DisplayName("a finished video is SUCCEEDED with its four video URLs and the video_id kept")
    void finishedVideo() {
        wm.register(retrieve("v-1").willReturn(json(200, fixture("task-video-finished.json", "TASK_ID", "v-1"))));
        TaskSnapshot s = fetch("v-1", ActionKind.ANIMATE);
        assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(s.result().orElseThrow().videos()).hasSize(4);
        assertThat(s.vendorState()).containsEntry("video_id", "1751816807896311");
    }

    @Test
    @DisplayName("success: false is FAILED whatever the state says, with the vendor's code and message")
    void failureWins() {
        TaskSnapshot s = fetchBody("""
                {"id":"t-1","state":"generating","response":{"success":false,"task_id":"t-1",
                 "error":{"code":"timeout","message":"Timeout to generate the image."}}}""");
        assertThat(s.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(s.failure().orElseThrow().category()).isEqualTo(FailureCategory.TIMEOUT);
        assertThat(s.failure().orElseThrow().vendorCode()).hasValue("timeout");
        assertThat(s.failure().orElseThrow().vendorMessage()).isEqualTo("Timeout to generate the image.");
    }

    @Test
    @DisplayName("a failed task with a bad_request error is FAILED as INVALID_REQUEST, a forbidden one as PROMPT_REJECTED")
    void failureCategories() {
        assertThat(fetchBody(fixture("task-failed.json", "TASK_ID", "t-1")).failure().orElseThrow().category())
                .isEqualTo(FailureCategory.INVALID_REQUEST);
        server.resetAll();
        assertThat(fetchBody(fixture("task-failed-moderation.json", "TASK_ID", "t-1")).failure().orElseThrow().category())
                .isEqualTo(FailureCategory.PROMPT_REJECTED);
    }

    @Test
    @DisplayName("the error code 'canceled' makes the task CANCELLED")
    void canceled() {
        TaskSnapshot s = fetchBody("""
                {"id":"t-1","response":{"success":false,"task_id":"t-1","error":{"code":"canceled","message":"canceled"}}}""");
        assertThat(s.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(s.failure().orElseThrow().category()).isEqualTo(FailureCategory.CANCELLED);
    }

    @ParameterizedTest(name = "state ''{0}'' maps to {1}")
    @CsvSource({"pending, QUEUED", "generating, RUNNING", "failed, FAILED", "error, FAILED", "cancelled, CANCELLED",
            "Generating, RUNNING"})
    @DisplayName("an explicit state word is read through the table")
    void explicitStates(String state, TaskStatus expected) {
        TaskSnapshot s = fetchBody("{\"id\":\"t-1\",\"state\":\"" + state + "\",\"response\":{\"success\":true,\"progress\":5}}");
        assertThat(s.status()).isEqualTo(expected);
    }

    @Test
    @DisplayName("state 'finished' with a response is SUCCEEDED; a blank state is derived from the response")
    void finishedStateAndBlankState() {
        TaskSnapshot done = fetchBody("""
                {"id":"t-1","state":"finished","response":{"success":true,"task_id":"t-1","image_id":"42",
                 "image_url":"https://cdn.example/a.png","actions":[]}}""");
        assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
        server.resetAll();
        TaskSnapshot derived = fetchBody("{\"id\":\"t-1\",\"state\":\"\",\"response\":{\"success\":true,\"progress\":\"61.5\"}}");
        assertThat(derived.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(derived.progress()).hasValue(61);
    }

    @Test
    @DisplayName("state 'finished' without a response is a ProviderProtocolException, not an empty success")
    void finishedWithoutResponse() {
        wm.register(retrieve("t-1").willReturn(json(200, "{\"id\":\"t-1\",\"state\":\"finished\"}")));
        assertThat(catchThrowable(() -> fetch("t-1", ActionKind.IMAGINE))).isInstanceOf(ProviderProtocolException.class);
    }

    @Test
    @DisplayName("an unknown state word is a ProviderProtocolException naming the word")
    void unknownState() {
        wm.register(retrieve("t-1").willReturn(json(200, fixture("task-unknown-state.json", "TASK_ID", "t-1"))));
        Throwable t = catchThrowable(() -> fetch("t-1", ActionKind.IMAGINE));
        assertThat(t).isInstanceOf(ProviderProtocolException.class).hasMessageContaining("zz_new_state");
    }

    @Test
    @DisplayName("finished_at alone (response without progress) counts as finished")
    void finishedAt() {
        TaskSnapshot s = fetchBody("""
                {"id":"t-1","finished_at":1720364637.4,"response":{"success":true,"task_id":"t-1","image_id":"7",
                 "image_url":"https://cdn.example/b.png"}}""");
        assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(s.result().orElseThrow().grid()).isPresent();
    }

    @Test
    @DisplayName("a reply that is not JSON, a JSON array, or a type mismatch is a retryable ProviderProtocolException")
    void malformed() {
        for (String body : new String[]{"<html>502</html>", "[1,2]", "{\"id\":\"t-1\",\"response\":{\"actions\":{\"a\":1}}}", "null"}) {
            server.resetAll();
            wm.register(retrieve("t-1").willReturn(json(200, body)));
            Throwable t = catchThrowable(() -> fetch("t-1", ActionKind.IMAGINE));
            assertThat(t).as(body).isInstanceOf(ProviderProtocolException.class);
            assertThat(((ProviderProtocolException) t).retryable()).isTrue();
        }
    }

    @Test
    @DisplayName("a reply about another task is a ProviderProtocolException")
    void otherTask() {
        wm.register(retrieve("t-1").willReturn(json(200, fixture("task-pending.json", "TASK_ID", "t-9"))));
        assertThat(catchThrowable(() -> fetch("t-1", ActionKind.IMAGINE))).isInstanceOf(ProviderProtocolException.class)
                .hasMessageContaining("t-9");
    }
}
