package io.mj4j.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mj4j.core.CostTracker;
import io.mj4j.core.HealthOptions;
import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.Task;
import io.mj4j.core.routing.PriceTable;
import io.mj4j.core.routing.RoutingPolicy;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.TaskFailedException;
import io.mj4j.spi.TaskTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.mj4j.micrometer.MicrometerEvents.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@DisplayName("MicrometerEvents on the real engine against the vendor sandboxes")
class MicrometerEventsSandboxTest {
    static final SandboxOptions FAST = SandboxOptions.builder().timeScale(0.01).build();
    static final PollOptions QUICK_POLLS = new PollOptions(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.0);
    static final Duration WAIT = Duration.ofSeconds(30);

    final MeterRegistry registry = new SimpleMeterRegistry();

    static Mj.Builder client(Map<String, String> environment, String... providers) {
        Mj.Builder b = Mj.builder().environment(environment).pollOptions(QUICK_POLLS);
        for (String p : providers) {
            b.provider(p);
        }
        return b;
    }

    @Test
    @DisplayName("an imagine and an upscale on GPTunnel record submits, polls, first progress, task durations and the roubles GPTunnel reports")
    void imagineAndUpscale() {
        try (MjSandbox gptunnel = MjSandbox.start("gptunnel", FAST);
             Mj mj = client(gptunnel.environment(), "gptunnel")
                     .prices(PriceTable.in("USD").price("gptunnel", new BigDecimal("0.25")).build())
                     .events(new MicrometerEvents(registry)).build()) {
            Task grid = mj.imagine("a lighthouse at dawn --ar 16:9");
            grid.await(WAIT);
            Task single = grid.upscale(2);
            single.await(WAIT);

            for (ActionKind kind : new ActionKind[] {ActionKind.IMAGINE, ActionKind.UPSCALE}) {
                String action = kind.name();
                assertThat(counter(SUBMITS, "provider", "gptunnel", "action", action, "outcome", "ACCEPTED").count())
                        .as("accepted %s submits", action).isEqualTo(1.0);
                Timer submit = timer(SUBMIT_DURATION, "provider", "gptunnel", "action", action);
                assertThat(submit.count()).isEqualTo(1);
                assertThat(submit.totalTime(TimeUnit.NANOSECONDS)).as("a real exchange takes time").isPositive();
                assertThat(timer(FIRST_PROGRESS, "provider", "gptunnel", "action", action).count())
                        .as("first progress of %s", action).isEqualTo(1);
                Timer total = timer(TASK_DURATION, "provider", "gptunnel", "action", action, "status", "SUCCEEDED", "category", NONE);
                assertThat(total.count()).as("succeeded %s tasks", action).isEqualTo(1);
                assertThat(total.totalTime(TimeUnit.NANOSECONDS))
                        .isGreaterThanOrEqualTo(timer(FIRST_PROGRESS, "provider", "gptunnel", "action", action).totalTime(TimeUnit.NANOSECONDS));
            }
            assertThat(registry.find(SUBMITS).tag("outcome", "REFUSED").counter()).as("nothing refused").isNull();
            assertThat(registry.find(TASK_DURATION).tag("status", "FAILED").timer()).as("nothing failed").isNull();
            assertThat(registry.find(TASKS_STALLED).counter()).as("nothing stalled").isNull();

            Timer polls = timer(POLLS, "provider", "gptunnel", "outcome", SUCCESS);
            assertThat(polls.count()).as("at least one poll per task").isGreaterThanOrEqualTo(2);
            assertThat(counter(POLLS_TASKS, "provider", "gptunnel", "outcome", SUCCESS).count())
                    .as("GPTunnel has no batch fetch: one task per poll").isEqualTo((double) polls.count());

            CostTracker costs = mj.costs();
            double imagineRoubles = reported(costs, "gptunnel", ActionKind.IMAGINE);
            assertThat(imagineRoubles).as("GPTunnel charges an imagine").isPositive();
            assertThat(counter(COST, "provider", "gptunnel", "action", "IMAGINE", "unit", "RUB").count())
                    .isCloseTo(imagineRoubles, within(1e-9));
            assertThat(counter(COST, "provider", "gptunnel", "action", "UPSCALE", "unit", "RUB").count())
                    .isCloseTo(reported(costs, "gptunnel", ActionKind.UPSCALE), within(1e-9));
            assertThat(counter(COST_NORMALIZED, "provider", "gptunnel", "action", "IMAGINE").count()).isCloseTo(0.25, within(1e-9));
            assertThat(counter(COST_NORMALIZED, "provider", "gptunnel", "action", "UPSCALE").count()).isCloseTo(0.25, within(1e-9));

            assertThat(gauge(CIRCUIT_OPEN, "provider", "gptunnel").value()).as("circuit closed").isZero();
        }
    }

