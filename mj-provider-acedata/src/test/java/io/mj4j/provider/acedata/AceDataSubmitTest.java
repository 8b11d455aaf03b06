package io.mj4j.provider.acedata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.Prompt;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.UnsupportedActionException;
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.mj4j.provider.acedata.AceDataStubs.json;
import static io.mj4j.provider.acedata.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("AceData submits")
class AceDataSubmitTest extends AceDataWireMockTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==";

    private void accept(String path) {
        wm.register(post(urlPathEqualTo(path)).willReturn(json(200, fixture("submit-accepted.json", "TASK_ID", "new-1"))));
    }

    private JsonNode sent() throws Exception {
        return JSON.readTree(onlyRequestBody());
    }

    /** A finished parent as this provider reads it from the vendor. */
    private TaskSnapshot finishedParent(String fixtureName, ActionKind kind) {
        wm.register(AceDataStubs.retrieve("parent-1").willReturn(json(200, fixture(fixtureName, "TASK_ID", "parent-1"))));
        TaskSnapshot parent = fetch("parent-1", kind);
        server.resetAll();
        return parent;
    }

    private static SubmitRequest followUp(Action action, TaskSnapshot parent) {
        return new SubmitRequest(action, Optional.of(parent), "ref-" + action.kind());
    }

    @Nested
    @DisplayName("async mode and options")
    class AsyncAndOptions {
        @Test
        @DisplayName("an imagine is sent with async: true and the client reference as trace_id when there is no callback URI")
        void asyncTrue() throws Exception {
            accept("/midjourney/imagine");
            SubmitReceipt r = provider().submit(new SubmitRequest(ProviderConformanceKit.IMAGINE, Optional.empty(), "ref-42"));
            assertThat(r.vendorTaskId()).isEqualTo("new-1");
            assertThat(r.snapshot()).isEmpty();
            JsonNode body = sent();
            assertThat(body.get("async").asBoolean()).isTrue();
            assertThat(body.has("callback_url")).isFalse();
            assertThat(body.get("trace_id").asText()).isEqualTo("ref-42");
            assertThat(body.get("action").asText()).isEqualTo("generate");
            assertThat(body.get("mode").asText()).isEqualTo("fast");
            assertThat(body.get("prompt").asText()).isEqualTo(ProviderConformanceKit.IMAGINE_PROMPT);
            assertThat(requests().get(0).getRequest().getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        }

        @Test
        @DisplayName("with a callback URI the submit carries callback_url instead of async")
        void callbackUrl() throws Exception {
            accept("/midjourney/imagine");
            provider(Map.of(), Optional.of(CALLBACK)).submit(new SubmitRequest(ProviderConformanceKit.IMAGINE, Optional.empty(), "r"));
            JsonNode body = sent();
            assertThat(body.get("callback_url").asText()).isEqualTo(CALLBACK.toString());
            assertThat(body.has("async")).isFalse();
        }

        @Test
        @DisplayName("a --relax in the prompt becomes mode relax and leaves the prompt text")
        void promptSpeed() throws Exception {
            accept("/midjourney/imagine");
            provider().submit(new SubmitRequest(Action.Imagine.of("a cat --ar 1:1 --relax"), Optional.empty(), "r"));
            JsonNode body = sent();
            assertThat(body.get("mode").asText()).isEqualTo("relax");
            assertThat(body.get("prompt").asText()).isEqualTo("a cat --ar 1:1");
        }

        @Test
        @DisplayName("options mode, translation, split_images and auth_scheme are applied")
        void options() throws Exception {
            accept("/midjourney/imagine");
            provider(Map.of("mode", "Turbo", "translation", "true", "split_images", "TRUE", "auth_scheme", "raw"), Optional.empty())
                    .submit(new SubmitRequest(Action.Imagine.of("a cat"), Optional.empty(), "r"));
            JsonNode body = sent();
            assertThat(body.get("mode").asText()).isEqualTo("turbo");
            assertThat(body.get("translation").asBoolean()).isTrue();
            assertThat(body.get("split_images").asBoolean()).isTrue();
            assertThat(requests().get(0).getRequest().getHeader("Authorization")).isEqualTo(KEY);
        }

        @Test
        @DisplayName("a bad option value or an unknown option fails create() naming it")
        void badOptions() {
            assertThat(catchThrowable(() -> provider(Map.of("mode", "slow"), Optional.empty())))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("mode").hasMessageContaining("slow");
            assertThat(catchThrowable(() -> provider(Map.of("split_images", "yes"), Optional.empty())))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("split_images");
            assertThat(catchThrowable(() -> provider(Map.of("auth_scheme", "basic"), Optional.empty())))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("auth_scheme");
            assertThat(catchThrowable(() -> provider(Map.of("modes", "fast"), Optional.empty())))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("modes");
            assertThat(requests()).isEmpty();
        }

        @Test
        @DisplayName("a blend puts the image URLs first in the prompt with the shape's aspect ratio")
        void blend() throws Exception {
            accept("/midjourney/imagine");
            provider().submit(new SubmitRequest(new Action.Blend(List.of(URI.create("https://i.example/1.png"),
                    URI.create("https://i.example/2.png"), URI.create("https://i.example/3.png")), Action.BlendShape.PORTRAIT),
                    Optional.empty(), "r"));
            assertThat(sent().get("prompt").asText()).isEqualTo("https://i.example/1.png https://i.example/2.png https://i.example/3.png --ar 2:3");
        }

        @Test
        @DisplayName("an immediate full result (the vendor ignored async) becomes the receipt's snapshot")
        void fullResultReply() {
            wm.register(post(urlPathEqualTo("/midjourney/imagine")).willReturn(json(200,
                    fixture("callback-succeeded.json", "TASK_ID", "new-2"))));
            SubmitReceipt r = provider().submit(new SubmitRequest(ProviderConformanceKit.IMAGINE, Optional.empty(), "r"));
            assertThat(r.snapshot().orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(r.snapshot().orElseThrow().vendorState()).containsEntry("image_id", "1234197197067915365");
        }
    }

    @Nested
    @DisplayName("follow-ups use the finished parent's image_id (acedata.md §3.2)")
    class FollowUps {
        @Test
        @DisplayName("U2 sends action upscale2 with the parent's image_id, not its task id")
        void upscaleUsesImageId() throws Exception {
            TaskSnapshot parent = finishedParent("task-finished-grid.json", ActionKind.IMAGINE);
            accept("/midjourney/imagine");
            SubmitReceipt r = provider().submit(followUp(new Action.Upscale(2), parent));
            assertThat(r.vendorTaskId()).isEqualTo("new-1");
            JsonNode body = sent();
            assertThat(body.get("action").asText()).isEqualTo("upscale2");
            assertThat(body.get("image_id").asText()).isEqualTo("1259525319472185344");
            assertThat(body.get("async").asBoolean()).isTrue();
            assertThat(body.toString()).doesNotContain("parent-1");
        }

        @Test
        @DisplayName("vary, zoom 1.5x, make square, pan with a prompt and vary region send their action words and fields")
        void words() throws Exception {
            TaskSnapshot parent = finishedParent("task-finished-image.json", ActionKind.UPSCALE);
            Map<Action, String> words = Map.of(
                    new Action.Vary(Action.Strength.STRONG), "variation_strong",
                    Action.Zoom.out(1.5), "zoom_out_1_5x",
                    Action.Zoom.makeSquare(), "square",
                    new Action.UpscaleMore(Action.UpscaleMode.X2), "upscale_2x",
                    new Action.Pan(Action.Direction.DOWN, Optional.of("more sea")), "pan_down",
                    new Action.VaryRegion(PNG, Optional.of("a hat")), "variation_region");
            for (Map.Entry<Action, String> w : words.entrySet()) {
                server.resetAll();
                accept("/midjourney/imagine");
                provider().submit(followUp(w.getKey(), parent));
                JsonNode body = sent();
                assertThat(body.get("action").asText()).isEqualTo(w.getValue());
                assertThat(body.get("image_id").asText()).isEqualTo("1259525319472189999");
            }
            server.resetAll();
            accept("/midjourney/imagine");
            provider().submit(followUp(new Action.VaryRegion(PNG, Optional.of("a hat")), parent));
            JsonNode region = sent();
            assertThat(region.get("mask").asText()).isEqualTo(PNG);
            assertThat(region.get("prompt").asText()).isEqualTo("a hat");
        }

        @Test
        @DisplayName("a zoom factor AceData lacks, or a zoom the parent does not list, fails before any request")
        void zoomUnsupported() {
            TaskSnapshot grid = finishedParent("task-finished-grid.json", ActionKind.IMAGINE);
            TaskSnapshot image = finishedParent("task-finished-image.json", ActionKind.UPSCALE);
            assertThat(catchThrowable(() -> provider().submit(followUp(Action.Zoom.out(1.25), image))))
                    .isInstanceOf(UnsupportedActionException.class).hasMessageContaining("1.25");
            TaskSnapshot noSquare = image.toBuilder().vendorState("actions", "zoom_out_2x,zoom_out_1_5x").build();
            assertThat(catchThrowable(() -> provider().submit(followUp(Action.Zoom.makeSquare(), noSquare))))
                    .isInstanceOf(UnsupportedActionException.class).hasMessageContaining("square");
            assertThat(grid.followUps()).doesNotContain(FollowUp.of(ActionKind.ZOOM));
            assertThat(requests()).isEmpty();
        }

        @Test
        @DisplayName("an unfinished parent, or one without an image_id, is refused before any request")
        void parentNotReady() {
            TaskSnapshot running = TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId("p").vendorState("image_id", "123").build();
            assertThat(catchThrowable(() -> provider().submit(followUp(new Action.Upscale(1), running))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("RUNNING");
            TaskSnapshot noId = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("p").followUp(FollowUp.upscale(1)).build();
            assertThat(catchThrowable(() -> provider().submit(followUp(new Action.Upscale(1), noId))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("image_id");
            assertThat(requests()).isEmpty();
        }

        @Test
        @DisplayName("animate posts the parent's image URL to /midjourney/videos with the motion flag and resolution")
        void animate() throws Exception {
            TaskSnapshot parent = finishedParent("task-finished-image.json", ActionKind.UPSCALE);
            accept("/midjourney/videos");
            provider().submit(followUp(new Action.Animate(Action.Motion.HIGH, Optional.of("waves roll in"), true), parent));
            JsonNode body = sent();
            assertThat(body.get("action").asText()).isEqualTo("generate");
            assertThat(body.get("image_url").asText()).isEqualTo("https://platform.cdn.acedata.cloud/midjourney/parent-1.png");
            assertThat(body.get("prompt").asText()).isEqualTo("waves roll in --motion high");
            assertThat(body.get("resolution").asText()).isEqualTo("720p");
            assertThat(body.get("async").asBoolean()).isTrue();
        }

        @Test
        @DisplayName("animate in relax mode is unsupported (video has no relax, acedata.md §6), before any request")
        void animateRelax() {
            TaskSnapshot parent = finishedParent("task-finished-image.json", ActionKind.UPSCALE);
            assertThat(catchThrowable(() -> provider(Map.of("mode", "relax"), Optional.empty())
                    .submit(followUp(new Action.Animate(Action.Motion.LOW), parent)))).isInstanceOf(UnsupportedActionException.class);
            assertThat(requests()).isEmpty();
        }

        @Test
        @DisplayName("a Custom follow-up sends its action word with the parent's image_id; a root Custom is unsupported")
        void custom() throws Exception {
            TaskSnapshot parent = finishedParent("task-finished-image.json", ActionKind.UPSCALE);
            accept("/midjourney/imagine");
            provider().submit(followUp(new Action.Custom("redo_upscale_2x", Map.of("prompt", "again"), true), parent));
            JsonNode body = sent();
            assertThat(body.get("action").asText()).isEqualTo("redo_upscale_2x");
            assertThat(body.get("image_id").asText()).isEqualTo("1259525319472189999");
            assertThat(body.get("prompt").asText()).isEqualTo("again");
            server.resetAll();
            assertThat(catchThrowable(() -> provider().submit(new SubmitRequest(new Action.Custom("generate", Map.of(), false),
                    Optional.empty(), "r")))).isInstanceOf(UnsupportedActionException.class);
            assertThat(catchThrowable(() -> provider().submit(followUp(new Action.Custom("x", Map.of("image_id", "1"), true), parent))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("image_id");
            assertThat(requests()).isEmpty();
        }

        @Test
        @DisplayName("more than five image prompts is unsupported before any request (acedata.md §8)")
        void tooManyImages() {
            Prompt.Builder b = Prompt.builder().text("mix");
            for (int i = 0; i < 6; i++) {
                b.imageUrl(URI.create("https://i.example/" + i + ".png"));
            }
            assertThat(catchThrowable(() -> provider().submit(new SubmitRequest(new Action.Imagine(b.build()), Optional.empty(), "r"))))
                    .isInstanceOf(UnsupportedActionException.class);
            assertThat(requests()).isEmpty();
        }
    }

    @Nested
    @DisplayName("synchronous endpoints: describe, shorten, seed (acedata.md §6)")
    class Synchronous {
        @Test
        @DisplayName("describe answers with four descriptions: the receipt is already SUCCEEDED with the texts")
        void describe() throws Exception {
            wm.register(post(urlPathEqualTo("/midjourney/describe")).willReturn(json(200, fixture("describe-reply.json", "TASK_ID", "d-1"))));
            SubmitReceipt r = provider().submit(new SubmitRequest(new Action.Describe(URI.create("https://i.example/a.png")),
                    Optional.empty(), "ref-d"));
            assertThat(r.vendorTaskId()).isEqualTo("d-1");
            assertThat(r.snapshot().orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(r.snapshot().orElseThrow().result().orElseThrow().texts()).hasSize(4);
            assertThat(sent().get("image_url").asText()).isEqualTo("https://i.example/a.png");
        }

        @Test
        @DisplayName("the documented seed reply has no task id: the task is known by its trace_id and is SUCCEEDED with the seed")
        void seedWithoutTaskId() throws Exception {
            TaskSnapshot parent = finishedParent("task-finished-grid.json", ActionKind.IMAGINE);
            wm.register(post(urlPathEqualTo("/midjourney/seed")).willReturn(json(200, "{\"seed\": \"1515630083\"}")));
            SubmitReceipt r = provider().submit(new SubmitRequest(new Action.Seed(), Optional.of(parent), "ref-seed"));
            assertThat(r.vendorTaskId()).isEqualTo("ref-seed");
            assertThat(r.snapshot().orElseThrow().result().orElseThrow().seed()).hasValue(1515630083L);
            assertThat(sent().get("image_id").asText()).isEqualTo("1259525319472185344");
        }

        @Test
        @DisplayName("shorten reads the prompts field")
        void shorten() {
            wm.register(post(urlPathEqualTo("/midjourney/shorten")).willReturn(json(200,
                    "{\"prompts\":[\"a red fox --v 7\",\"fox --v 7\"]}")));
            SubmitReceipt r = provider().submit(new SubmitRequest(new Action.Shorten(Prompt.parse("a very red fox --v 7")),
                    Optional.empty(), "ref-s"));
            assertThat(r.snapshot().orElseThrow().result().orElseThrow().texts()).containsExactly("a red fox --v 7", "fox --v 7");
        }

        @Test
        @DisplayName("a synchronous reply with neither task id nor result is a ProviderProtocolException")
        void emptySyncReply() {
            wm.register(post(urlPathEqualTo("/midjourney/describe")).willReturn(json(200, "{}")));
            assertThat(catchThrowable(() -> provider().submit(new SubmitRequest(new Action.Describe(URI.create("https://i.example/a.png")),
                    Optional.empty(), "r")))).isInstanceOf(io.mj4j.spi.ProviderProtocolException.class);
        }
    }
}
