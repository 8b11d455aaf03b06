package io.mj4j.provider.kolersky;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.spi.Action;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.Prompt;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.Usage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("Kolersky imagine and blend requests (separate fields, §2.1)")
class ImagineRequestTest extends WireMockTestBase {

    private JsonNode sent(String rawPrompt) {
        return sent(rawPrompt, Map.of());
    }

    private JsonNode sent(String rawPrompt, Map<String, String> options) {
        accepts("generate", "job-1");
        provider(options).submit(root(Action.Imagine.of(rawPrompt)));
        return onlyRequestBody();
    }

    @Test
    @DisplayName("flags become fields: aspectRatio, version, speed, variety, stylization, weirdness")
    void fields() {
        JsonNode b = sent("a red fox --ar 16:9 --v 6.1 --fast --c 15 --s 250 --w 300");
        assertThat(b.path("taskType").asText()).isEqualTo("text-to-image");
        assertThat(b.path("prompt").asText()).isEqualTo("a red fox");
        assertThat(b.path("aspectRatio").asText()).isEqualTo("16:9");
        assertThat(b.path("version").isTextual()).isTrue();
        assertThat(b.path("version").asText()).isEqualTo("6.1");
        assertThat(b.path("speed").asText()).isEqualTo("fast");
        assertThat(b.path("variety").asInt()).isEqualTo(15);
        assertThat(b.path("stylization").asInt()).isEqualTo(250);
        assertThat(b.path("weirdness").asInt()).isEqualTo(300);
        assertThat(requests().get(0).getHeader("Authorization")).isEqualTo(AUTH);
    }