    @Test
    @DisplayName("a prompt the vendor's moderation rejects is timed as a FAILED task of category PROMPT_REJECTED")
    void promptRejected() {
        // OhMyGPT: its provider reads Midjourney's moderation text; GPTunnel's reports every task failure as VENDOR_ERROR
        try (MjSandbox ohmygpt = MjSandbox.start("ohmygpt", FAST);
             Mj mj = client(ohmygpt.environment(), "ohmygpt").events(new MicrometerEvents(registry)).build()) {
            ohmygpt.faults().promptRejectionRate(1.0);

            Task task = mj.imagine("a forbidden subject");

            assertThatThrownBy(() -> task.await(WAIT)).isInstanceOf(TaskFailedException.class);
            assertThat(counter(SUBMITS, "provider", "ohmygpt", "action", "IMAGINE", "outcome", "ACCEPTED").count())
                    .as("the vendor took the task, then moderation failed it").isEqualTo(1.0);
            assertThat(timer(TASK_DURATION, "provider", "ohmygpt", "action", "IMAGINE", "status", "FAILED", "category", "PROMPT_REJECTED").count())
                    .isEqualTo(1);
            assertThat(registry.find(TASK_DURATION).tag("status", "SUCCEEDED").timer()).isNull();
            assertThat(registry.find(TASKS_STALLED).counter()).as("a rejection is not a stall").isNull();
        }
    }

    @Test
    @DisplayName("a task that stalls past its deadline counts in mj.tasks.stalled and is timed as FAILED with category TIMEOUT")
    void stalled() {
        try (MjSandbox gptunnel = MjSandbox.start("gptunnel", FAST);
             Mj mj = client(gptunnel.environment(), "gptunnel").deadline(ActionKind.IMAGINE, Duration.ofSeconds(2))
                     .events(new MicrometerEvents(registry)).build()) {
            gptunnel.faults().stallRate(1.0);

            Task task = mj.imagine("a clock that never strikes");

            assertThatThrownBy(() -> task.await(WAIT)).isInstanceOf(TaskTimeoutException.class);
            assertThat(counter(TASKS_STALLED, "provider", "gptunnel", "action", "IMAGINE").count()).isEqualTo(1.0);
            Timer total = timer(TASK_DURATION, "provider", "gptunnel", "action", "IMAGINE", "status", "FAILED", "category", "TIMEOUT");
            assertThat(total.count()).isEqualTo(1);
            assertThat(total.totalTime(TimeUnit.MILLISECONDS)).as("it ran to its deadline").isGreaterThanOrEqualTo(2000);
        }
    }

    @Test
    @DisplayName("a first provider that is down records a FAILED_OVER submit on it, an ACCEPTED one on the next and its open circuit")
    void failover() {
        try (MjSandbox gptunnel = MjSandbox.start("gptunnel", FAST);
             MjSandbox ohmygpt = MjSandbox.start("ohmygpt", FAST)) {
            Map<String, String> env = new HashMap<>(gptunnel.environment());
            env.putAll(ohmygpt.environment());
            try (Mj mj = client(env, "gptunnel", "ohmygpt").routing(RoutingPolicy.ordered("gptunnel", "ohmygpt"))
                    .health(new HealthOptions(1, Duration.ofSeconds(30)))
                    .events(new MicrometerEvents(registry)).build()) {
                gptunnel.close(); // connection refused: provably not sent, so the task fails over

                Task task = mj.imagine("a lighthouse at dawn");
                task.await(WAIT);

                assertThat(task.providerId()).isEqualTo("ohmygpt");
                assertThat(counter(SUBMITS, "provider", "gptunnel", "action", "IMAGINE", "outcome", "FAILED_OVER").count()).isEqualTo(1.0);
                assertThat(counter(SUBMITS, "provider", "ohmygpt", "action", "IMAGINE", "outcome", "ACCEPTED").count()).isEqualTo(1.0);
                assertThat(registry.find(SUBMITS).tags("provider", "gptunnel", "outcome", "ACCEPTED").counter()).isNull();
                assertThat(timer(TASK_DURATION, "provider", "ohmygpt", "action", "IMAGINE", "status", "SUCCEEDED", "category", NONE).count())
                        .isEqualTo(1);
                assertThat(gauge(CIRCUIT_OPEN, "provider", "gptunnel").value()).as("one refused connection opens a circuit of threshold 1").isEqualTo(1.0);
                assertThat(gauge(CIRCUIT_OPEN, "provider", "ohmygpt").value()).isZero();
            }
        }
    }

    private Counter counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter();
    }

    private Timer timer(String name, String... tags) {
        return registry.get(name).tags(tags).timer();
    }

    private Gauge gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge();
    }

    private static double reported(CostTracker costs, String provider, ActionKind kind) {
        return costs.reported().stream()
                .filter(l -> l.providerId().equals(provider) && l.kind() == kind)
                .map(CostTracker.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add).doubleValue();
    }
}
