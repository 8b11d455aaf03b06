package io.mj4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Prompt")
class PromptTest {

    private static final URI IMAGE_A = URI.create("https://cdn.example.com/a.png");
    private static final URI IMAGE_B = URI.create("http://cdn.example.com/b.jpg");

    @Nested
    @DisplayName("parse")
    class Parse {

        @Test
        @DisplayName("reads leading http(s) URLs as image prompts and the words up to the first flag as text")
        void leadingImageUrlsAndText() {
            // when
            Prompt p = Prompt.parse("https://cdn.example.com/a.png http://cdn.example.com/b.jpg a red fox --ar 16:9");

            // then
            assertThat(p.imageUrls()).containsExactly(IMAGE_A, IMAGE_B);
            assertThat(p.text()).isEqualTo("a red fox");
            assertThat(p.aspectRatio()).contains("16:9");
        }

        @Test
        @DisplayName("collapses runs of whitespace in the text")
        void collapsesWhitespace() {
            assertThat(Prompt.parse("  a   red\tfox \n in snow ").text()).isEqualTo("a red fox in snow");
        }

        @Test
        @DisplayName("keeps a URL that follows the text inside the text")
        void urlAfterTextStaysText() {
            // when
            Prompt p = Prompt.parse("a fox like https://cdn.example.com/a.png");

            // then
            assertThat(p.imageUrls()).isEmpty();
            assertThat(p.text()).isEqualTo("a fox like https://cdn.example.com/a.png");
        }

        @Test
        @DisplayName("accepts a prompt made of image URLs only")
        void imagesOnly() {
            // when
            Prompt p = Prompt.parse("https://cdn.example.com/a.png --ar 1:1");

            // then
            assertThat(p.text()).isEmpty();
            assertThat(p.imageUrls()).containsExactly(IMAGE_A);
            assertThat(p.render()).isEqualTo("https://cdn.example.com/a.png --ar 1:1");
        }

        @Test
        @DisplayName("leaves every parameter absent for plain text")
        void plainText() {
            // when
            Prompt p = Prompt.parse("a red fox");

            // then
            assertThat(p.aspectRatio()).isEmpty();
            assertThat(p.version()).isEmpty();
            assertThat(p.niji()).isEmpty();
            assertThat(p.stylize()).isEmpty();
            assertThat(p.chaos()).isEmpty();
            assertThat(p.weird()).isEmpty();
            assertThat(p.quality()).isEmpty();
            assertThat(p.seed()).isEmpty();
            assertThat(p.no()).isEmpty();
            assertThat(p.tile()).isFalse();
            assertThat(p.style()).isEmpty();
            assertThat(p.styleRaw()).isFalse();
            assertThat(p.imageWeight()).isEmpty();
            assertThat(p.styleReferences()).isEmpty();
            assertThat(p.styleWeight()).isEmpty();
            assertThat(p.characterReferences()).isEmpty();
            assertThat(p.characterWeight()).isEmpty();
            assertThat(p.omniReference()).isEmpty();
            assertThat(p.omniWeight()).isEmpty();
            assertThat(p.speed()).isEmpty();
            assertThat(p.otherParameters()).isEmpty();
            assertThat(p.renderParameters()).isEmpty();
        }

        @ParameterizedTest(name = "{0} 16:9")
        @ValueSource(strings = {"--ar", "--aspect"})
        @DisplayName("reads the aspect ratio from --ar and --aspect")
        void aspectRatio(String flag) {
            assertThat(Prompt.parse("a fox " + flag + " 16:9").aspectRatio()).contains("16:9");
        }

        @ParameterizedTest(name = "{0} 6.1")
        @ValueSource(strings = {"--v", "--version"})
        @DisplayName("reads the version from --v and --version")
        void version(String flag) {
            assertThat(Prompt.parse("a fox " + flag + " 6.1").version()).contains("6.1");
        }

