package io.mj4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("TaskSnapshot")
class TaskSnapshotTest {

    private static final Failure FAILURE = Failure.of(FailureCategory.VENDOR_ERROR, "boom");

    private static TaskSnapshot complete() {
        return TaskSnapshot.builder(TaskStatus.SUCCEEDED)
                .vendorTaskId("job-1")
                .progress(100)
                .previewUrl(URI.create("https://cdn.example.com/preview.png"))
                .result(TaskResult.ofGrid(Image.of("https://cdn.example.com/grid.png")))
                .followUp(FollowUp.upscale(1))
                .followUp(FollowUp.variation(2))
                .usage(new Usage(new BigDecimal("0.5"), "credits"))
                .vendorState("image_id", "img-9")
                .vendorStatus("finished")
                .build();
    }

    @Nested
    @DisplayName("builder")
    class BuilderTests {

        @Test
        @DisplayName("builds a snapshot whose accessors return what was set")
        void accessors() {
            // when
            TaskSnapshot s = complete();

            // then
            assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(s.vendorTaskId()).contains("job-1");
            assertThat(s.progress()).hasValue(100);
            assertThat(s.previewUrl()).contains(URI.create("https://cdn.example.com/preview.png"));
            assertThat(s.result().flatMap(TaskResult::primaryImage)).contains(URI.create("https://cdn.example.com/grid.png"));
            assertThat(s.followUps()).containsExactlyInAnyOrder(FollowUp.upscale(1), FollowUp.variation(2));
            assertThat(s.failure()).isEmpty();
            assertThat(s.usage()).contains(new Usage(new BigDecimal("0.5"), "credits"));
            assertThat(s.vendorState()).containsExactly(Map.entry("image_id", "img-9"));
            assertThat(s.vendorStatus()).contains("finished");
            assertThat(s.isTerminal()).isTrue();
        }

        @Test
        @DisplayName("leaves optional values empty when not set")
        void emptyOptionals() {
            // when
            TaskSnapshot s = TaskSnapshot.builder(TaskStatus.SUBMITTING).build();

            // then
            assertThat(s.vendorTaskId()).isEmpty();
            assertThat(s.progress()).isEmpty();
            assertThat(s.previewUrl()).isEmpty();
            assertThat(s.result()).isEmpty();
            assertThat(s.followUps()).isEmpty();
            assertThat(s.failure()).isEmpty();
            assertThat(s.usage()).isEmpty();
            assertThat(s.vendorState()).isEmpty();
            assertThat(s.vendorStatus()).isEmpty();
            assertThat(s.isTerminal()).isFalse();
        }

        @Test
        @DisplayName("toBuilder().build() gives an equal snapshot with the same hash code")
        void toBuilderRoundTrip() {
            // given
            TaskSnapshot original = complete();

            // when
            TaskSnapshot copy = original.toBuilder().build();

            // then
            assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original).hasToString(original.toString());
        }

        @Test
        @DisplayName("changing a toBuilder copy leaves the original alone")
        void toBuilderIsIndependent() {
            // given
            TaskSnapshot original = complete();

            // when
            TaskSnapshot changed = original.toBuilder().vendorState("extra", "x").followUp(FollowUp.of(ActionKind.REROLL)).build();

            // then
            assertThat(changed).isNotEqualTo(original);
            assertThat(original.vendorState()).containsOnlyKeys("image_id");
            assertThat(original.followUps()).hasSize(2);
            assertThat(changed.vendorState()).containsOnlyKeys("image_id", "extra");
            assertThat(changed.followUps()).hasSize(3);
        }

        @Test
        @DisplayName("followUps(collection) and vendorState(map) replace what was there")
        void bulkSettersReplace() {
            // when
            TaskSnapshot s = complete().toBuilder()
                    .followUps(List.of(FollowUp.of(ActionKind.SEED)))
                    .vendorState(Map.of("a", "1"))
                    .build();

            // then
            assertThat(s.followUps()).containsExactly(FollowUp.of(ActionKind.SEED));
            assertThat(s.vendorState()).containsExactly(Map.entry("a", "1"));
        }

        @Test
        @DisplayName("exposes unmodifiable follow-ups and vendor state")
        void unmodifiable() {
            TaskSnapshot s = complete();
            assertThatThrownBy(() -> s.followUps().add(FollowUp.of(ActionKind.SEED)))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> s.vendorState().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        @DisplayName("toString shows the status, the vendor id and the progress")
        void toStringShowsEssentials() {
            assertThat(TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId("job-7").progress(40).build().toString())
                    .startsWith("TaskSnapshot[RUNNING").contains("vendorTaskId=job-7").contains("progress=40");
        }
    }

    @Nested
    @DisplayName("equality")
    class Equality {

