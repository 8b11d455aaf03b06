package io.mj4j.testkit.engine;

import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.Task;
import io.mj4j.testkit.ManualClock;
import io.mj4j.testkit.ManualScheduler;
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Submits and polls run in separate lanes")
class LanesTest {

    @Test
    @DisplayName("during a burst of 2,000 submits (50 ms each), a poll due at 5 s is sent within one poll round")
    void aBurstDoesNotStarvePolls() {
        ManualScheduler timers = new ManualScheduler(ManualClock.atEpochOfTests());
        StepExecutor workers = new StepExecutor();
        MemoryVendor vendor = new MemoryVendor();
        Instant[] firstFetch = new Instant[1];
        vendor.status = id -> {
            if (id.equals("v-1") && firstFetch[0] == null) {
                firstFetch[0] = timers.clock().instant();
            }
            return io.mj4j.spi.TaskSnapshot.builder(io.mj4j.spi.TaskStatus.RUNNING).vendorTaskId(id).progress(10).build();
        };
        vendor.duringSubmit = () -> timers.clock().advance(Duration.ofMillis(50));
        PollOptions poll = new PollOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0, 0.0);
        try (Mj mj = Mj.builder().registry(ProviderRegistry.of(vendor)).environment(Map.of())
                .provider("memory", ProviderConfig.apiKey(ProviderConformanceKit.API_KEY))
                .pollOptions(poll).adaptivePolling(false)
                .clock(timers.clock()).scheduler(timers).executor(workers).build()) {
            Task first = mj.imagine("the first fox");
            drain(workers, timers);
            Instant accepted = timers.clock().instant();
            assertThat(first.snapshot().vendorTaskId()).hasValue("v-1");

            for (int i = 0; i < 2_000; i++) {
                mj.imagine("fox " + i);
            }
            drain(workers, timers);

            assertThat(vendor.submits.get()).isEqualTo(2_001);
            assertThat(firstFetch[0]).as("the first poll was sent").isNotNull();
            Duration late = Duration.between(accepted.plus(Duration.ofSeconds(5)), firstFetch[0]);
            System.out.println("LanesTest: the poll due at 5 s went out " + late.toMillis() + " ms late, during a burst of "
                    + Duration.ofMillis(50L * 2_000).toSeconds() + " s of submits");
            assertThat(late).as("how late the poll due at 5 s went out").isLessThanOrEqualTo(Duration.ofSeconds(5));
        }
    }

    /** Runs the workers' queue job by job, firing due timers between jobs, as a busy pool would. */
    private static void drain(StepExecutor workers, ManualScheduler timers) {
        do {
            timers.runReady();
        } while (workers.runOne());
    }
}