        @Test
        @DisplayName("reads --niji without a value as the empty string and renders it back bare")
        void nijiWithoutValue() {
            // when
            Prompt p = Prompt.parse("a fox --niji --ar 2:3");

            // then
            assertThat(p.niji()).contains("");
            assertThat(p.aspectRatio()).contains("2:3");
            assertThat(p.renderParameters()).isEqualTo(" --ar 2:3 --niji");
        }

        @Test
        @DisplayName("reads --niji with a version")
        void nijiWithValue() {
            // when
            Prompt p = Prompt.parse("a fox --niji 6");

            // then
            assertThat(p.niji()).contains("6");
            assertThat(p.renderParameters()).isEqualTo(" --niji 6");
        }

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource({"--s, 250", "--stylize, 250"})
        @DisplayName("reads stylize from --s and --stylize")
        void stylize(String flag, int value) {
            assertThat(Prompt.parse("a fox " + flag + " " + value).stylize()).hasValue(value);
        }

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource({"--c, 40", "--chaos, 40"})
        @DisplayName("reads chaos from --c and --chaos")
        void chaos(String flag, int value) {
            assertThat(Prompt.parse("a fox " + flag + " " + value).chaos()).hasValue(value);
        }

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource({"--w, 1000", "--weird, 1000"})
        @DisplayName("reads weird from --w and --weird")
        void weird(String flag, int value) {
            assertThat(Prompt.parse("a fox " + flag + " " + value).weird()).hasValue(value);
        }

        @ParameterizedTest(name = "{0} {1} is {2}")
        @CsvSource({
                "--q, .25, 0.25", "--q, .5, 0.5", "--q, 0.5, 0.5", "--q, 1, 1", "--q, 1.0, 1",
                "--quality, 2, 2", "--quality, 4, 4"})
        @DisplayName("reads quality from --q and --quality, including the leading-dot form")
        void quality(String flag, String raw, BigDecimal expected) {
            assertThat(Prompt.parse("a fox " + flag + " " + raw).quality()).hasValueSatisfying(
                    q -> assertThat(q).isEqualByComparingTo(expected));
        }

        @Test
        @DisplayName("renders quality .5 as 0.5")
        void qualityRendering() {
            assertThat(Prompt.parse("a fox --q .5").renderParameters()).isEqualTo(" --q 0.5");
        }

        @Test
        @DisplayName("reads the seed as an unsigned 32-bit number")
        void seed() {
            assertThat(Prompt.parse("a fox --seed 4294967295").seed()).hasValue(4_294_967_295L);
        }

        @Test
        @DisplayName("reads every word after --no up to the next flag")
        void noWithSeveralWords() {
            // when
            Prompt p = Prompt.parse("a street --no cars people trees --ar 3:2");

            // then
            assertThat(p.no()).contains("cars people trees");
            assertThat(p.aspectRatio()).contains("3:2");
        }

        @Test
        @DisplayName("reads --tile as a switch")
        void tile() {
            assertThat(Prompt.parse("a pattern --tile").tile()).isTrue();
        }

        @Test
        @DisplayName("reads --style raw")
        void styleRaw() {
            // when
            Prompt p = Prompt.parse("a fox --style raw");

            // then
            assertThat(p.style()).contains("raw");
            assertThat(p.styleRaw()).isTrue();
        }

        @Test
        @DisplayName("reads the --raw shorthand as --style raw")
        void rawShorthand() {
            // when
            Prompt p = Prompt.parse("a fox --raw");

            // then
            assertThat(p.styleRaw()).isTrue();
            assertThat(p.renderParameters()).isEqualTo(" --style raw");
        }

        @Test
        @DisplayName("reads the image weight when there is an image prompt")
        void imageWeight() {
            // when
            Prompt p = Prompt.parse("https://cdn.example.com/a.png a fox --iw 1.5");

            // then
            assertThat(p.imageWeight()).hasValueSatisfying(iw -> assertThat(iw).isEqualByComparingTo("1.5"));
        }

