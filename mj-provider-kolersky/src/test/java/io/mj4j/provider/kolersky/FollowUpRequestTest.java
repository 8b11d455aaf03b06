package io.mj4j.provider.kolersky;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.Usage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("Kolersky follow-ups")
class FollowUpRequestTest extends WireMockTestBase {

    private TaskSnapshot grid() {
        return parent("grid-1", "success-grid", ActionKind.IMAGINE, Map.of("aspectRatio", "16:9", "prompt", "a red fox"));
    }

    private TaskSnapshot upscaled() {
        return parent("up-1", "success-upscale", ActionKind.UPSCALE, Map.of("aspectRatio", "16:9", "prompt", "a red fox"));
    }

    @Test
    @DisplayName("U2 is sent to /upscale as the parent's requestId with index 2, not the actions[] index 6 (§5)")
    void upscaleByParent() {
        accepts("upscale", "child-1");
        SubmitReceipt r = provider().submit(followUp(new Action.Upscale(2), grid()));
        JsonNode b = onlyRequestBody();
        assertThat(b.path("requestId").asText()).isEqualTo("grid-1");
        assertThat(b.path("index").isInt()).isTrue();
        assertThat(b.path("index").asInt()).isEqualTo(2);
        assertThat(r.vendorTaskId()).isEqualTo("child-1");
        assertThat(r.snapshot().orElseThrow().vendorState()).containsEntry("aspectRatio", "16:9");
        assertThat(r.snapshot().orElseThrow().usage()).hasValue(new Usage(BigDecimal.ONE, "requests"));
    }

    @Test
    @DisplayName("with follow_up_ids=action, V3 is sent with the per-action id listed for index 3")
    void variationByActionId() {
        accepts("variation", "child-1");
        provider(Map.of("follow_up_ids", "action")).submit(followUp(new Action.Variation(3), grid()));
        JsonNode b = onlyRequestBody();
        assertThat(b.path("requestId").asText()).isEqualTo("grid-1-v3");
        assertThat(b.path("index").asInt()).isEqualTo(3);
    }

