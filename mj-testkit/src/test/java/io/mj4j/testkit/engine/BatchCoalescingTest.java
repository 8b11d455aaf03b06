package io.mj4j.testkit.engine;

import io.mj4j.core.Mj;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.store.InMemoryTaskStore;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ManualClock;
import io.mj4j.testkit.ManualScheduler;
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Batch polling fills its batches")
class BatchCoalescingTest {

    @Test
    @DisplayName("1,000 idle tasks accepted over 10 s: polls fill their batches (>= 40 of 50 ids per request on average) and keep each task's interval (one poll every 2.5 to 5.5 s)")
    void idleTasksShareFullBatches() {
        MemoryVendor vendor = new MemoryVendor(50);
        vendor.status = id -> TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId(id).build();
        ManualScheduler s = new ManualScheduler(ManualClock.atEpochOfTests());
        try (Mj mj = Mj.builder().registry(ProviderRegistry.of(vendor)).environment(Map.of())
                .provider("memory", ProviderConfig.apiKey(ProviderConformanceKit.API_KEY))
                .store(new InMemoryTaskStore()).clock(s.clock()).scheduler(s).executor(s).build()) {
            for (int i = 0; i < 1000; i++) {
                mj.imagine("a lighthouse at dawn, take " + i);
                s.advance(Duration.ofMillis(10)); // acceptances spread over 10 s, as a real burst's are
            }
            int batches0 = vendor.batches.get();
            int singles0 = vendor.singleFetches.get();
            int fetched0 = vendor.fetched.size();
            for (int i = 0; i < 3000; i++) {
                s.advance(Duration.ofMillis(100)); // 300 s of idle tracking
            }
            int requests = vendor.batches.get() - batches0 + vendor.singleFetches.get() - singles0;
            int polls = vendor.fetched.size() - fetched0;
            assertThat((double) polls / requests).as("task polls per status request (%d polls, %d requests)", polls, requests)
                    .isGreaterThanOrEqualTo(40.0);
            // PollOptions.DEFAULT: every 5 s (+-10 % jitter); a poll may come up to half an interval early to share a batch
            assertThat(polls / 1000.0).as("polls per task in 300 s").isBetween(300 / 5.5, 300 / 2.5);
        }
    }
}