        @Test
        @DisplayName("reads --sref URLs and style codes together, and --sw")
        void styleReferences() {
            // when
            Prompt p = Prompt.parse("a fox --sref https://cdn.example.com/s.png 1234567 random --sw 200");

            // then
            assertThat(p.styleReferences()).containsExactly("https://cdn.example.com/s.png", "1234567", "random");
            assertThat(p.styleWeight()).hasValue(200);
        }

        @Test
        @DisplayName("reads several --cref URLs and --cw")
        void characterReferences() {
            // when
            Prompt p = Prompt.parse("a fox --cref https://cdn.example.com/c1.png https://cdn.example.com/c2.png --cw 0");

            // then
            assertThat(p.characterReferences()).containsExactly(
                    URI.create("https://cdn.example.com/c1.png"), URI.create("https://cdn.example.com/c2.png"));
            assertThat(p.characterWeight()).hasValue(0);
        }

        @Test
        @DisplayName("reads --oref and --ow")
        void omniReference() {
            // when
            Prompt p = Prompt.parse("a fox --oref https://cdn.example.com/o.png --ow 400");

            // then
            assertThat(p.omniReference()).contains(URI.create("https://cdn.example.com/o.png"));
            assertThat(p.omniWeight()).hasValue(400);
        }

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource({"--fast, FAST", "--relax, RELAX", "--turbo, TURBO"})
        @DisplayName("reads the speed mode switches")
        void speed(String flag, SpeedMode expected) {
            assertThat(Prompt.parse("a fox " + flag).speed()).contains(expected);
        }

        @Test
        @DisplayName("reads known flags case-insensitively")
        void flagsAreCaseInsensitive() {
            // when
            Prompt p = Prompt.parse("a fox --AR 2:3 --Stylize 50 --FAST");

            // then
            assertThat(p.aspectRatio()).contains("2:3");
            assertThat(p.stylize()).hasValue(50);
            assertThat(p.speed()).contains(SpeedMode.FAST);
            assertThat(p.otherParameters()).isEmpty();
        }

        @Test
        @DisplayName("keeps unknown flags verbatim, with their values, in otherParameters and renders them back")
        void unknownFlagsKeptVerbatim() {
            // when
            Prompt p = Prompt.parse("a fox --stop 50 --hd --Exp 25 --ar 1:1 --video x y");

            // then
            assertThat(p.otherParameters()).containsExactly("--stop 50", "--hd", "--Exp 25", "--video x y");
            assertThat(p.aspectRatio()).contains("1:1");
            assertThat(p.renderParameters()).isEqualTo(" --ar 1:1 --stop 50 --hd --Exp 25 --video x y");
        }
    }

    @Nested
    @DisplayName("render")
    class Render {

        private final String everything = "https://cdn.example.com/a.png https://cdn.example.com/b.png a red fox"
                + " --ar 16:9 --v 7 --s 250 --c 10 --w 5 --q 0.5 --seed 42 --no cars trees --tile --style raw --iw 1.5"
                + " --sref https://cdn.example.com/s.png 123 --sw 100 --cref https://cdn.example.com/c.png --cw 50"
                + " --oref https://cdn.example.com/o.png --ow 200 --fast --stop 50 --hd";

        @Test
        @DisplayName("writes image URLs, text and every parameter as flags in a fixed order")
        void rendersEverything() {
            // given
            Prompt p = Prompt.parse("https://cdn.example.com/a.png https://cdn.example.com/b.png a  red fox --hd"
                    + " --fast --ow 200 --oref https://cdn.example.com/o.png --cw 50 --cref https://cdn.example.com/c.png"
                    + " --sw 100 --sref https://cdn.example.com/s.png 123 --iw 1.50 --raw --tile --no cars trees"
                    + " --seed 42 --q .5 --w 5 --c 10 --s 250 --v 7 --ar 16:9 --stop 50");

            // when / then
            assertThat(p.render()).isEqualTo(everything.replace("--stop 50 --hd", "--hd --stop 50"));
        }

        @Test
        @DisplayName("renderParameters writes only the flags, each preceded by a space")
        void renderParameters() {
            // given
            Prompt p = Prompt.parse("https://cdn.example.com/a.png a fox --s 100 --ar 1:1 --tile");

            // when / then
            assertThat(p.renderParameters()).isEqualTo(" --ar 1:1 --s 100 --tile");
        }