    @Test
    @DisplayName("with follow_up_ids=action, a parent without the per-action id fails before any request, naming the key")
    void missingActionId() {
        TaskSnapshot bare = TaskSnapshot.builder(io.mj4j.spi.TaskStatus.SUCCEEDED).vendorTaskId("grid-9").build();
        Throwable t = catchThrowable(() -> provider(Map.of("follow_up_ids", "action")).submit(followUp(new Action.Upscale(1), bare)));
        assertThat(t).isInstanceOf(InvalidRequestException.class).hasMessageContaining("action.U1");
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("callBackUrl goes with upscale and variation but not with reroll (§6)")
    void callbackOnlyWhereDocumented() {
        TaskSnapshot g = grid();
        accepts("upscale", "child-1");
        provider(Map.of(), Optional.of(CALLBACK)).submit(followUp(new Action.Upscale(1), g));
        assertThat(onlyRequestBody().path("callBackUrl").asText()).isEqualTo(CALLBACK.toString());
        server.resetAll();
        accepts("reroll", "child-2");
        SubmitReceipt r = provider(Map.of(), Optional.of(CALLBACK)).submit(followUp(new Action.Reroll(), g));
        JsonNode b = onlyRequestBody();
        assertThat(b.path("requestId").asText()).isEqualTo("grid-1");
        assertThat(b.has("callBackUrl")).isFalse();
        assertThat(r.snapshot().orElseThrow().usage()).as("reroll cost is not stated (§8)").isEmpty();
    }

    @Test
    @DisplayName("zoom out 1.5 goes to /outpaint as zoom_ratio \"1.5\" keeping the parent's aspect ratio")
    void zoom() {
        accepts("outpaint", "child-1");
        provider().submit(followUp(Action.Zoom.out(1.5), upscaled()));
        JsonNode b = onlyRequestBody();
        assertThat(b.path("requestId").asText()).isEqualTo("up-1");
        assertThat(b.path("zoom_ratio").isTextual()).isTrue();
        assertThat(b.path("zoom_ratio").asText()).isEqualTo("1.5");
        assertThat(b.path("aspectRatio").asText()).isEqualTo("16:9");
        assertThat(b.path("prompt").asText()).as("the parent's prompt, as /pan does").isEqualTo("a red fox");
    }

    @Test
    @DisplayName("a zoom with its own prompt sends that prompt to /outpaint instead of the parent's")
    void zoomWithPrompt() {
        accepts("outpaint", "child-1");
        provider().submit(followUp(Action.Zoom.out(1.5).withPrompt("a red fox in a wide meadow"), upscaled()));
        assertThat(onlyRequestBody().path("prompt").asText()).isEqualTo("a red fox in a wide meadow");
    }

    @Test
    @DisplayName("make square is zoom_ratio \"1\" with aspectRatio 1:1")
    void makeSquare() {
        accepts("outpaint", "child-1");
        provider().submit(followUp(Action.Zoom.makeSquare(), upscaled()));
        JsonNode b = onlyRequestBody();
        assertThat(b.path("zoom_ratio").asText()).isEqualTo("1");
        assertThat(b.path("aspectRatio").asText()).isEqualTo("1:1");
    }

    @Test
    @DisplayName("a zoom on a parent of unknown shape sends no aspectRatio")
    void zoomUnknownShape() {
        TaskSnapshot p = parent("up-2", "success-upscale", ActionKind.UPSCALE, Map.of());
        accepts("outpaint", "child-1");
        provider().submit(followUp(Action.Zoom.out(2.0), p));
        JsonNode b = onlyRequestBody();
        assertThat(b.path("zoom_ratio").asText()).isEqualTo("2");
        assertThat(b.has("aspectRatio")).isFalse();
        assertThat(b.has("prompt")).as("no prompt on record and none given: the optional field is left out (§2.6)").isFalse();
    }

    @Test
    @DisplayName("a pan without a prompt reuses the job's prompt, because /pan requires one (§2.7)")
    void panPromptFallback() {
        accepts("pan", "child-1");
        provider().submit(followUp(new Action.Pan(Action.Direction.UP), upscaled()));
        JsonNode b = onlyRequestBody();
        assertThat(b.path("direction").asText()).isEqualTo("up");
        assertThat(b.path("prompt").asText()).isEqualTo("a red fox");
    }

    @Test
    @DisplayName("a pan without a prompt on a parent without one fails before any request")
    void panWithoutPrompt() {
        TaskSnapshot p = parent("up-3", "success-upscale", ActionKind.UPSCALE, Map.of());
        Throwable t = catchThrowable(() -> provider().submit(followUp(new Action.Pan(Action.Direction.LEFT), p)));
        assertThat(t).isInstanceOf(InvalidRequestException.class).hasMessageContaining("prompt");
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("vary region goes to /inpaint with the raw base64 mask and the prompt")
    void varyRegion() {
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==";
        accepts("inpaint", "child-1");
        provider().submit(followUp(new Action.VaryRegion("data:image/png;base64," + png, Optional.of("a hat")), upscaled()));
        JsonNode b = onlyRequestBody();
        assertThat(b.path("requestId").asText()).isEqualTo("up-1");
        assertThat(b.path("mask").asText()).isEqualTo(png);
        assertThat(b.path("prompt").asText()).isEqualTo("a hat");
    }

    @Test
    @DisplayName("animate is an image-to-video(-hd) generate job on the parent's image URL, costing 15 requests")
    void animate() {
        accepts("generate", "child-1");
        SubmitReceipt r = provider().submit(followUp(new Action.Animate(Action.Motion.HIGH, Optional.of("waves"), true), upscaled()));
        JsonNode b = onlyRequestBody();
        assertThat(b.path("taskType").asText()).isEqualTo("image-to-video-hd");
        assertThat(b.path("fileUrl").asText()).isEqualTo("https://cdn.kolersky.com/results/up-1/upscaled.png");
        assertThat(b.path("motion").asText()).isEqualTo("high");
        assertThat(b.path("prompt").asText()).isEqualTo("waves");
        assertThat(r.snapshot().orElseThrow().usage()).hasValue(new Usage(BigDecimal.valueOf(15), "requests"));
    }

    @Test
    @DisplayName("seed goes to /seed with the job's requestId")
    void seed() {
        accepts("seed", "child-1");
        provider().submit(followUp(new Action.Seed(), grid()));
        assertThat(onlyRequestBody().path("requestId").asText()).isEqualTo("grid-1");
    }
}
