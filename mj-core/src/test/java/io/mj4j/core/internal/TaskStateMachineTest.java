package io.mj4j.core.internal;

import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.Usage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class TaskStateMachineTest {
    private final TaskStateMachine sm = new TaskStateMachine();

    private static TaskSnapshot s(TaskStatus status, Integer progress) {
        return TaskSnapshot.builder(status).vendorTaskId("v1").progress(progress)
                .failure(status == TaskStatus.FAILED ? Failure.of(FailureCategory.VENDOR_ERROR, "x") : null).build();
    }

    @Test
    @DisplayName("terminal snapshots are final")
    void terminalFinal() {
        assertThat(sm.apply(s(TaskStatus.SUCCEEDED, 100), s(TaskStatus.RUNNING, 10))).isEmpty();
        assertThat(sm.apply(s(TaskStatus.FAILED, null), s(TaskStatus.SUCCEEDED, 100))).isEmpty();
        assertThat(sm.apply(s(TaskStatus.CANCELLED, null), s(TaskStatus.FAILED, null))).isEmpty();
    }

    @Test
    @DisplayName("a status of lower rank is stale")
    void lowerRankStale() {
        assertThat(sm.apply(s(TaskStatus.RUNNING, 10), s(TaskStatus.QUEUED, null))).isEmpty();
    }

    @Test
    @DisplayName("progress never goes back within a status, and a missing progress keeps the last one")
    void progressMonotonic() {
        assertThat(sm.apply(s(TaskStatus.RUNNING, 50), s(TaskStatus.RUNNING, 40))).isEmpty();
        assertThat(sm.apply(s(TaskStatus.RUNNING, 50), s(TaskStatus.RUNNING, null))).isEmpty();
        assertThat(sm.apply(s(TaskStatus.RUNNING, 50), s(TaskStatus.RUNNING, 70))).hasValueSatisfying(n -> assertThat(n.progress()).hasValue(70));
    }

    @Test
    @DisplayName("a duplicate is dropped")
    void duplicateDropped() {
        assertThat(sm.apply(s(TaskStatus.RUNNING, 50), s(TaskStatus.RUNNING, 50))).isEmpty();
    }

    @Test
    @DisplayName("SUCCEEDED means progress 100; vendor id, vendor state and usage carry over")
    void mergeOnAccept() {
        TaskSnapshot current = TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId("v1").vendorState("image_id", "i1")
                .usage(new Usage(new BigDecimal("18"), "RUB")).build();
        TaskSnapshot next = sm.apply(current, TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("v1")
                .vendorState("extra", "e").build()).orElseThrow();
        assertThat(next.progress()).hasValue(100);
        assertThat(next.vendorState()).containsEntry("image_id", "i1").containsEntry("extra", "e");
        assertThat(next.usage()).hasValue(new Usage(new BigDecimal("18"), "RUB"));
    }

    @Test
    @DisplayName("an UNKNOWN task accepts whatever the vendor later says about it")
    void unknownAcceptsAnything() {
        TaskSnapshot unknown = TaskSnapshot.builder(TaskStatus.UNKNOWN).build();
        assertThat(sm.apply(unknown, s(TaskStatus.QUEUED, null))).isPresent();
        assertThat(sm.apply(unknown, s(TaskStatus.SUCCEEDED, null))).isPresent();
    }

    @Test
    @DisplayName("terminal from any live state is accepted, keeping the last progress for failures")
    void failureKeepsProgress() {
        TaskSnapshot failed = sm.apply(s(TaskStatus.RUNNING, 30), s(TaskStatus.FAILED, null)).orElseThrow();
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
    }
}