        @Test
        @DisplayName("renderParameters is empty when there are no parameters")
        void renderParametersEmpty() {
            assertThat(Prompt.of("a fox").renderParameters()).isEmpty();
            assertThat(Prompt.of("a fox").render()).isEqualTo("a fox");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                "a red fox",
                "https://cdn.example.com/a.png",
                "https://cdn.example.com/a.png https://cdn.example.com/b.png a red fox --iw 0.25",
                "a fox --niji",
                "a fox --niji 6 --s 0 --c 100 --w 3000",
                "a fox --ar 16:9 --v 6.1 --q .25 --seed 0 --no cars, trees and people --tile --style raw",
                "a fox --sref 123 https://cdn.example.com/s.png --sw 1000 --cref https://cdn.example.com/c.png --cw 100",
                "a fox --oref https://cdn.example.com/o.png --ow 1 --relax",
                "a fox --turbo --stop 50 --hd --Exp 25 --video x y",
                "https://cdn.example.com/a.png https://cdn.example.com/b.png a red fox --ar 16:9 --v 7 --s 250 --c 10"
                        + " --w 5 --q 0.5 --seed 42 --no cars trees --tile --style raw --iw 1.5"
                        + " --sref https://cdn.example.com/s.png 123 --sw 100 --cref https://cdn.example.com/c.png"
                        + " --cw 50 --oref https://cdn.example.com/o.png --ow 200 --fast --stop 50 --hd"})
        @DisplayName("parse(render()) gives back an equal prompt")
        void roundTrip(String raw) {
            // given
            Prompt p = Prompt.parse(raw);

            // when
            Prompt again = Prompt.parse(p.render());

            // then
            assertThat(again).isEqualTo(p).hasSameHashCodeAs(p);
            assertThat(again.render()).isEqualTo(p.render());
            assertThat(again.imageUrls()).isEqualTo(p.imageUrls());
            assertThat(again.otherParameters()).isEqualTo(p.otherParameters());
        }

        @Test
        @DisplayName("two prompts with the same parameters in a different order are equal")
        void equalityIgnoresFlagOrder() {
            assertThat(Prompt.parse("a fox --s 100 --ar 1:1")).isEqualTo(Prompt.parse("a  fox --ar 1:1 --stylize 100"));
            assertThat(Prompt.parse("a fox --s 100")).isNotEqualTo(Prompt.parse("a fox --s 101"));
        }