    @Test
    @DisplayName("--relax is sent as 'relaxed', --niji as 'niji6', and --v 6.0 as '6'")
    void vendorWords() {
        assertThat(sent("a cat --relax --niji").path("speed").asText()).isEqualTo("relaxed");
        server.resetAll();
        assertThat(sent("a cat --niji 6").path("version").asText()).isEqualTo("niji6");
        server.resetAll();
        assertThat(sent("a cat --v 6.0").path("version").asText()).isEqualTo("6");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a cat --ar 7:4", "a cat --v 4", "a cat --niji 5", "a cat --c 7", "a cat --s 125", "a cat --w 150",
            "a cat --q 2", "a cat --seed 42", "a cat --no dogs", "a cat --tile", "a cat --style raw", "a cat --stop 50",
            "a cat --sref 12345", "a cat --cref https://img.example/c.png"})
    @DisplayName("a parameter Kolersky cannot take fails with InvalidRequestException naming it, before any request")
    void refusedBeforeSending(String raw) {
        accepts("generate", "job-1");
        Throwable t = catchThrowable(() -> provider().submit(root(Action.Imagine.of(raw))));
        assertThat(t).isInstanceOf(InvalidRequestException.class);
        String flag = raw.substring(raw.indexOf("--"), raw.indexOf(' ', raw.indexOf("--")) < 0 ? raw.length() : raw.indexOf(' ', raw.indexOf("--")));
        assertThat(t.getMessage()).contains(flag);
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("with prompt_flags=append, parameters without a field ride in the prompt text")
    void appended() {
        JsonNode b = sent("a cat --ar 1:1 --q 2 --no dogs --style raw --stop 50", Map.of("prompt_flags", "append"));
        assertThat(b.path("prompt").asText()).isEqualTo("a cat --q 2 --no dogs --style raw --stop 50");
        assertThat(b.path("aspectRatio").asText()).isEqualTo("1:1");
    }

    @Test
    @DisplayName("one image prompt is image-to-image with fileUrl; several use fileUrls, never both")
    void imagePrompts() {
        JsonNode one = sent("https://img.example/a.png a castle");
        assertThat(one.path("taskType").asText()).isEqualTo("image-to-image");
        assertThat(one.path("fileUrl").asText()).isEqualTo("https://img.example/a.png");
        assertThat(one.has("fileUrls")).isFalse();
        server.resetAll();
        JsonNode two = sent("https://img.example/a.png https://img.example/b.png a castle");
        assertThat(two.path("fileUrls")).hasSize(2);
        assertThat(two.has("fileUrl")).isFalse();
    }

    @Test
    @DisplayName("--sref URLs make a style-reference job; --oref an omni-reference job with ow and no speed")
    void references() {
        JsonNode s = sent("a castle --sref https://img.example/style.png");
        assertThat(s.path("taskType").asText()).isEqualTo("style-reference");
        assertThat(s.path("fileUrl").asText()).isEqualTo("https://img.example/style.png");
        server.resetAll();
        JsonNode o = sent("a castle --oref https://img.example/me.png --ow 250 --turbo");
        assertThat(o.path("taskType").asText()).isEqualTo("omni-reference");
        assertThat(o.path("ow").asInt()).isEqualTo(250);
        assertThat(o.has("speed")).isFalse();
    }

    @Test
    @DisplayName("two kinds of reference images in one prompt are refused before sending")
    void mixedReferences() {
        Throwable t = catchThrowable(() -> provider().submit(root(Action.Imagine.of(
                "https://img.example/a.png a castle --oref https://img.example/me.png"))));
        assertThat(t).isInstanceOf(InvalidRequestException.class);
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("more than five image prompts are refused before sending (§8)")
    void tooManyImages() {
        Prompt.Builder p = Prompt.builder().text("a castle");
        for (int i = 0; i < 6; i++) {
            p.imageUrl(URI.create("https://img.example/" + i + ".png"));
        }
        assertThat(catchThrowable(() -> provider().submit(root(new Action.Imagine(p.build())))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at most 5");
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("watermark and translate options, and the callback URI, are sent with generate")
    void optionsAndCallback() {
        accepts("generate", "job-1");
        provider(Map.of("watermark", "acme", "TRANSLATE", "true"), Optional.of(CALLBACK)).submit(root(Action.Imagine.of("кот")));
        JsonNode b = onlyRequestBody();
        assertThat(b.path("waterMark").asText()).isEqualTo("acme");
        assertThat(b.path("enableTranslation").asBoolean()).isTrue();
        assertThat(b.path("callBackUrl").asText()).isEqualTo(CALLBACK.toString());
    }

    @Test
    @DisplayName("the receipt is QUEUED with the cost (1 request), the aspect ratio and the prompt in the vendor state")
    void receipt() {
        accepts("generate", "job-1");
        SubmitReceipt r = provider().submit(root(Action.Imagine.of("a red fox --ar 16:9")));
        assertThat(r.vendorTaskId()).isEqualTo("job-1");
        TaskSnapshot s = r.snapshot().orElseThrow();
        assertThat(s.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(s.usage()).hasValue(new Usage(BigDecimal.ONE, "requests"));
        assertThat(s.vendorState()).containsEntry("aspectRatio", "16:9").containsEntry("prompt", "a red fox")
                .containsEntry("taskType", "text-to-image");
    }

    @Test
    @DisplayName("without --ar the vendor's default 1:1 is recorded as the aspect ratio in effect")
    void defaultAspect() {
        accepts("generate", "job-1");
        TaskSnapshot s = provider().submit(root(Action.Imagine.of("a red fox"))).snapshot().orElseThrow();
        assertThat(s.vendorState()).containsEntry("aspectRatio", "1:1");
        assertThat(onlyRequestBody().has("aspectRatio")).isFalse();
    }

    @Test
    @DisplayName("a blend is image-to-image with fileUrls, the shape's aspect ratio and no prompt")
    void blend() {
        accepts("generate", "job-1");
        provider().submit(root(new Action.Blend(List.of(URI.create("https://img.example/a.png"), URI.create("https://img.example/b.png"),
                URI.create("https://img.example/c.png")), Action.BlendShape.PORTRAIT)));
        JsonNode b = onlyRequestBody();
        assertThat(b.path("taskType").asText()).isEqualTo("image-to-image");
        assertThat(b.path("fileUrls")).hasSize(3);
        assertThat(b.path("aspectRatio").asText()).isEqualTo("2:3");
        assertThat(b.has("prompt")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DESCRIBE", "SHORTEN", "VARY", "UPSCALE_MORE"})
    @DisplayName("actions without a Kolersky endpoint fail with UnsupportedActionException and zero requests")
    void unsupported(String kind) {
        Action a = switch (kind) {
            case "DESCRIBE" -> new Action.Describe(URI.create("https://img.example/a.png"));
            case "SHORTEN" -> new Action.Shorten(Prompt.of("a very long prompt"));
            case "VARY" -> new Action.Vary(Action.Strength.SUBTLE);
            default -> new Action.UpscaleMore(Action.UpscaleMode.X2);
        };
        TaskSnapshot parent = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("p").build();
        Throwable t = catchThrowable(() -> provider().submit(new io.mj4j.spi.SubmitRequest(a,
                a.isFollowUp() ? Optional.of(parent) : Optional.empty(), "ref")));
        assertThat(t).isInstanceOf(io.mj4j.spi.UnsupportedActionException.class);
        assertThat(requests()).isEmpty();
    }
}
