package io.mj4j.testkit.engine;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import io.mj4j.core.Budget;
import io.mj4j.core.BudgetExceededException;
import io.mj4j.core.CapacityExceededException;
import io.mj4j.core.HealthOptions;
import io.mj4j.core.Mj;
import io.mj4j.core.MjEvents;
import io.mj4j.core.PollOptions;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderLimits;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.RetryOptions;
import io.mj4j.core.Task;
import io.mj4j.core.routing.PriceTable;
import io.mj4j.core.routing.RoutingPolicy;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ManualClock;
import io.mj4j.testkit.ManualScheduler;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorProviderFactory;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Several providers: routing, failover, health, limits, cost")
class RoutingTest {
    private static final String KEY = ProviderConformanceKit.API_KEY;
    private final List<WireMockServer> servers = new ArrayList<>();
    private WireMockServer a;
    private WireMockServer b;
    private ManualScheduler scheduler;
    private Mj mj;

    @BeforeEach
    void start() {
        a = server();
        b = server();
        scheduler = new ManualScheduler(ManualClock.atEpochOfTests());
    }

    @AfterEach
    void stop() {
        if (mj != null) {
            mj.close();
        }
        servers.forEach(WireMockServer::stop);
    }

    private WireMockServer server() {
        WireMockServer s = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        s.start();
        servers.add(s);
        return s;
    }

