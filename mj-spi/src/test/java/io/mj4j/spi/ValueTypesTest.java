package io.mj4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Small value types")
class ValueTypesTest {

    @Nested
    @DisplayName("Failure")
    class FailureTests {

        @Test
        @DisplayName("keeps a vendor message of up to 500 characters as it is")
        void keepsShortMessage() {
            assertThat(Failure.of(FailureCategory.VENDOR_ERROR, "x".repeat(500)).vendorMessage()).hasSize(500);
        }

        @Test
        @DisplayName("truncates a longer vendor message to 500 characters and marks the cut")
        void truncatesLongMessage() {
            assertThat(Failure.of(FailureCategory.VENDOR_ERROR, "x".repeat(501)).vendorMessage())
                    .isEqualTo("x".repeat(Failure.MAX_MESSAGE) + "...");
        }

        @Test
        @DisplayName("treats a null message as empty and has no code when made with of(...)")
        void defaults() {
            // when
            Failure f = Failure.of(FailureCategory.PROMPT_REJECTED, null);

            // then
            assertThat(f.vendorMessage()).isEmpty();
            assertThat(f.vendorCode()).isEmpty();
            assertThat(f.category()).isEqualTo(FailureCategory.PROMPT_REJECTED);
        }

        @Test
        @DisplayName("requires a category")
        void requiresCategory() {
            assertThatThrownBy(() -> Failure.of(null, "x")).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    @DisplayName("Usage, Balance and Dimensions")
    class Amounts {

        @Test
        @DisplayName("Usage and Balance need a unit; a balance may be negative")
        void units() {
            assertThat(new Balance(new BigDecimal("-3.5"), "RUB").amount()).isEqualByComparingTo("-3.5");
            assertThat(new Usage(BigDecimal.ONE, "requests").unit()).isEqualTo("requests");
            assertThatThrownBy(() -> new Usage(BigDecimal.ONE, " "))
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("unit:");
            assertThatThrownBy(() -> new Balance(BigDecimal.ONE, null))
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("unit:");
        }

        @ParameterizedTest(name = "{0}x{1}")
        @CsvSource({"0, 10", "10, 0", "-1, 10"})
        @DisplayName("Dimensions must be positive")
        void dimensions(int width, int height) {
            assertThatThrownBy(() -> new Dimensions(width, height))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("dimensions:")
                    .hasMessageContaining(width + "x" + height);
        }
    }

    @Nested
    @DisplayName("TaskResult")
    class Results {

        private final Image grid = Image.of("https://cdn.example.com/grid.png");
        private final Image single = new Image(URI.create("https://cdn.example.com/u1.png"), Optional.of(new Dimensions(1024, 1024)));

        @Test
        @DisplayName("the primary image is the grid (even when the vendor also returns cells), else the single image, else none")
        void primaryImage() {
            TaskResult gridWithCells = new TaskResult(Optional.of(grid), List.of(single), List.of(), List.of(), OptionalLong.empty());
            assertThat(gridWithCells.primaryImage()).contains(grid.url());
            assertThat(gridWithCells.cells()).containsExactly(single);
            assertThat(TaskResult.ofImage(single).cells()).isEmpty();
            assertThat(TaskResult.ofGrid(grid).primaryImage()).contains(grid.url());
            assertThat(TaskResult.ofImage(single).primaryImage()).contains(single.url());
            assertThat(TaskResult.ofTexts(List.of("a fox")).primaryImage()).isEmpty();
        }

        @Test
        @DisplayName("the factories fill exactly one part")
        void factories() {
            assertThat(TaskResult.ofSeed(42).seed()).hasValue(42);
            assertThat(TaskResult.ofVideos(List.of(URI.create("https://cdn.example.com/v.mp4"))).videos()).hasSize(1);
            assertThat(TaskResult.ofTexts(List.of("a", "b")).texts()).containsExactly("a", "b");
            assertThat(TaskResult.ofGrid(grid).images()).isEmpty();
        }

        @Test
        @DisplayName("keeps its own copies of the lists")
        void copiesLists() {
            // given
            List<String> texts = new ArrayList<>(List.of("a"));
            TaskResult result = TaskResult.ofTexts(texts);

            // when
            texts.add("b");

            // then
            assertThat(result.texts()).containsExactly("a");
        }
    }

    @Nested
    @DisplayName("TaskRef")
    class Refs {

        @Test
        @DisplayName("needs a vendor task id and copies the vendor state")
        void validation() {
            // given
            Map<String, String> state = new HashMap<>(Map.of("k", "v"));
            TaskRef ref = new TaskRef("job-1", ActionKind.UPSCALE, state);

            // when
            state.put("k2", "v2");

            // then
            assertThat(ref.vendorState()).containsOnlyKeys("k");
            assertThat(TaskRef.of("job-2", ActionKind.IMAGINE).vendorState()).isEmpty();
            assertThatThrownBy(() -> TaskRef.of(" ", ActionKind.IMAGINE))
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("vendorTaskId:");
        }
    }
}
