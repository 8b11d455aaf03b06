package io.mj4j.provider.kolersky;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.Image;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("Kolersky status replies")
class StatusAndResultTest extends WireMockTestBase {

    private static String reply(String status, String output) {
        return "{\"requestId\":\"job-1\",\"status\":\"" + status + "\",\"code\":200" + (output == null ? "" : ",\"output\":" + output) + "}";
    }

    @Nested
    @DisplayName("the status table")
    class Table {
        @ParameterizedTest(name = "status ''{0}'' maps to {1}")
        @CsvSource({"accepted,QUEUED", "processing,RUNNING", "error,FAILED", "cancelled,CANCELLED", "canceled,CANCELLED",
                "PROCESSING,RUNNING"})
        @DisplayName("each status word maps through the one table")
        void words(String word, TaskStatus expected) {
            statusReplies("job-1", reply(word, "{\"progress\":\"10%\"}"));
            TaskSnapshot s = fetch("job-1", ActionKind.IMAGINE);
            assertThat(s.status()).isEqualTo(expected);
            assertThat(s.vendorStatus()).hasValue(word);
            assertThat(s.vendorTaskId()).hasValue("job-1");
        }

        @Test
        @DisplayName("success maps to SUCCEEDED")
        void success() {
            statusReplies("job-1", Fixtures.load("success-grid", "id", "job-1"));
            assertThat(fetch("job-1", ActionKind.IMAGINE).status()).isEqualTo(TaskStatus.SUCCEEDED);
        }

        @Test
        @DisplayName("an unknown word is a retryable ProviderProtocolException naming the word")
        void unknownWord() {
            statusReplies("job-1", reply("paused_by_admin", null));
            Throwable t = catchThrowable(() -> fetch("job-1", ActionKind.IMAGINE));
            assertThat(t).isInstanceOf(ProviderProtocolException.class).hasMessageContaining("paused_by_admin");
            assertThat(((MjException) t).retryable()).isTrue();
        }

        @Test
        @DisplayName("a reply without a status word is a ProviderProtocolException")
        void noWord() {
            statusReplies("job-1", "{\"requestId\":\"job-1\",\"code\":200}");
            assertThat(catchThrowable(() -> fetch("job-1", ActionKind.IMAGINE)))
                    .isInstanceOf(ProviderProtocolException.class).hasMessageContaining("no status word");
        }

        @Test
        @DisplayName("a status under data is read when the top level has none")
        void statusUnderData() {
            statusReplies("job-1", "{\"data\":{\"status\":\"processing\",\"output\":{\"progress\":\"30%\"}}}");
            TaskSnapshot s = fetch("job-1", ActionKind.IMAGINE);
            assertThat(s.status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(s.progress()).hasValue(30);
        }

        @Test
        @DisplayName("a JSON array body is a ProviderProtocolException, not a Jackson crash")
        void notAnObject() {
            statusReplies("job-1", "[1,2,3]");
            assertThat(catchThrowable(() -> fetch("job-1", ActionKind.IMAGINE))).isInstanceOf(ProviderProtocolException.class);
        }
    }

    @Nested
    @DisplayName("progress, a string such as \"45%\" (§3)")
    class Progress {
        @ParameterizedTest(name = "progress {0} reads as {1}")
        @CsvSource(delimiter = '|', value = {"\"45%\"|45", "\" 7 %\"|7", "\"45.8%\"|45", "62|62", "\"150%\"|100", "\"0%\"|0"})
        @DisplayName("is parsed leniently and clamped to 0..100")
        void parsed(String json, int expected) {
            statusReplies("job-1", reply("processing", "{\"progress\":" + json + "}"));
            assertThat(fetch("job-1", ActionKind.IMAGINE).progress()).hasValue(expected);
        }

        @ParameterizedTest(name = "progress {0} is absent")
        @CsvSource(delimiter = '|', value = {"\"soon\"", "null", "{}"})
        @DisplayName("is absent when unreadable, without failing the poll")
        void junk(String json) {
            statusReplies("job-1", reply("processing", "{\"progress\":" + json + "}"));
            assertThat(fetch("job-1", ActionKind.IMAGINE).progress()).isEmpty();
        }
    }