    private Mj client(UnaryOperator<Mj.Builder> extra) {
        mj = extra.apply(Mj.builder()
                .registry(ProviderRegistry.of(RefVendorProviderFactory.withId("vendor-a"), RefVendorProviderFactory.withId("vendor-b")))
                .environment(Map.of())
                .provider("vendor-a", ProviderConfig.builder().baseUri(a.baseUrl()).apiKey(KEY).build())
                .provider("vendor-b", ProviderConfig.builder().baseUri(b.baseUrl()).apiKey(KEY).build())
                .routing(RoutingPolicy.ordered("vendor-a", "vendor-b"))
                .clock(scheduler.clock()).scheduler(scheduler).executor(scheduler)
                .pollOptions(new PollOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0, 0.0))
                .retryOptions(RetryOptions.DEFAULT)).build();
        return mj;
    }

    private static long posts(WireMockServer s) {
        return s.getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName().equals("POST")).count();
    }

    private static void accepts(WireMockServer s, String id, String finalJson) {
        WireMock wm = new WireMock(s);
        wm.register(post(urlEqualTo("/v1/tasks")).willReturn(okJson("{\"id\":\"" + id + "\",\"status\":\"queued\"}")));
        wm.register(get(urlMatching("/v1/tasks/.*")).willReturn(okJson(finalJson)));
    }

    private static void refuses(WireMockServer s, int status, String retryAfter) {
        var response = aResponse().withStatus(status).withBody("{\"error\":{\"code\":\"x\",\"message\":\"no\"}}");
        if (retryAfter != null) {
            response = response.withHeader("Retry-After", retryAfter);
        }
        new WireMock(s).register(post(urlEqualTo("/v1/tasks")).willReturn(response));
    }

    @Test
    @DisplayName("out of balance, rate limited or down: the next provider takes the task, each refusal after one request")
    void failsOverWhenNoTaskWasCreated() {
        accepts(b, "b-1", RefVendorStubs.gridJson("b-1"));
        client(x -> x);
        for (int status : new int[]{402, 429, 401, 503}) {
            a.resetAll();
            b.resetRequests();
            refuses(a, status, status == 429 ? "60" : null);
            Task t = mj.imagine("a fox");
            scheduler.advance(Duration.ofSeconds(6));
            assertThat(t.providerId()).as("after HTTP %d", status).isEqualTo("vendor-b");
            assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(posts(a)).isEqualTo(1);
            assertThat(posts(b)).isEqualTo(1);
        }
        a.stop();
        Task t = mj.imagine("a fox");
        scheduler.advance(Duration.ofSeconds(6));
        assertThat(t.providerId()).as("connection refused").isEqualTo("vendor-b");
    }

    @Test
    @DisplayName("an ambiguous failure (reset after sending) never fails over: the task stays UNKNOWN on the first provider")
    void ambiguousDoesNotFailOver() {
        new WireMock(a).register(post(urlEqualTo("/v1/tasks")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        accepts(b, "b-1", RefVendorStubs.gridJson("b-1"));
        client(x -> x);
        Task t = mj.imagine("a fox");
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.UNKNOWN);
        assertThat(t.providerId()).isEqualTo("vendor-a");
        assertThat(posts(a)).isEqualTo(1);
        assertThat(b.getAllServeEvents()).isEmpty();
    }

    @Test
    @DisplayName("a follow-up stays with its parent's provider even when routing prefers another")
    void followUpsNeverMove() {
        accepts(b, "b-1", RefVendorStubs.gridJson("b-1"));
        refuses(a, 402, null);
        client(x -> x);
        Task grid = mj.imagine("a fox");
        scheduler.advance(Duration.ofSeconds(6));
        a.resetAll();
        accepts(a, "a-1", RefVendorStubs.gridJson("a-1"));
        b.resetRequests();
        Task up = grid.upscale(1);
        scheduler.runReady();
        assertThat(up.providerId()).isEqualTo("vendor-b");
        assertThat(posts(b)).isEqualTo(1);
        assertThat(posts(a)).isZero();
    }

    @Test
    @DisplayName("a submit held back by an open circuit is never sent after its task's deadline: the task ends TIMEOUT, unsent")
    void heldSubmitNotSentPastItsDeadline() {
        new WireMock(a).register(post(urlEqualTo("/v1/tasks")).willReturn(okJson("{\"id\":\"a-1\",\"status\":\"queued\"}")));
        new WireMock(a).register(get(urlMatching("/v1/tasks/.*")).willReturn(okJson("{\"id\":\"a-1\",\"status\":\"running\",\"progress\":10}")));
        client(x -> x.routing(RoutingPolicy.ordered("vendor-a"))
                .health(new HealthOptions(2, Duration.ofMinutes(5)))
                .deadline(ActionKind.IMAGINE, Duration.ofMinutes(1)));
        mj.imagine("one");
        mj.imagine("two");
        scheduler.advance(Duration.ofMinutes(2)); // both stall to their deadline: the circuit opens for 5 minutes
        assertThat(mj.healthy("vendor-a")).isFalse();
        List<String> sentBefore = promptsSentTo(a);

        Task held = mj.imagine("three");
        scheduler.advance(Duration.ofSeconds(59));
        assertThat(held.snapshot().status()).as("held while the circuit is open").isEqualTo(TaskStatus.SUBMITTING);
        scheduler.advance(Duration.ofMinutes(10)); // past the deadline and past the circuit's cooldown
        assertThat(held.snapshot().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(held.snapshot().failure().orElseThrow().category().name()).isEqualTo("TIMEOUT");
        assertThat(held.snapshot().failure().orElseThrow().vendorMessage()).contains("deadline").contains("not sent");
        assertThat(held.snapshot().vendorTaskId()).isEmpty();
        assertThat(promptsSentTo(a)).as("submits vendor-a received; the held task's prompt never among them")
                .isEqualTo(sentBefore).noneMatch(p -> p.contains("three"));
    }

    /** The prompts of the submits {@code s} received, in order (the request bodies, identities rather than a count). */
    private static List<String> promptsSentTo(WireMockServer s) {
        return s.getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName().equals("POST"))
                .map(e -> e.getRequest().getBodyAsString()).sorted().toList();
    }

    @Test
    @DisplayName("tasks stalling at a provider open its circuit: new tasks skip it until the cooldown, then one trial goes")
    void stallingOpensTheCircuit() {
        RefVendorStubs stubs = new RefVendorStubs();
        new WireMock(a).register(post(urlEqualTo("/v1/tasks")).willReturn(okJson("{\"id\":\"a-1\",\"status\":\"queued\"}")));
        new WireMock(a).register(get(urlMatching("/v1/tasks/.*")).willReturn(okJson("{\"id\":\"a-1\",\"status\":\"running\",\"progress\":10}")));
        accepts(b, "b-1", RefVendorStubs.gridJson("b-1"));
        List<String> circuit = new CopyOnWriteArrayList<>();
        client(x -> x.routing(RoutingPolicy.ordered("vendor-a", "vendor-b").healthAware())
                .health(new HealthOptions(2, Duration.ofMinutes(5)))
                .deadline(ActionKind.IMAGINE, Duration.ofMinutes(1))
                .events(new MjEvents() {
                    @Override
                    public void circuit(String providerId, boolean open) {
                        circuit.add(providerId + (open ? " open" : " closed"));
                    }
                }));
        Task s1 = mj.imagine("one");
        Task s2 = mj.imagine("two");
        scheduler.advance(Duration.ofMinutes(2));
        assertThat(s1.snapshot().failure().orElseThrow().category().name()).isEqualTo("TIMEOUT");
        assertThat(s2.snapshot().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(circuit).containsExactly("vendor-a open");
        assertThat(mj.healthy("vendor-a")).isFalse();

        long postsToA = posts(a);
        Task third = mj.imagine("three");
        scheduler.advance(Duration.ofSeconds(6));
        assertThat(third.providerId()).isEqualTo("vendor-b");
        assertThat(posts(a)).as("no request to an open circuit").isEqualTo(postsToA);

        scheduler.advance(Duration.ofMinutes(5));
        a.resetAll();
        accepts(a, "a-9", RefVendorStubs.gridJson("a-9"));
        Task trial = mj.imagine("four");
        scheduler.advance(Duration.ofSeconds(6));
        assertThat(trial.providerId()).isEqualTo("vendor-a");
        assertThat(trial.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(circuit).containsExactly("vendor-a open", "vendor-a closed");
    }

    @Test
    @DisplayName("a provider at its concurrency limit queues submits, then refuses clearly; routing sends the overflow elsewhere")
    void concurrencyLimits() {
        new WireMock(a).register(post(urlEqualTo("/v1/tasks")).willReturn(okJson("{\"id\":\"a-1\",\"status\":\"queued\"}")));
        new WireMock(a).register(get(urlMatching("/v1/tasks/.*")).willReturn(okJson("{\"id\":\"a-1\",\"status\":\"running\",\"progress\":10}")));
        accepts(b, "b-1", RefVendorStubs.gridJson("b-1"));
        client(x -> x.routing(RoutingPolicy.ordered("vendor-a")).limits("vendor-a", new ProviderLimits(1, 1)));
        Task first = mj.imagine("one");
        Task queued = mj.imagine("two");
        Task refused = mj.imagine("three");
        scheduler.runReady();
        assertThat(first.snapshot().status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(queued.snapshot().status()).as("waiting for a slot, not sent").isEqualTo(TaskStatus.SUBMITTING);
        assertThat(refused.snapshot().status()).isEqualTo(TaskStatus.FAILED);
        assertThatThrownBy(() -> refused.await(Duration.ZERO)).isInstanceOf(CapacityExceededException.class)
                .hasMessageContaining("vendor-a").hasMessageContaining("queue is full");
        assertThat(posts(a)).isEqualTo(1);

        mj.close();
        mj = null;
        client(x -> x.limits("vendor-a", new ProviderLimits(1, 0)));
        mj.imagine("one");
        Task overflow = mj.imagine("two");
        scheduler.runReady();
        assertThat(overflow.providerId()).isEqualTo("vendor-b");
    }

    @Test
    @DisplayName("cheapest first by the price table; cost totals by vendor units and normalized; the budget refuses before sending")
    void costAndBudget() {
        new WireMock(a).register(post(urlEqualTo("/v1/tasks")).willReturn(okJson("{\"id\":\"a-1\",\"status\":\"queued\"}")));
        new WireMock(b).register(post(urlEqualTo("/v1/tasks")).willReturn(okJson("{\"id\":\"b-1\",\"status\":\"queued\",\"cost\":18}")));
        new WireMock(b).register(get(urlMatching("/v1/tasks/.*")).willReturn(okJson(RefVendorStubs.gridJson("b-1"))));
        PriceTable prices = PriceTable.in("USD").price("vendor-a", new BigDecimal("0.09")).price("vendor-b", ActionKind.IMAGINE, new BigDecimal("0.05")).build();
        client(x -> x.routing(RoutingPolicy.cheapestFirst()).prices(prices).budget(new Budget(new BigDecimal("0.12"))));

        Task one = mj.imagine("one");
        Task two = mj.imagine("two");
        scheduler.advance(Duration.ofSeconds(6));
        assertThat(one.providerId()).isEqualTo("vendor-b");
        assertThat(two.providerId()).isEqualTo("vendor-b");
        assertThat(mj.costs().normalizedTotal()).isEqualByComparingTo("0.10");
        assertThat(mj.costs().reportedTotal("vendor-b", "credits")).isEqualByComparingTo("36");
        int before = b.getAllServeEvents().size();

        assertThatThrownBy(() -> mj.imagine("three")).isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("0.12").hasMessageContaining("0.05");
        scheduler.runReady();
        assertThat(b.getAllServeEvents()).hasSize(before);
        assertThat(a.getAllServeEvents()).isEmpty();
    }

    @Test
    @DisplayName("weighted routing spreads root tasks by weight (seeded)")
    void weighted() {
        accepts(a, "a-1", RefVendorStubs.gridJson("a-1"));
        accepts(b, "b-1", RefVendorStubs.gridJson("b-1"));
        client(x -> x.routing(RoutingPolicy.weighted(Map.of("vendor-a", 3, "vendor-b", 1))).random(new Random(7)));
        int toA = 0;
        for (int i = 0; i < 200; i++) {
            if (mj.imagine("fox " + i).providerId().equals("vendor-a")) {
                toA++;
            }
        }
        assertThat(toA).isBetween(130, 170);
    }
}
