package io.mj4j.sandbox.routing;

import io.mj4j.core.HealthOptions;
import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.Task;
import io.mj4j.core.routing.RoutingPolicy;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.sandbox.internal.kolersky.KolerskySimulator;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing and failover across simulated vendors: Kolersky, GPTunnel and OhMyGPT sandboxes side by side. */
@DisplayName("Several simulated vendors: failover only when no task was created; follow-ups stay home")
class SandboxRoutingTest {
    private static final SandboxOptions FAST = SandboxOptions.builder().timeScale(0.01).build();
    private final List<MjSandbox> vendors = new ArrayList<>();
    private Mj mj;

    @AfterEach
    void close() {
        if (mj != null) {
            mj.close();
        }
        vendors.forEach(MjSandbox::close);
    }

    private MjSandbox vendor(MjSandbox s) {
        vendors.add(s);
        return s;
    }

    private Mj client(String order, UnaryOperator<Mj.Builder> extra) {
        Map<String, String> env = new HashMap<>();
        vendors.forEach(v -> env.putAll(v.environment()));
        Mj.Builder b = Mj.builder().environment(env)
                .pollOptions(new PollOptions(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0))
                .routing(RoutingPolicy.ordered(order.split(",")).healthAware());
        vendors.forEach(v -> b.provider(v.vendorId()));
        mj = extra.apply(b).build();
        return mj;
    }

    @Test
    @DisplayName("Kolersky out of requests: new tasks go to GPTunnel, Kolersky created nothing")
    void outOfBalance() {
        MjSandbox kolersky = vendor(MjSandbox.start(new KolerskySimulator(0), FAST));
        MjSandbox gptunnel = vendor(MjSandbox.start("gptunnel", FAST));
        Task t = client("kolersky,gptunnel", b -> b).imagine("a fox");
        assertThat(t.await(Duration.ofSeconds(30)).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(t.providerId()).isEqualTo("gptunnel");
        assertThat(kolersky.counters().tasksCreated()).isZero();
        assertThat(gptunnel.counters().tasksCreated()).isEqualTo(1);
    }

    @Test
    @DisplayName("GPTunnel down or rate limited: OhMyGPT takes the task")
    void downOrRateLimited() {
        MjSandbox gptunnel = vendor(MjSandbox.start("gptunnel", FAST));
        MjSandbox ohmygpt = vendor(MjSandbox.start("ohmygpt", FAST));
        client("gptunnel,ohmygpt", b -> b);
        gptunnel.faults().rateLimitNext(1, Duration.ofSeconds(30));
        Task limited = mj.imagine("a fox");
        assertThat(limited.await(Duration.ofSeconds(30)).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(limited.providerId()).isEqualTo("ohmygpt");

        gptunnel.close(); // connection refused from now on
        Task down = mj.imagine("a heron");
        assertThat(down.await(Duration.ofSeconds(30)).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(down.providerId()).isEqualTo("ohmygpt");
        assertThat(gptunnel.counters().tasksCreated()).isZero();
        assertThat(ohmygpt.counters().tasksCreated()).isEqualTo(2);
    }

    @Test
    @DisplayName("GPTunnel stalling: its circuit opens and the next tasks go to OhMyGPT")
    void stalling() {
        MjSandbox gptunnel = vendor(MjSandbox.start("gptunnel", FAST));
        vendor(MjSandbox.start("ohmygpt", FAST));
        gptunnel.faults().stallRate(1.0);
        client("gptunnel,ohmygpt", b -> b.deadline(ActionKind.IMAGINE, Duration.ofSeconds(5))
                .health(new HealthOptions(2, Duration.ofMinutes(5))));
        Task s1 = mj.imagine("one");
        Task s2 = mj.imagine("two");
        assertThat(s1.completion().handle((s, e) -> s1.snapshot()).join().status()).isEqualTo(TaskStatus.FAILED);
        s2.completion().handle((s, e) -> null).join();
        assertThat(mj.healthy("gptunnel")).isFalse();

        Task next = mj.imagine("three");
        assertThat(next.await(Duration.ofSeconds(30)).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(next.providerId()).isEqualTo("ohmygpt");
        assertThat(gptunnel.counters().tasksCreated()).isEqualTo(2);
    }

    @Test
    @DisplayName("an ambiguous failure (the reply lost after GPTunnel created the task) does not fail over")
    void ambiguousStays() {
        MjSandbox gptunnel = vendor(MjSandbox.start("gptunnel", FAST));
        MjSandbox ohmygpt = vendor(MjSandbox.start("ohmygpt", FAST));
        gptunnel.faults().dropAfterCreateNext(1);
        Task t = client("gptunnel,ohmygpt", b -> b).imagine("a fox");
        t.completion().handle((s, e) -> null).join();
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.UNKNOWN);
        assertThat(t.providerId()).isEqualTo("gptunnel");
        assertThat(gptunnel.counters().tasksCreated()).isEqualTo(1);
        assertThat(ohmygpt.counters().requests()).isZero();
    }

    @Test
    @DisplayName("a follow-up goes to the provider that made its parent, whatever the routing prefers now")
    void followUpsStayHome() {
        MjSandbox gptunnel = vendor(MjSandbox.start("gptunnel", FAST));
        MjSandbox ohmygpt = vendor(MjSandbox.start("ohmygpt", FAST));
        gptunnel.faults().rateLimitNext(1, Duration.ofSeconds(30));
        Task grid = client("gptunnel,ohmygpt", b -> b).imagine("a fox");
        grid.await(Duration.ofSeconds(30));
        assertThat(grid.providerId()).isEqualTo("ohmygpt");
        Task up = grid.upscale(2);
        assertThat(up.await(Duration.ofSeconds(30)).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(up.providerId()).isEqualTo("ohmygpt");
        assertThat(ohmygpt.counters().tasksCreated()).isEqualTo(2);
        assertThat(gptunnel.counters().tasksCreated()).isZero();
    }
}