        static Stream<Arguments> singleFieldChanges() {
            return Stream.<Arguments>of(
                    Arguments.of("vendorTaskId", (UnaryOperator<TaskSnapshot.Builder>) b -> b.vendorTaskId("job-2")),
                    Arguments.of("status", (UnaryOperator<TaskSnapshot.Builder>) b -> b.status(TaskStatus.RUNNING)),
                    Arguments.of("progress", (UnaryOperator<TaskSnapshot.Builder>) b -> b.progress(99)),
                    Arguments.of("previewUrl", (UnaryOperator<TaskSnapshot.Builder>) b -> b.previewUrl(null)),
                    Arguments.of("result", (UnaryOperator<TaskSnapshot.Builder>) b -> b.result(TaskResult.ofSeed(1))),
                    Arguments.of("followUps", (UnaryOperator<TaskSnapshot.Builder>) b -> b.followUp(FollowUp.of(ActionKind.SEED))),
                    Arguments.of("usage", (UnaryOperator<TaskSnapshot.Builder>) b -> b.usage(new Usage(BigDecimal.ONE, "credits"))),
                    Arguments.of("vendorState", (UnaryOperator<TaskSnapshot.Builder>) b -> b.vendorState("image_id", "img-10")),
                    Arguments.of("vendorStatus", (UnaryOperator<TaskSnapshot.Builder>) b -> b.vendorStatus("done")));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("singleFieldChanges")
        @DisplayName("two snapshots differing in one field are not equal")
        void differsInOneField(String field, UnaryOperator<TaskSnapshot.Builder> change) {
            // given
            TaskSnapshot original = complete();

            // when
            TaskSnapshot changed = change.apply(original.toBuilder()).build();

            // then
            assertThat(changed).isNotEqualTo(original);
        }

        @Test
        @DisplayName("the order in which follow-ups were added does not matter")
        void followUpOrderIrrelevant() {
            // given
            TaskSnapshot a = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("j")
                    .followUp(FollowUp.upscale(1)).followUp(FollowUp.upscale(2)).build();
            TaskSnapshot b = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("j")
                    .followUp(FollowUp.upscale(2)).followUp(FollowUp.upscale(1)).build();

            // then
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        }

        @Test
        @DisplayName("a failure is part of equality")
        void failureCounts() {
            // given
            TaskSnapshot a = TaskSnapshot.builder(TaskStatus.FAILED).failure(FAILURE).build();
            TaskSnapshot b = TaskSnapshot.builder(TaskStatus.FAILED).failure(Failure.of(FailureCategory.TIMEOUT, "slow")).build();

            // then
            assertThat(a).isNotEqualTo(b).isEqualTo(a.toBuilder().build());
        }
    }

    @Nested
    @DisplayName("validation")
    class Validation {

        @ParameterizedTest(name = "progress {0}")
        @ValueSource(ints = {0, 1, 50, 100})
        @DisplayName("accepts progress from 0 to 100")
        void progressInRange(int progress) {
            assertThat(TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId("j").progress(progress).build().progress())
                    .hasValue(progress);
        }

        @ParameterizedTest(name = "progress {0}")
        @ValueSource(ints = {-1, 101, Integer.MIN_VALUE})
        @DisplayName("rejects progress outside 0 to 100")
        void progressOutOfRange(int progress) {
            assertThatThrownBy(() -> TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId("j").progress(progress).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("progress")
                    .hasMessageContaining("0..100");
        }

        @Test
        @DisplayName("a FAILED snapshot needs a failure")
        void failedNeedsFailure() {
            assertThatThrownBy(() -> TaskSnapshot.builder(TaskStatus.FAILED).vendorTaskId("j").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("FAILED")
                    .hasMessageContaining("failure");
        }

        @Test
        @DisplayName("a FAILED snapshot without a vendor id is allowed: the submit was refused outright")
        void failedWithoutVendorId() {
            // when
            TaskSnapshot s = TaskSnapshot.builder(TaskStatus.FAILED).failure(FAILURE).build();

            // then
            assertThat(s.vendorTaskId()).isEmpty();
            assertThat(s.failure()).contains(FAILURE);
        }

        @ParameterizedTest
        @EnumSource(value = TaskStatus.class, names = {"QUEUED", "RUNNING", "NEEDS_INPUT", "SUCCEEDED"})
        @DisplayName("an acknowledged status needs a vendor task id")
        void acknowledgedNeedsVendorId(TaskStatus status) {
            assertThatThrownBy(() -> TaskSnapshot.builder(status).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(status.name())
                    .hasMessageContaining("vendor task id");
            assertThatThrownBy(() -> TaskSnapshot.builder(status).vendorTaskId("  ").build())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatCode(() -> TaskSnapshot.builder(status).vendorTaskId("j").build()).doesNotThrowAnyException();
        }

        @ParameterizedTest
        @EnumSource(value = TaskStatus.class, names = {"SUBMITTING", "UNKNOWN", "CANCELLED"})
        @DisplayName("a local, unknown or cancelled status may lack a vendor task id")
        void otherStatusesMayLackVendorId(TaskStatus status) {
            assertThat(TaskSnapshot.builder(status).build().vendorTaskId()).isEmpty();
        }

        @Test
        @DisplayName("a status is required")
        void statusRequired() {
            assertThatThrownBy(() -> TaskSnapshot.builder(null).build()).isInstanceOf(NullPointerException.class);
        }
    }
}