    @Nested
    @DisplayName("results")
    class Results {
        @Test
        @DisplayName("a grid offers U1..U4, V1..V4, reroll and seed, and keeps the per-action ids (index 1-4 = V, 5-8 = U)")
        void grid() {
            statusReplies("job-1", Fixtures.load("success-grid", "id", "job-1"));
            TaskSnapshot s = fetch("job-1", ActionKind.IMAGINE);
            assertThat(s.result().flatMap(r -> r.grid()).map(i -> i.url()))
                    .hasValue(URI.create("https://cdn.kolersky.com/results/job-1/grid.png"));
            assertThat(s.followUps()).contains(FollowUp.upscale(1), FollowUp.upscale(4), FollowUp.variation(1), FollowUp.variation(4),
                    FollowUp.of(ActionKind.REROLL), FollowUp.of(ActionKind.SEED));
            assertThat(s.followUps()).doesNotContain(FollowUp.of(ActionKind.ZOOM), FollowUp.of(ActionKind.ANIMATE));
            assertThat(s.vendorState()).containsEntry("action.V1", "job-1-v1").containsEntry("action.V4", "job-1-v4")
                    .containsEntry("action.U1", "job-1-u1").containsEntry("action.U2", "job-1-u2").containsEntry("action.U4", "job-1-u4");
        }

        @Test
        @DisplayName("output nested under data (§4.2) is read, with images[].url as the four cells")
        void dataWrapped() {
            statusReplies("job-1", Fixtures.load("success-grid-data-wrapped", "id", "job-1"));
            TaskSnapshot s = fetch("job-1", ActionKind.IMAGINE);
            assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(s.result().orElseThrow().grid()).isPresent();
            assertThat(s.result().orElseThrow().images()).hasSize(4);
            // the primary image of an imagine is the grid on every vendor; the cells have their own accessor
            assertThat(s.result().orElseThrow().primaryImage()).hasValue(URI.create("https://cdn.kolersky.com/results/job-1/grid.png"));
            assertThat(s.result().orElseThrow().cells()).first().extracting(Image::url)
                    .isEqualTo(URI.create("https://cdn.kolersky.com/results/job-1/0.png"));
            assertThat(s.vendorState()).containsEntry("action.V2", "job-1-v2").containsEntry("action.U2", "job-1-u2");
        }

        @Test
        @DisplayName("a grid with only images[] (no collage) still succeeds with its cells")
        void imagesOnly() {
            statusReplies("job-1", reply("success", "{\"images\":[{\"url\":\"https://cdn.kolersky.com/a.png\"}]}"));
            TaskSnapshot s = fetch("job-1", ActionKind.IMAGINE);
            assertThat(s.result().orElseThrow().primaryImage()).hasValue(URI.create("https://cdn.kolersky.com/a.png"));
            assertThat(s.followUps()).contains(FollowUp.upscale(1));
        }

        @ParameterizedTest(name = "upscale output {0}")
        @CsvSource(delimiter = '|', value = {
                "{\"image_url\":\"https://cdn.kolersky.com/u.png\"}",
                "{\"collage\":{\"image_url\":\"https://cdn.kolersky.com/u.png\"}}",
                "{\"images\":[{\"url\":\"https://cdn.kolersky.com/u.png\"}]}"})
        @DisplayName("an upscale is one image wherever the vendor puts it (§4.3), offering zoom, pan, vary region, animate, seed")
        void upscale(String output) {
            statusReplies("job-1", reply("success", output));
            TaskSnapshot s = fetch("job-1", ActionKind.UPSCALE);
            assertThat(s.result().orElseThrow().images()).singleElement()
                    .satisfies(i -> assertThat(i.url()).isEqualTo(URI.create("https://cdn.kolersky.com/u.png")));
            assertThat(s.followUps()).contains(FollowUp.of(ActionKind.ZOOM), FollowUp.of(ActionKind.PAN, "LEFT"),
                    FollowUp.of(ActionKind.PAN, "DOWN"), FollowUp.of(ActionKind.VARY_REGION), FollowUp.of(ActionKind.ANIMATE),
                    FollowUp.of(ActionKind.SEED));
            assertThat(s.followUps()).doesNotContain(FollowUp.upscale(1));
        }

