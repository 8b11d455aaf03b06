package io.mj4j.testkit.engine;

import io.mj4j.core.Task;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.TaskTimeoutException;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("Invariant 4: the stuck-task sweeper")
class DeadlineTest extends EngineFixture {

    @Test
    @DisplayName("a task stalled at RUNNING fails with TIMEOUT at its per-action deadline, and polling stops")
    void stalledTaskTimesOut() {
        RefVendorStubs stubs = new RefVendorStubs();
        stubs.submitAccepted(wm, "t-1");
        stubs.running(wm, "t-1", 10);
        Task t = client(b -> b.deadline(ActionKind.IMAGINE, Duration.ofMinutes(3))).submit(ProviderConformanceKit.IMAGINE);

        scheduler.advance(Duration.ofSeconds(179));
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.RUNNING);
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(t.snapshot().failure().orElseThrow().category()).isEqualTo(FailureCategory.TIMEOUT);
        assertThat(t.snapshot().progress()).hasValue(10);
        assertThat(catchThrowable(() -> t.await(Duration.ZERO))).isInstanceOf(TaskTimeoutException.class);
        long polls = count("GET", "/v1/tasks/t-1");
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(count("GET", "/v1/tasks/t-1")).isEqualTo(polls);
    }
}
