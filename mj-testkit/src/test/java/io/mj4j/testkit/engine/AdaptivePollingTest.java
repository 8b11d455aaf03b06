package io.mj4j.testkit.engine;

import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.Task;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ManualClock;
import io.mj4j.testkit.ManualScheduler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Adaptive polling")
class AdaptivePollingTest {

    /** A vendor in memory whose tasks progress linearly on the manual clock and end after {@code duration}. */
    static final class LinearVendor implements MjProviderFactory {
        final ManualClock clock;
        final Duration duration;
        final int maxPolls;
        final Map<String, Instant> started = new ConcurrentHashMap<>();
        final List<Instant> polls = new CopyOnWriteArrayList<>();
        final Map<String, Instant> finishedAt = new ConcurrentHashMap<>();

        LinearVendor(ManualClock clock, Duration duration, int maxPolls) {
            this.clock = clock;
            this.duration = duration;
            this.maxPolls = maxPolls;
        }

        @Override
        public ProviderDescriptor descriptor() {
            ProviderDescriptor.Builder b = ProviderDescriptor.builder("linear", "Linear", URI.create("https://linear.example"))
                    .actions(ActionKind.IMAGINE);
            if (maxPolls > 0) {
                b.minPollInterval(Duration.ofSeconds(5)).maxPollsPerTask(maxPolls);
            }
            return b.build();
        }

        @Override
        public MjProvider create(ProviderContext context) {
            return new MjProvider() {
                @Override
                public SubmitReceipt submit(SubmitRequest request) {
                    String id = "v-" + started.size();
                    started.put(id, clock.instant());
                    finishedAt.put(id, clock.instant().plus(duration));
                    return SubmitReceipt.of(id);
                }

                @Override
                public TaskSnapshot fetch(TaskRef task) {
                    polls.add(clock.instant());
                    long ms = Duration.between(started.get(task.vendorTaskId()), clock.instant()).toMillis();
                    int pct = (int) Math.min(100, ms * 100 / duration.toMillis());
                    return pct >= 100
                            ? TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId(task.vendorTaskId())
                                    .result(io.mj4j.spi.TaskResult.ofGrid(io.mj4j.spi.Image.of("https://img.example/grid.png"))).build()
                            : TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId(task.vendorTaskId()).progress(pct).build();
                }
            };
        }
    }

    private static Mj client(LinearVendor vendor, ManualScheduler scheduler, boolean adaptive) {
        return Mj.builder().registry(ProviderRegistry.of(vendor)).environment(Map.of()).provider("linear", ProviderConfig.apiKey("k-1234"))
                .clock(scheduler.clock()).scheduler(scheduler).executor(scheduler).adaptivePolling(adaptive)
                .pollOptions(new PollOptions(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(60), 2.0, 0.0)).build();
    }

    private record Outcome(int polls, Duration detectionDelay) {
    }

    private static Outcome run(boolean adaptive, Duration taskDuration) {
        ManualScheduler scheduler = new ManualScheduler(ManualClock.atEpochOfTests());
        LinearVendor vendor = new LinearVendor(scheduler.clock(), taskDuration, 0);
        try (Mj mj = client(vendor, scheduler, adaptive)) {
            Task t = mj.imagine("a fox");
            Instant[] heard = new Instant[1];
            t.onUpdate((task, s) -> {
                if (s.status() == TaskStatus.SUCCEEDED) {
                    heard[0] = scheduler.clock().instant();
                }
            });
            scheduler.advance(Duration.ofMinutes(5));
            assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
            return new Outcome(vendor.polls.size(), Duration.between(vendor.finishedAt.get("v-0"), heard[0]));
        }
    }

    @Test
    @DisplayName("with progress reports, adaptive polling needs far fewer polls than a fixed interval and hears the end as soon")
    void fewerPollsSameDelay() {
        Outcome fixed = run(false, Duration.ofSeconds(40));
        Outcome adaptive = run(true, Duration.ofSeconds(40));
        assertThat(fixed.polls()).isGreaterThanOrEqualTo(15);
        assertThat(adaptive.polls()).isLessThanOrEqualTo(4);
        assertThat(adaptive.detectionDelay()).isLessThanOrEqualTo(fixed.detectionDelay().plusSeconds(1));
        assertThat(adaptive.detectionDelay()).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(fixed.detectionDelay()).isLessThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("the vendor's poll budget is respected: never more polls than allowed, never closer than its minimum")
    void pollBudget() {
        ManualScheduler scheduler = new ManualScheduler(ManualClock.atEpochOfTests());
        LinearVendor vendor = new LinearVendor(scheduler.clock(), Duration.ofHours(1), 10);
        try (Mj mj = client(vendor, scheduler, true)) {
            Task t = mj.imagine("a fox");
            scheduler.advance(Duration.ofMinutes(11));
            assertThat(t.snapshot().failure().orElseThrow().category().name()).isEqualTo("TIMEOUT");
        }
        assertThat(vendor.polls).hasSizeBetween(2, 10);
        for (int i = 1; i < vendor.polls.size(); i++) {
            assertThat(Duration.between(vendor.polls.get(i - 1), vendor.polls.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        }
    }
}