        @Test
        @DisplayName("a video lists its video_urls and offers nothing")
        void video() {
            statusReplies("job-1", Fixtures.load("success-video", "id", "job-1"));
            TaskSnapshot s = fetch("job-1", ActionKind.ANIMATE);
            assertThat(s.result().orElseThrow().videos()).hasSize(2);
            assertThat(s.followUps()).isEmpty();
        }

        @ParameterizedTest(name = "seed {0}")
        @CsvSource({"\"123456789\"", "123456789"})
        @DisplayName("a seed result reads output.seed as digits or a number")
        void seed(String json) {
            statusReplies("job-1", reply("success", "{\"seed\":" + json + "}"));
            assertThat(fetch("job-1", ActionKind.SEED).result().orElseThrow().seed()).hasValue(123456789L);
        }

        @Test
        @DisplayName("a success without any image URL is a ProviderProtocolException naming the fields looked at")
        void successWithoutImage() {
            statusReplies("job-1", reply("success", "{\"progress\":\"100%\"}"));
            assertThat(catchThrowable(() -> fetch("job-1", ActionKind.IMAGINE)))
                    .isInstanceOf(ProviderProtocolException.class).hasMessageContaining("collage.image_url");
        }

        @Test
        @DisplayName("with follow_up_ids=action a grid offers only the upscales and variations whose ids it lists")
        void actionMode() {
            statusReplies("job-1", Fixtures.load("success-grid-data-wrapped", "id", "job-1"));
            TaskSnapshot s = provider(Map.of("follow_up_ids", "action")).fetch(io.mj4j.spi.TaskRef.of("job-1", ActionKind.IMAGINE));
            assertThat(s.followUps()).contains(FollowUp.upscale(2), FollowUp.variation(2))
                    .doesNotContain(FollowUp.upscale(1), FollowUp.variation(3));
        }
    }

    @Nested
    @DisplayName("failures")
    class Failures {
        @Test
        @DisplayName("failReason in output becomes a VENDOR_ERROR failure")
        void inOutput() {
            statusReplies("job-1", Fixtures.load("error", "id", "job-1"));
            TaskSnapshot s = fetch("job-1", ActionKind.IMAGINE);
            assertThat(s.failure().orElseThrow().category()).isEqualTo(FailureCategory.VENDOR_ERROR);
            assertThat(s.failure().orElseThrow().vendorMessage()).contains("internal error");
        }

        @Test
        @DisplayName("failReason at the top level or under data.output is found too (§4.2)")
        void otherPlaces() {
            statusReplies("job-1", "{\"requestId\":\"job-1\",\"status\":\"error\",\"failReason\":\"top level reason\"}");
            assertThat(fetch("job-1", ActionKind.IMAGINE).failure().orElseThrow().vendorMessage()).isEqualTo("top level reason");
            server.resetAll();
            statusReplies("job-1", "{\"requestId\":\"job-1\",\"status\":\"error\",\"data\":{\"output\":{\"failReason\":\"nested reason\"}}}");
            assertThat(fetch("job-1", ActionKind.IMAGINE).failure().orElseThrow().vendorMessage()).isEqualTo("nested reason");
        }

        @Test
        @DisplayName("an error without failReason still fails with a VENDOR_ERROR saying so")
        void noReason() {
            statusReplies("job-1", reply("error", null));
            assertThat(fetch("job-1", ActionKind.IMAGINE).failure().orElseThrow().vendorMessage()).contains("without a failReason");
        }

        @Test
        @DisplayName("a moderation failReason becomes PROMPT_REJECTED")
        void moderation() {
            statusReplies("job-1", Fixtures.load("error-banned", "id", "job-1"));
            assertThat(fetch("job-1", ActionKind.IMAGINE).failure().orElseThrow().category()).isEqualTo(FailureCategory.PROMPT_REJECTED);
        }
    }
}
