package io.mj4j.testkit.engine;

import io.mj4j.core.Task;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Turn 2: no TIMEOUT before the vendor was asked after the deadline")
class ResumePastDeadlineTest extends EngineFixture {

    /** A task a crashed process left RUNNING; its deadline passed while no process ran. */
    private String storedRunningPastDeadline() {
        Instant now = scheduler.clock().instant();
        TaskRecord r = new TaskRecord("late-1", "refvendor", ProviderConformanceKit.IMAGINE, Optional.empty(),
                TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId("t-1").progress(40).build(),
                now.minus(Duration.ofMinutes(30)), now.minus(Duration.ofMinutes(25)), now.minus(Duration.ofMinutes(20)));
        store.insert(r);
        return r.id();
    }

    @Test
    @DisplayName("a resumed task past its deadline that the vendor finished ends SUCCEEDED with its result")
    void finishedAtTheVendorEndsWithItsResult() {
        new RefVendorStubs().succeededGrid(wm, "t-1");
        String id = storedRunningPastDeadline();

        Task t = client().resume(id);
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(count("GET", "/v1/tasks/t-1")).as("status queries").isEqualTo(1);
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(t.snapshot().result()).isPresent();
        assertThat(store.find(id).orElseThrow().snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    @DisplayName("a resumed task past its deadline still running at the vendor ends TIMEOUT after exactly one answered query")
    void stillRunningTimesOutAfterOneAnswer() {
        new RefVendorStubs().running(wm, "t-1", 60);
        String id = storedRunningPastDeadline();

        Task t = client().resume(id);
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(count("GET", "/v1/tasks/t-1")).isEqualTo(1);
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(t.snapshot().failure().orElseThrow().category()).isEqualTo(FailureCategory.TIMEOUT);
        assertThat(t.snapshot().progress()).as("the answer was applied before the end").hasValue(60);
    }
}
