package io.mj4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Action")
class ActionTest {

    private static final URI A = URI.create("https://cdn.example.com/a.png");
    private static final URI B = URI.create("https://cdn.example.com/b.png");

    /** A PNG signature followed by filler bytes; enough for the mask check. */
    private static byte[] png(int size) {
        byte[] bytes = new byte[size];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        Arrays.fill(bytes, signature.length, size, (byte) 7);
        return bytes;
    }

    private static String pngBase64(int size) {
        return Base64.getEncoder().encodeToString(png(size));
    }

    static Stream<Arguments> everyAction() {
        return Stream.of(
                Arguments.of(Action.Imagine.of("a fox"), ActionKind.IMAGINE, Optional.empty()),
                Arguments.of(new Action.Blend(List.of(A, B), Action.BlendShape.SQUARE), ActionKind.BLEND, Optional.empty()),
                Arguments.of(new Action.Describe(A), ActionKind.DESCRIBE, Optional.empty()),
                Arguments.of(new Action.Shorten(Prompt.of("a fox")), ActionKind.SHORTEN, Optional.empty()),
                Arguments.of(new Action.Upscale(2), ActionKind.UPSCALE, Optional.of(FollowUp.of(ActionKind.UPSCALE, "2"))),
                Arguments.of(new Action.Variation(4), ActionKind.VARIATION, Optional.of(FollowUp.of(ActionKind.VARIATION, "4"))),
                Arguments.of(new Action.Reroll(), ActionKind.REROLL, Optional.of(FollowUp.of(ActionKind.REROLL))),
                Arguments.of(new Action.Vary(Action.Strength.STRONG), ActionKind.VARY, Optional.of(FollowUp.of(ActionKind.VARY, "STRONG"))),
                Arguments.of(new Action.UpscaleMore(Action.UpscaleMode.X4), ActionKind.UPSCALE_MORE,
                        Optional.of(FollowUp.of(ActionKind.UPSCALE_MORE, "X4"))),
                Arguments.of(Action.Zoom.out(1.5), ActionKind.ZOOM, Optional.of(FollowUp.of(ActionKind.ZOOM))),
                Arguments.of(Action.Zoom.makeSquare(), ActionKind.ZOOM, Optional.of(FollowUp.of(ActionKind.ZOOM))),
                Arguments.of(new Action.Pan(Action.Direction.UP), ActionKind.PAN, Optional.of(FollowUp.of(ActionKind.PAN, "UP"))),
                Arguments.of(Action.VaryRegion.of(png(16), null), ActionKind.VARY_REGION, Optional.of(FollowUp.of(ActionKind.VARY_REGION))),
                Arguments.of(new Action.Animate(Action.Motion.LOW), ActionKind.ANIMATE, Optional.of(FollowUp.of(ActionKind.ANIMATE))),
                Arguments.of(new Action.Seed(), ActionKind.SEED, Optional.of(FollowUp.of(ActionKind.SEED))),
                Arguments.of(new Action.Custom("MJ::JOB::upsample::1", Map.of(), true), ActionKind.CUSTOM, Optional.empty()));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("everyAction")
    @DisplayName("every action reports its kind, whether it is a follow-up, and the follow-up it requires")
    void kindFollowUpAndRequiredFollowUp(Action action, ActionKind kind, Optional<FollowUp> required) {
        assertThat(action.kind()).isEqualTo(kind);
        assertThat(action.requiredFollowUp()).isEqualTo(required);
        if (kind != ActionKind.CUSTOM) {
            assertThat(action.isFollowUp()).isEqualTo(!kind.isRoot());
        }
    }

    @Test
    @DisplayName("exactly IMAGINE, BLEND, DESCRIBE and SHORTEN are root kinds")
    void rootKinds() {
        assertThat(Arrays.stream(ActionKind.values()).filter(ActionKind::isRoot))
                .containsExactlyInAnyOrder(ActionKind.IMAGINE, ActionKind.BLEND, ActionKind.DESCRIBE, ActionKind.SHORTEN);
    }

    @Test
    @DisplayName("root actions are not follow-ups and require nothing of a parent")
    void rootActionsAreNotFollowUps() {
        assertThat(Action.Imagine.of("a fox").isFollowUp()).isFalse();
        assertThat(new Action.Describe(A).isFollowUp()).isFalse();
        assertThat(new Action.Blend(List.of(A, B), Action.BlendShape.PORTRAIT).isFollowUp()).isFalse();
        assertThat(new Action.Shorten(Prompt.of("a fox")).isFollowUp()).isFalse();
    }

    @Nested
    @DisplayName("Imagine and Shorten")
    class ImagineAndShorten {

        @Test
        @DisplayName("Imagine.of parses the raw prompt")
        void imagineOfParses() {
            assertThat(Action.Imagine.of("a fox --ar 16:9").prompt().aspectRatio()).contains("16:9");
        }

        @Test
        @DisplayName("Imagine.of rejects an invalid prompt")
        void imagineOfRejectsInvalid() {
            assertThatThrownBy(() -> Action.Imagine.of("a fox --s 5000"))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("--stylize");
        }

        @Test
        @DisplayName("a null prompt is rejected with a message naming prompt")
        void nullPrompt() {
            assertThatThrownBy(() -> new Action.Imagine(null))
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("prompt:");
            assertThatThrownBy(() -> new Action.Shorten(null))
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("prompt:");
        }
    }

    @Nested
    @DisplayName("Upscale and Variation")
    class Indexes {

        @ParameterizedTest(name = "index {0}")
        @ValueSource(ints = {1, 2, 3, 4})
        @DisplayName("accept indexes 1 to 4 and require the matching follow-up")
        void acceptsOneToFour(int index) {
            assertThat(new Action.Upscale(index).requiredFollowUp()).contains(FollowUp.upscale(index));
            assertThat(new Action.Variation(index).requiredFollowUp()).contains(FollowUp.variation(index));
        }

        @ParameterizedTest(name = "index {0}")
        @ValueSource(ints = {0, 5, -1, Integer.MAX_VALUE})
        @DisplayName("reject indexes outside 1 to 4 with a message naming index")
        void rejectsOthers(int index) {
            assertThatThrownBy(() -> new Action.Upscale(index))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("index:")
                    .hasMessageContaining("1..4")
                    .hasMessageContaining("got " + index);
            assertThatThrownBy(() -> new Action.Variation(index))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("index:");
        }
    }

    @Nested
    @DisplayName("Vary and UpscaleMore")
    class VaryAndUpscaleMore {

        @ParameterizedTest
        @EnumSource(Action.Strength.class)
        @DisplayName("Vary requires the follow-up of its strength")
        void vary(Action.Strength strength) {
            assertThat(new Action.Vary(strength).requiredFollowUp()).contains(FollowUp.of(ActionKind.VARY, strength.name()));
        }

        @ParameterizedTest
        @EnumSource(Action.UpscaleMode.class)
        @DisplayName("UpscaleMore requires the follow-up of its mode")
        void upscaleMore(Action.UpscaleMode mode) {
            assertThat(new Action.UpscaleMore(mode).requiredFollowUp())
                    .contains(FollowUp.of(ActionKind.UPSCALE_MORE, mode.name()));
        }

        @Test
        @DisplayName("a null strength or mode is rejected")
        void nulls() {
            assertThatThrownBy(() -> new Action.Vary(null))
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("strength:");
            assertThatThrownBy(() -> new Action.UpscaleMore(null))
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("mode:");
        }
    }

    @Nested
    @DisplayName("Zoom")
    class ZoomTests {

        @ParameterizedTest(name = "factor {0}")
        @ValueSource(doubles = {1.0, 1.5, 2.0})
        @DisplayName("accepts factors from 1 to 2")
        void acceptsRange(double factor) {
            // when
            Action.Zoom zoom = Action.Zoom.out(factor);

            // then
            assertThat(zoom.factor()).isEqualTo(factor);
            assertThat(zoom.square()).isFalse();
        }

        @ParameterizedTest(name = "factor {0}")
        @ValueSource(doubles = {0.0, 0.99, 2.01, -1.5, Double.NaN, Double.POSITIVE_INFINITY})
        @DisplayName("rejects factors outside [1, 2] with a message naming factor")
        void rejectsOutOfRange(double factor) {
            assertThatThrownBy(() -> Action.Zoom.out(factor))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("factor:")
                    .hasMessageContaining("[1, 2]");
        }

        @Test
        @DisplayName("makeSquare is a square zoom of factor 1")
        void makeSquare() {
            assertThat(Action.Zoom.makeSquare()).isEqualTo(new Action.Zoom(1.0, true));
        }
    }

    @Nested
    @DisplayName("Blend")
    class BlendTests {

        @ParameterizedTest(name = "{0} images")
        @ValueSource(ints = {2, 3, 4, 5})
        @DisplayName("accepts 2 to 5 images")
        void acceptsTwoToFive(int count) {
            assertThat(new Action.Blend(images(count), Action.BlendShape.LANDSCAPE).images()).hasSize(count);
        }

        @ParameterizedTest(name = "{0} images")
        @ValueSource(ints = {0, 1, 6})
        @DisplayName("rejects fewer than 2 or more than 5 images with a message naming images")
        void rejectsOtherCounts(int count) {
            assertThatThrownBy(() -> new Action.Blend(images(count), Action.BlendShape.SQUARE))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("images:")
                    .hasMessageContaining("2 to 5")
                    .hasMessageContaining("got " + count);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"ftp://cdn.example.com/a.png", "file:///tmp/a.png", "/relative/a.png", "data:image/png;base64,AAAA"})
        @DisplayName("accepts only absolute http(s) URLs")
        void rejectsNonHttp(String url) {
            assertThatThrownBy(() -> new Action.Blend(List.of(A, URI.create(url)), Action.BlendShape.SQUARE))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("images:")
                    .hasMessageContaining("http(s)");
        }

        @Test
        @DisplayName("accepts http as well as https")
        void acceptsHttp() {
            assertThat(new Action.Blend(List.of(A, URI.create("http://cdn.example.com/b.png")), Action.BlendShape.SQUARE)
                    .images()).hasSize(2);
        }

        @Test
        @DisplayName("rejects null images and a null shape")
        void nulls() {
            assertThatThrownBy(() -> new Action.Blend(null, Action.BlendShape.SQUARE))
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("images:");
            assertThatThrownBy(() -> new Action.Blend(List.of(A, B), null))
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("shape:");
        }

        @Test
        @DisplayName("keeps its own copy of the image list")
        void copiesImages() {
            // given
            List<URI> source = new ArrayList<>(List.of(A, B));
            Action.Blend blend = new Action.Blend(source, Action.BlendShape.SQUARE);

            // when
            source.add(URI.create("https://cdn.example.com/c.png"));

            // then
            assertThat(blend.images()).containsExactly(A, B);
            assertThatThrownBy(() -> blend.images().add(A)).isInstanceOf(UnsupportedOperationException.class);
        }

        private List<URI> images(int count) {
            List<URI> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                list.add(URI.create("https://cdn.example.com/" + i + ".png"));
            }
            return list;
        }
    }

    @Nested
    @DisplayName("Describe")
    class DescribeTests {

        @Test
        @DisplayName("accepts an https URL")
        void acceptsHttps() {
            assertThat(new Action.Describe(A).image()).isEqualTo(A);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"ftp://cdn.example.com/a.png", "a.png", "https:opaque", "http:///no-host"})
        @DisplayName("rejects anything but an absolute http(s) URL, naming image")
        void rejectsOthers(String url) {
            assertThatThrownBy(() -> new Action.Describe(URI.create(url)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("image:");
        }

        @Test
        @DisplayName("rejects null")
        void rejectsNull() {
            assertThatThrownBy(() -> new Action.Describe(null))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("image: must not be null");
        }
    }

    @Nested
    @DisplayName("VaryRegion")
    class VaryRegionTests {

        @Test
        @DisplayName("accepts a base64 PNG and keeps it")
        void acceptsPng() {
            // given
            String mask = pngBase64(32);

            // when
            Action.VaryRegion action = new Action.VaryRegion(mask, Optional.of("a hat"));

            // then
            assertThat(action.maskPngBase64()).isEqualTo(mask);
            assertThat(action.prompt()).contains("a hat");
        }

        @Test
        @DisplayName("strips a data: URI prefix")
        void stripsDataPrefix() {
            // given
            String mask = pngBase64(32);

            // when
            Action.VaryRegion action = new Action.VaryRegion("data:image/png;base64," + mask, Optional.empty());

            // then
            assertThat(action.maskPngBase64()).isEqualTo(mask);
        }

        @Test
        @DisplayName("of(bytes, prompt) encodes the bytes")
        void ofBytes() {
            // when
            Action.VaryRegion action = Action.VaryRegion.of(png(20), " a hat ");

            // then
            assertThat(Base64.getDecoder().decode(action.maskPngBase64())).isEqualTo(png(20));
            assertThat(action.prompt()).contains("a hat");
            assertThat(Action.VaryRegion.of(png(20), null).prompt()).isEmpty();
        }

        @Test
        @DisplayName("rejects a JPEG with a message naming mask and PNG")
        void rejectsNonPng() {
            // given
            byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'};

            // then
            assertThatThrownBy(() -> Action.VaryRegion.of(jpeg, null))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("mask:")
                    .hasMessageContaining("PNG");
        }

        @Test
        @DisplayName("rejects fewer bytes than a PNG signature")
        void rejectsTooShort() {
            assertThatThrownBy(() -> Action.VaryRegion.of(new byte[] {(byte) 0x89, 'P', 'N'}, null))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("mask:");
        }

        @Test
        @DisplayName("rejects text that is not base64")
        void rejectsNonBase64() {
            assertThatThrownBy(() -> new Action.VaryRegion("%%% not base64 %%%", Optional.empty()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("mask:")
                    .hasMessageContaining("base64");
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"", "   "})
        @DisplayName("rejects an empty mask")
        void rejectsEmpty(String mask) {
            assertThatThrownBy(() -> new Action.VaryRegion(mask, Optional.empty()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("mask: must not be empty");
            assertThatThrownBy(() -> new Action.VaryRegion(null, Optional.empty()))
                    .isInstanceOf(InvalidRequestException.class);
        }

        @Test
        @DisplayName("toString shows the mask's length, never the mask itself")
        void toStringHidesMask() {
            // given
            String mask = pngBase64(600);

            // when
            String shown = new Action.VaryRegion(mask, Optional.of("a hat")).toString();

            // then
            assertThat(shown).doesNotContain(mask).doesNotContain(mask.substring(0, 20))
                    .contains(mask.length() + " base64 chars").contains("a hat");
        }
    }

    @Nested
    @DisplayName("optional prompts of Pan and Animate")
    class OptionalPrompts {

        @Test
        @DisplayName("Pan without a prompt has none and requires the pan follow-up of its direction")
        void panWithoutPrompt() {
            // when
            Action.Pan pan = new Action.Pan(Action.Direction.LEFT);

            // then
            assertThat(pan.prompt()).isEmpty();
            assertThat(pan.requiredFollowUp()).contains(FollowUp.of(ActionKind.PAN, "LEFT"));
        }

        @Test
        @DisplayName("Pan strips its prompt and treats a blank one as none")
        void panPromptNormalized() {
            assertThat(new Action.Pan(Action.Direction.RIGHT, Optional.of("  a beach ")).prompt()).contains("a beach");
            assertThat(new Action.Pan(Action.Direction.RIGHT, Optional.of("   ")).prompt()).isEmpty();
        }

        @Test
        @DisplayName("Animate without a prompt has none and no HD")
        void animateDefaults() {
            // when
            Action.Animate animate = new Action.Animate(Action.Motion.HIGH);

            // then
            assertThat(animate.prompt()).isEmpty();
            assertThat(animate.hd()).isFalse();
            assertThat(animate.motion()).isEqualTo(Action.Motion.HIGH);
        }

        @Test
        @DisplayName("Animate strips its prompt and treats a blank one as none")
        void animatePromptNormalized() {
            assertThat(new Action.Animate(Action.Motion.LOW, Optional.of(" waves "), true).prompt()).contains("waves");
            assertThat(new Action.Animate(Action.Motion.LOW, Optional.of(""), true).prompt()).isEmpty();
        }

        @Test
        @DisplayName("a null direction or motion is rejected")
        void nulls() {
            assertThatThrownBy(() -> new Action.Pan(null))
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("direction:");
            assertThatThrownBy(() -> new Action.Animate(null))
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("motion:");
        }
    }

    @Nested
    @DisplayName("Custom")
    class CustomTests {

        @Test
        @DisplayName("is a follow-up exactly when it says so, and requires no follow-up")
        void followUpFlag() {
            // given
            Action.Custom followUp = new Action.Custom("MJ::JOB::upsample::1", Map.of("k", "v"), true);
            Action.Custom root = new Action.Custom("imagine-v7", Map.of(), false);

            // then
            assertThat(followUp.isFollowUp()).isTrue();
            assertThat(root.isFollowUp()).isFalse();
            assertThat(followUp.kind()).isEqualTo(ActionKind.CUSTOM);
            assertThat(root.requiredFollowUp()).isEmpty();
            assertThat(followUp.requiredFollowUp()).isEmpty();
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"", "  "})
        @DisplayName("rejects a blank vendor action id")
        void rejectsBlankId(String id) {
            assertThatThrownBy(() -> new Action.Custom(id, Map.of(), false))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("vendorActionId:");
            assertThatThrownBy(() -> new Action.Custom(null, Map.of(), false))
                    .isInstanceOf(InvalidRequestException.class);
        }

        @Test
        @DisplayName("treats null params as none and keeps its own copy of the params")
        void params() {
            // given
            Map<String, String> source = new HashMap<>(Map.of("a", "1"));
            Action.Custom custom = new Action.Custom("x", source, false);

            // when
            source.put("b", "2");

            // then
            assertThat(custom.params()).containsExactly(Map.entry("a", "1"));
            assertThat(new Action.Custom("x", null, false).params()).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.DisplayName("a vary-region mask above the size limit is refused before anything is sent")
    void maskSizeLimit() {
        byte[] big = new byte[Action.VaryRegion.MAX_MASK_BYTES + 1024];
        big[0] = (byte) 0x89;
        big[1] = 'P';
        big[2] = 'N';
        big[3] = 'G';
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Action.VaryRegion.of(big, null))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("mask").hasMessageContaining("larger than");
    }
}
