package io.mj4j.micrometer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mj4j.core.MjEvents.SubmitOutcome;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.Usage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;

import static io.mj4j.micrometer.MicrometerEvents.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@DisplayName("MicrometerEvents, fed events directly")
class MicrometerEventsTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final MicrometerEvents events = new MicrometerEvents(registry);

    @Test
    @DisplayName("no meter exists before the first event, and a provider's circuit gauge appears with its first event")
    void lazyRegistration() {
        assertThat(registry.getMeters()).isEmpty();

        events.polled("acedata", true, 1, Duration.ofMillis(5));

        assertThat(registry.get(CIRCUIT_OPEN).tag("provider", "acedata").gauge().value()).isZero();
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                .containsExactlyInAnyOrder(CIRCUIT_OPEN, POLLS, POLLS_TASKS);
    }

    @Test
    @DisplayName("the circuit gauge reads 1 while the circuit is open and 0 once it closes, per provider")
    void circuitGauge() {
        events.circuit("acedata", true);
        events.circuit("kolersky", false);
        assertThat(registry.get(CIRCUIT_OPEN).tag("provider", "acedata").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get(CIRCUIT_OPEN).tag("provider", "kolersky").gauge().value()).isZero();

        events.circuit("acedata", false);
        assertThat(registry.get(CIRCUIT_OPEN).tag("provider", "acedata").gauge().value()).isZero();
    }

    @Test
    @DisplayName("a batch poll counts one poll and every task it covered")
    void batchPoll() {
        events.polled("acedata", true, 7, Duration.ofMillis(40));
        events.polled("acedata", false, 3, Duration.ofMillis(10));

        assertThat(registry.get(POLLS).tags("provider", "acedata", "outcome", SUCCESS).timer().count()).isEqualTo(1);
        assertThat(registry.get(POLLS_TASKS).tags("provider", "acedata", "outcome", SUCCESS).counter().count()).isEqualTo(7.0);
        assertThat(registry.get(POLLS).tags("provider", "acedata", "outcome", ERROR).timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10.0);
        assertThat(registry.get(POLLS_TASKS).tags("provider", "acedata", "outcome", ERROR).counter().count()).isEqualTo(3.0);
    }

    @Test
    @DisplayName("only accepted submits are timed: the engine measures no other exchange")
    void onlyAcceptedSubmitsTimed() {
        events.submitted("acedata", ActionKind.IMAGINE, SubmitOutcome.REFUSED, Duration.ZERO);
        events.submitted("acedata", ActionKind.IMAGINE, SubmitOutcome.UNKNOWN, Duration.ZERO);

        assertThat(registry.get(SUBMITS).tags("outcome", "REFUSED").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(SUBMITS).tags("outcome", "UNKNOWN").counter().count()).isEqualTo(1.0);
        assertThat(registry.find(SUBMIT_DURATION).timer()).isNull();
    }

    @Test
    @DisplayName("vendor costs add up per unit, normalized costs per action, and a negative amount is ignored")
    void costs() {
        events.cost("kolersky", ActionKind.IMAGINE, Optional.of(new Usage(BigDecimal.ONE, "requests")), Optional.empty());
        events.cost("kolersky", ActionKind.IMAGINE, Optional.of(new Usage(new BigDecimal("2"), "requests")), Optional.of(new BigDecimal("0.05")));
        events.cost("kolersky", ActionKind.IMAGINE, Optional.of(new Usage(new BigDecimal("-1"), "requests")), Optional.empty());

        assertThat(registry.get(COST).tags("provider", "kolersky", "action", "IMAGINE", "unit", "requests").counter().count())
                .isEqualTo(3.0);
        assertThat(registry.get(COST_NORMALIZED).tags("provider", "kolersky", "action", "IMAGINE").counter().count())
                .isCloseTo(0.05, within(1e-12));
    }

    @Test
    @DisplayName("a cancelled task is timed with status CANCELLED and is not a stall")
    void cancelled() {
        events.ended("acedata", ActionKind.UPSCALE, TaskStatus.CANCELLED, Optional.of(FailureCategory.CANCELLED), Duration.ofSeconds(3));

        assertThat(registry.get(TASK_DURATION).tags("status", "CANCELLED", "category", "CANCELLED", "action", "UPSCALE").timer()
                .totalTime(TimeUnit.SECONDS)).isEqualTo(3.0);
        assertThat(registry.find(TASKS_STALLED).counter()).isNull();
    }

    @Test
    @DisplayName("events from many threads at once are all counted, each tag set registered once")
    void concurrentEvents() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        events.submitted("p" + (i % 3), ActionKind.IMAGINE, SubmitOutcome.ACCEPTED, Duration.ofMillis(1));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(registry.find(SUBMITS).counters()).hasSize(3);
        assertThat(registry.find(SUBMITS).counters().stream().mapToDouble(c -> c.count()).sum()).isEqualTo(4000.0);
        assertThat(registry.find(SUBMIT_DURATION).timers().stream().mapToLong(t -> t.count()).sum()).isEqualTo(4000);
    }
}