        @Test
        @DisplayName("toString shows the rendered prompt")
        void toStringShowsRender() {
            assertThat(Prompt.parse("a fox --ar 1:1")).hasToString("Prompt[a fox --ar 1:1]");
        }
    }

    @Nested
    @DisplayName("builder")
    class BuilderTests {

        @Test
        @DisplayName("builds a prompt with every typed value and renders it as flags")
        void buildsEverything() {
            // when
            Prompt p = Prompt.builder()
                    .text("a red fox")
                    .imageUrl(IMAGE_A)
                    .aspectRatio("16:9")
                    .version("7")
                    .stylize(250)
                    .chaos(10)
                    .weird(5)
                    .quality(new BigDecimal("0.5"))
                    .seed(42L)
                    .no("cars")
                    .tile(true)
                    .styleRaw(true)
                    .imageWeight(new BigDecimal("2"))
                    .styleReference("123")
                    .styleWeight(100)
                    .characterReference(URI.create("https://cdn.example.com/c.png"))
                    .characterWeight(50)
                    .omniReference(URI.create("https://cdn.example.com/o.png"))
                    .omniWeight(200)
                    .speed(SpeedMode.RELAX)
                    .otherParameter("  --stop 50 ")
                    .build();

            // then
            assertThat(p.render()).isEqualTo("https://cdn.example.com/a.png a red fox --ar 16:9 --v 7 --s 250 --c 10 --w 5"
                    + " --q 0.5 --seed 42 --no cars --tile --style raw --iw 2 --sref 123 --sw 100"
                    + " --cref https://cdn.example.com/c.png --cw 50 --oref https://cdn.example.com/o.png --ow 200"
                    + " --relax --stop 50");
            assertThat(p.otherParameters()).containsExactly("--stop 50");
            assertThat(Prompt.parse(p.render())).isEqualTo(p);
        }

        @Test
        @DisplayName("of(text) is a prompt of plain text")
        void ofText() {
            assertThat(Prompt.of("  a   fox ")).isEqualTo(Prompt.builder().text("a fox").build());
        }

        @Test
        @DisplayName("toBuilder copies every value, and changing the copy leaves the original alone")
        void toBuilderCopies() {
            // given
            Prompt original = Prompt.parse("https://cdn.example.com/a.png a fox --ar 1:1 --niji 6 --sref 1 --sw 5 --stop 2");

            // when
            Prompt copy = original.toBuilder().build();
            Prompt changed = original.toBuilder().stylize(10).styleReference("2").build();

            // then
            assertThat(copy).isEqualTo(original);
            assertThat(copy.render()).isEqualTo(original.render());
            assertThat(changed.stylize()).hasValue(10);
            assertThat(changed.styleReferences()).containsExactly("1", "2");
            assertThat(original.stylize()).isEmpty();
            assertThat(original.styleReferences()).containsExactly("1");
        }

        @Test
        @DisplayName("styleRaw(false) clears the style")
        void styleRawFalse() {
            assertThat(Prompt.builder().text("a").style("raw").styleRaw(false).build().style()).isEmpty();
        }

        @Test
        @DisplayName("treats blank --no and --style values as absent")
        void blankValuesAreAbsent() {
            // when
            Prompt p = Prompt.builder().text("a").no("  ").style(" ").build();

            // then
            assertThat(p.no()).isEmpty();
            assertThat(p.style()).isEmpty();
        }

        @Test
        @DisplayName("normalizes the quality so that 2.00 renders as 2")
        void normalizesQuality() {
            // when
            Prompt p = Prompt.builder().text("a").quality(new BigDecimal("2.00")).build();

            // then
            assertThat(p.renderParameters()).isEqualTo(" --q 2");
        }

        @Test
        @DisplayName("rejects text that contains flags")
        void rejectsFlagsInText() {
            assertThatThrownBy(() -> Prompt.builder().text("a fox --ar 16:9").build())
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("prompt:")
                    .hasMessageContaining("parameters");
            assertThatThrownBy(() -> Prompt.of("--ar 16:9"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("prompt:");
        }

        @Test
        @DisplayName("rejects an unmodelled parameter that does not start with --")
        void rejectsBadOtherParameter() {
            assertThatThrownBy(() -> Prompt.builder().text("a").otherParameter("stop 50").build())
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("parameter")
                    .hasMessageContaining("stop 50");
        }

        @Test
        @DisplayName("rejects an image prompt that is not an http(s) URL")
        void rejectsNonHttpImage() {
            assertThatThrownBy(() -> Prompt.builder().text("a").imageUrl(URI.create("ftp://cdn.example.com/a.png")).build())
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("image prompt")
                    .hasMessageContaining("http(s)");
        }

        @Test
        @DisplayName("checks ranges of builder values as parse does")
        void builderChecksRanges() {
            assertThatThrownBy(() -> Prompt.builder().text("a").stylize(1001).build())
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("--stylize")
                    .hasMessageContaining("[0, 1000]")
                    .hasMessageContaining("1001");
            assertThatThrownBy(() -> Prompt.builder().text("a").seed(-1L).build())
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("--seed");
            assertThatThrownBy(() -> Prompt.builder().text("a").quality(new BigDecimal("3")).build())
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("--quality");
        }

        @Test
        @DisplayName("exposes unmodifiable lists")
        void listsAreUnmodifiable() {
            // given
            Prompt p = Prompt.parse("https://cdn.example.com/a.png a --sref 1 --cref https://cdn.example.com/c.png --x");

            // then
            assertThatThrownBy(() -> p.imageUrls().add(IMAGE_B)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> p.styleReferences().add("2")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> p.characterReferences().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> p.otherParameters().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    @DisplayName("validation")
    class Validation {

        @ParameterizedTest(name = "\"{0}\" names {1} and {2}")
        @CsvSource(delimiter = '|', value = {
                "a --s 1001                                       | --stylize | [0, 1000]",
                "a --stylize -1                                   | --stylize | [0, 1000]",
                "a --c 101                                        | --chaos   | [0, 100]",
                "a --chaos -1                                     | --chaos   | [0, 100]",
                "a --w 3001                                       | --weird   | [0, 3000]",
                "a --weird -1                                     | --weird   | [0, 3000]",
                "a --q 3                                          | --quality | .25, .5, 1, 2, 4",
                "a --quality 0                                    | --quality | .25, .5, 1, 2, 4",
                "a --seed 4294967296                              | --seed    | [0, 4294967295]",
                "a --seed -1                                      | --seed    | [0, 4294967295]",
                "https://cdn.example.com/a.png a --iw 3.5         | --iw      | [0, 3]",
                "https://cdn.example.com/a.png a --iw -0.5        | --iw      | [0, 3]",
                "a --sref 1 --sw 1001                             | --sw      | [0, 1000]",
                "a --cref https://cdn.example.com/c.png --cw 101  | --cw      | [0, 100]",
                "a --oref https://cdn.example.com/o.png --ow 0    | --ow      | [1, 1000]",
                "a --oref https://cdn.example.com/o.png --ow 1001 | --ow      | [1, 1000]"})
        @DisplayName("an out-of-range value throws InvalidRequestException naming the parameter and the range")
        void outOfRange(String raw, String parameter, String range) {
            assertThatThrownBy(() -> Prompt.parse(raw))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith(parameter + ":")
                    .hasMessageContaining(range);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                "a --s 0", "a --s 1000", "a --c 0", "a --c 100", "a --w 0", "a --w 3000",
                "a --seed 0", "a --seed 4294967295",
                "https://cdn.example.com/a.png a --iw 0", "https://cdn.example.com/a.png a --iw 3",
                "a --sref 1 --sw 0", "a --sref 1 --sw 1000",
                "a --cref https://cdn.example.com/c.png --cw 0", "a --cref https://cdn.example.com/c.png --cw 100",
                "a --oref https://cdn.example.com/o.png --ow 1", "a --oref https://cdn.example.com/o.png --ow 1000"})
        @DisplayName("the bounds of every range are accepted")
        void boundsAccepted(String raw) {
            assertThat(Prompt.parse(raw).renderParameters()).isNotEmpty();
        }

        @ParameterizedTest(name = "\"{0}\" names {1}")
        @CsvSource(delimiter = '|', value = {
                "a --ar                          | --ar",
                "a --aspect --s 10               | --aspect",
                "a --v                           | --v",
                "a --s                           | --s",
                "a --c --ar 1:1                  | --c",
                "a --w                           | --w",
                "a --q                           | --q",
                "a --seed                        | --seed",
                "a --no                          | --no",
                "a --style                       | --style",
                "https://cdn.example.com/a.png a --iw | --iw",
                "a --sref --sw 10                | --sref",
                "a --sref 1 --sw                 | --sw",
                "a --cref                        | --cref",
                "a --oref                        | --oref"})
        @DisplayName("a flag without its value throws InvalidRequestException naming the flag")
        void missingValue(String raw, String flag) {
            assertThatThrownBy(() -> Prompt.parse(raw))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith(flag + ":")
                    .hasMessageContaining("needs");
        }

        @Test
        @DisplayName("a single-valued flag with two values is rejected")
        void tooManyValues() {
            assertThatThrownBy(() -> Prompt.parse("a --ar 16:9 4:3"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("--ar:")
                    .hasMessageContaining("takes one value")
                    .hasMessageContaining("16:9 4:3");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"a --tile yes, --tile", "a --fast now, --fast", "a --raw please, --raw"})
        @DisplayName("a switch given a value is rejected")
        void switchWithValue(String raw, String flag) {
            assertThatThrownBy(() -> Prompt.parse(raw))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith(flag + ":")
                    .hasMessageContaining("takes no value");
        }

        @ParameterizedTest(name = "\"{0}\" names {1}")
        @CsvSource(delimiter = '|', value = {
                "a --s lots           | --stylize | integer",
                "a --c x              | --chaos   | integer",
                "a --w x              | --weird   | integer",
                "a --seed x           | --seed    | integer",
                "a --q high           | --quality | number",
                "a --ar 16x9          | --ar      | W:H",
                "a --ar 0:1           | --ar      | W:H",
                "a --v latest         | --v       | version",
                "a --niji x           | --niji    | version",
                "a --cref ftp://cdn.example.com/c.png | --cref | http(s)",
                "a --oref not-a-url   | --oref    | http(s)"})
        @DisplayName("a malformed value throws InvalidRequestException naming the parameter")
        void malformedValue(String raw, String parameter, String expected) {
            assertThatThrownBy(() -> Prompt.parse(raw))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith(parameter + ":")
                    .hasMessageContaining(expected);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"a --v 7 --niji 6", "a --niji --v 7", "a --version 6 --niji"})
        @DisplayName("--v together with --niji is rejected")
        void versionWithNiji(String raw) {
            assertThatThrownBy(() -> Prompt.parse(raw))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("--v")
                    .hasMessageContaining("--niji");
        }

        @ParameterizedTest(name = "\"{0}\" needs {2}")
        @CsvSource(delimiter = '|', value = {
                "a --sw 100 | --sw | --sref",
                "a --cw 50  | --cw | --cref",
                "a --ow 100 | --ow | --oref",
                "a --iw 2   | --iw | image prompt"})
        @DisplayName("a weight without its reference is rejected")
        void weightWithoutReference(String raw, String parameter, String needed) {
            assertThatThrownBy(() -> Prompt.parse(raw))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith(parameter + ":")
                    .hasMessageContaining(needed);
        }

        @ParameterizedTest(name = "[{0}]")
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "\t\n"})
        @DisplayName("a blank prompt is rejected")
        void blankPrompt(String raw) {
            assertThatThrownBy(() -> Prompt.parse(raw))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("prompt: must not be blank");
        }

        @Test
        @DisplayName("a prompt of flags only, without text or image, is rejected")
        void flagsOnly() {
            assertThatThrownBy(() -> Prompt.parse("--ar 16:9 --v 7"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("prompt:")
                    .hasMessageContaining("needs text or at least one image URL");
            assertThatThrownBy(() -> Prompt.builder().build()).isInstanceOf(InvalidRequestException.class);
        }

        @Test
        @DisplayName("the offending value appears in the message")
        void messageShowsValue() {
            assertThatThrownBy(() -> Prompt.parse("a --c 250"))
                    .hasMessage("--chaos: must be in [0, 100], got 250");
        }
    }

    @Test
    @DisplayName("the lists of a parsed prompt are independent of later builder changes")
    void immutableAfterBuild() {
        // given
        Prompt.Builder b = Prompt.builder().text("a").styleReference("1");
        Prompt p = b.build();

        // when
        b.styleReference("2");

        // then
        assertThat(p.styleReferences()).isEqualTo(List.of("1"));
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.DisplayName("a prompt longer than the limit, or with too many image URLs, is refused naming the limit")
    void sizeLimits() {
        String longText = "a".repeat(Prompt.MAX_LENGTH + 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Prompt.parse(longText))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at most " + Prompt.MAX_LENGTH);
        StringBuilder urls = new StringBuilder();
        for (int i = 0; i <= Prompt.MAX_IMAGES; i++) {
            urls.append("https://img.example/").append(i).append(".png ");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Prompt.parse(urls + "a fox"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("image prompt");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Prompt.parse("file:///etc/passwd a fox --iw 1"))
                .isInstanceOf(InvalidRequestException.class);
    }
}
