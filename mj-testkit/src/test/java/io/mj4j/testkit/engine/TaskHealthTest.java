package io.mj4j.testkit.engine;

import io.mj4j.core.HealthOptions;
import io.mj4j.core.Mj;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.Task;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ManualClock;
import io.mj4j.testkit.ManualScheduler;
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Health counts task outcomes apart from request outcomes")
class TaskHealthTest {
    private final MemoryVendor vendor = new MemoryVendor();
    private final ManualScheduler scheduler = new ManualScheduler(ManualClock.atEpochOfTests());
    private final Mj mj = Mj.builder().registry(ProviderRegistry.of(vendor)).environment(Map.of())
            .provider("memory", ProviderConfig.apiKey(ProviderConformanceKit.API_KEY))
            .health(new HealthOptions(5, Duration.ofMinutes(10)))
            .clock(scheduler.clock()).scheduler(scheduler).executor(scheduler).build();

    @AfterEach
    void close() {
        mj.close();
    }

    /** One task, accepted by the vendor, which then ends it {@code how}. */
    private TaskStatus runOne(boolean succeed) {
        vendor.status = id -> succeed
                ? TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId(id).result(TaskResult.ofImage(io.mj4j.spi.Image.of("https://cdn.example/" + id + ".png"))).build()
                : TaskSnapshot.builder(TaskStatus.FAILED).vendorTaskId(id).failure(Failure.of(FailureCategory.VENDOR_ERROR, "gpu lost")).build();
        Task t = mj.imagine("a fox");
        scheduler.advance(Duration.ofMinutes(2));
        assertThat(t.snapshot().vendorTaskId()).as("accepted").isPresent();
        return t.snapshot().status();
    }

    @Test
    @DisplayName("five accepted tasks failing at the vendor in a row open the circuit, though every submit was accepted")
    void failedTasksInARowOpenTheCircuit() {
        for (int i = 0; i < 4; i++) {
            assertThat(runOne(false)).isEqualTo(TaskStatus.FAILED);
        }
        assertThat(mj.healthy("memory")).as("after 4").isTrue();
        assertThat(runOne(false)).isEqualTo(TaskStatus.FAILED);
        assertThat(mj.healthy("memory")).as("after 5").isFalse();
    }

    @Test
    @DisplayName("a task that succeeds in between resets the count of failed tasks")
    void aSuccessResetsTheCount() {
        for (int i = 0; i < 4; i++) {
            runOne(false);
        }
        assertThat(runOne(true)).isEqualTo(TaskStatus.SUCCEEDED);
        for (int i = 0; i < 4; i++) {
            runOne(false);
        }
        assertThat(mj.healthy("memory")).isTrue();
        assertThat(vendor.submits.get()).isEqualTo(9);
    }
}
