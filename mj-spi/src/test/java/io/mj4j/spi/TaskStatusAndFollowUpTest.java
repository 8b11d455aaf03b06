package io.mj4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("TaskStatus and FollowUp")
class TaskStatusAndFollowUpTest {

    @Nested
    @DisplayName("TaskStatus")
    class Status {

        @ParameterizedTest(name = "{0} ranks {1}")
        @CsvSource({
                "SUBMITTING, 0", "UNKNOWN, 0", "QUEUED, 1", "RUNNING, 2", "NEEDS_INPUT, 2",
                "SUCCEEDED, 3", "FAILED, 3", "CANCELLED, 3"})
        @DisplayName("ranks statuses in lifecycle order")
        void rank(TaskStatus status, int rank) {
            assertThat(status.rank()).isEqualTo(rank);
        }

        @Test
        @DisplayName("exactly SUCCEEDED, FAILED and CANCELLED are terminal")
        void terminal() {
            assertThat(Arrays.stream(TaskStatus.values()).filter(TaskStatus::isTerminal))
                    .containsExactlyInAnyOrder(TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.CANCELLED);
        }
    }

    @Nested
    @DisplayName("FollowUp")
    class FollowUps {

        @Test
        @DisplayName("upscale(i) and variation(i) carry the index as their option")
        void indexFactories() {
            assertThat(FollowUp.upscale(3)).isEqualTo(new FollowUp(ActionKind.UPSCALE, "3"));
            assertThat(FollowUp.variation(1)).isEqualTo(new FollowUp(ActionKind.VARIATION, "1"));
        }

        @Test
        @DisplayName("of(kind) has the empty option and of(kind, option) keeps the option")
        void ofFactories() {
            assertThat(FollowUp.of(ActionKind.REROLL).option()).isEmpty();
            assertThat(FollowUp.of(ActionKind.PAN, "LEFT").option()).isEqualTo("LEFT");
        }

        @Test
        @DisplayName("a null option becomes the empty option")
        void nullOption() {
            assertThat(new FollowUp(ActionKind.SEED, null)).isEqualTo(FollowUp.of(ActionKind.SEED));
        }

        @Test
        @DisplayName("a kind is required")
        void kindRequired() {
            assertThatThrownBy(() -> FollowUp.of(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        @DisplayName("toString is KIND or KIND:option")
        void toStringForm() {
            assertThat(FollowUp.upscale(2)).hasToString("UPSCALE:2");
            assertThat(FollowUp.of(ActionKind.VARY, "SUBTLE")).hasToString("VARY:SUBTLE");
            assertThat(FollowUp.of(ActionKind.REROLL)).hasToString("REROLL");
            assertThat(FollowUp.of(ActionKind.UPSCALE_MORE, "X2")).hasToString("UPSCALE_MORE:X2");
        }
    }
}
