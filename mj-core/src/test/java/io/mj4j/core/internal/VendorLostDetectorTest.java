package io.mj4j.core.internal;

import io.mj4j.core.VendorLostOptions;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.TaskNotFoundException;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("VendorLostDetector: consecutive 'no such task' answers for an acknowledged task")
class VendorLostDetectorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final TaskSnapshot QUEUED = TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId("v-1").build();

    private final VendorLostDetector detector = new VendorLostDetector(VendorLostOptions.DEFAULT, s -> s.replace("sk-secret", "****"));

    private static TaskNotFoundException notFound() {
        TaskNotFoundException e = new TaskNotFoundException("mjproxy has no task v-1: the server answered an empty reply (key sk-secret)");
        e.withVendorCode("not_found").withHttpStatus(200);
        return e;
    }

    private Optional<TaskSnapshot> at(long seconds) {
        return detector.pollFailed("t", QUEUED, notFound(), T0.plusSeconds(seconds));
    }

    @Test
    @DisplayName("3 answers over at least a minute end the task FAILED VENDOR_LOST, quoting the vendor (redacted) with its code")
    void lost() {
        assertThat(at(0)).isEmpty();
        assertThat(at(30)).isEmpty();
        Optional<TaskSnapshot> end = at(60);
        assertThat(end).isPresent();
        Failure f = end.get().failure().orElseThrow();
        assertThat(end.get().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(f.category()).isEqualTo(FailureCategory.VENDOR_LOST);
        assertThat(f.vendorMessage()).contains("v-1").contains("3 consecutive polls").contains("PT1M").contains("empty reply")
                .contains("****").doesNotContain("sk-secret");
        assertThat(f.vendorCode()).hasValue("not_found");
        assertThat(detector.tracked()).isZero();
    }

    @Test
    @DisplayName("many quick answers within the minute are not enough (a vendor indexing late), nor a minute of only 2 answers")
    void bothThresholds() {
        for (int s = 0; s < 59; s += 5) {
            assertThat(at(s)).as("at %d s", s).isEmpty();
        }
        VendorLostDetector two = new VendorLostDetector(VendorLostOptions.DEFAULT, s -> s);
        assertThat(two.pollFailed("t", QUEUED, notFound(), T0)).isEmpty();
        assertThat(two.pollFailed("t", QUEUED, notFound(), T0.plusSeconds(300))).isEmpty();
    }

    @Test
    @DisplayName("an answered poll starts the count over; transport errors and other refusals neither count nor reset")
    void resets() {
        at(0);
        at(30);
        detector.answered("t");
        assertThat(at(60)).isEmpty();
        assertThat(detector.pollFailed("t", QUEUED, new ProviderUnavailableException("reset", true), T0.plusSeconds(70))).isEmpty();
        assertThat(detector.pollFailed("t", QUEUED, new InvalidRequestException("bad"), T0.plusSeconds(80))).isEmpty();
        assertThat(at(90)).isEmpty();
        assertThat(at(120)).isPresent();
    }

    @Test
    @DisplayName("a task without a vendor id (never acknowledged) or already ended is never declared lost")
    void onlyAcknowledged() {
        TaskSnapshot unknown = TaskSnapshot.builder(TaskStatus.UNKNOWN).build();
        for (int s = 0; s <= 600; s += 60) {
            assertThat(detector.pollFailed("u", unknown, notFound(), T0.plusSeconds(s))).isEmpty();
        }
        assertThat(detector.tracked()).isZero();
    }

    @Test
    @DisplayName("options are configurable: 1 answer, no span, ends at once; forget drops the bookkeeping")
    void configurable() {
        VendorLostDetector eager = new VendorLostDetector(new VendorLostOptions(1, Duration.ZERO), s -> s);
        assertThat(eager.pollFailed("t", QUEUED, notFound(), T0)).isPresent();
        VendorLostDetector slow = new VendorLostDetector(new VendorLostOptions(2, Duration.ofMinutes(5)), s -> s);
        slow.pollFailed("t", QUEUED, notFound(), T0);
        assertThat(slow.tracked()).isEqualTo(1);
        slow.forget("t");
        assertThat(slow.tracked()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new VendorLostOptions(0, Duration.ZERO))
                .hasMessageContaining("polls must be at least 1");
    }
}
