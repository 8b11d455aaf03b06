package io.mj4j.testkit.engine;

import io.mj4j.core.Task;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Invariant 7: callbacks are hints, racing polls through the same state machine")
class CallbackRaceTest extends EngineFixture {

    @RepeatedTest(5)
    @DisplayName("a callback thread racing the poller yields one ordered stream: no step back, no duplicate, one end")
    void racingCallbacksAndPolls() throws Exception {
        new RefVendorStubs().submitAccepted(wm, "t-1");
        wm.register(get(urlEqualTo("/v1/tasks/t-1")).willReturn(okJson(task("t-1", "running", 50))));
        Task t = clientWithCallbacks().submit(ProviderConformanceKit.IMAGINE);
        List<TaskSnapshot> heard = new CopyOnWriteArrayList<>();
        t.onUpdate((task, s) -> heard.add(s));
        scheduler.runReady();

        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Void> polls = CompletableFuture.runAsync(() -> {
            await(go);
            for (int i = 0; i < 40; i++) {
                scheduler.advance(Duration.ofSeconds(5));
            }
        });
        CompletableFuture<Void> callbacks = CompletableFuture.runAsync(() -> {
            await(go);
            for (int p = 5; p <= 95; p += 5) {
                callback(t.id(), task("t-1", "running", p));
            }
            new RefVendorStubs().succeededGrid(wm, "t-1");
            callback(t.id(), RefVendorStubs.gridJson("t-1")); // a claimed end: the engine fetches to confirm
        });
        go.countDown();
        CompletableFuture.allOf(polls, callbacks).get(60, TimeUnit.SECONDS);
        scheduler.advance(Duration.ofSeconds(5)); // the confirming fetch, if the poller thread was already done

        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        List<TaskSnapshot> events = new ArrayList<>(heard);
        assertThat(events.get(events.size() - 1).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(events.stream().filter(TaskSnapshot::isTerminal)).hasSize(1);
        for (int i = 1; i < events.size(); i++) {
            TaskSnapshot a = events.get(i - 1);
            TaskSnapshot b = events.get(i);
            assertThat(b).as("event %d repeats event %d", i, i - 1).isNotEqualTo(a);
            assertThat(b.status().rank()).as("status rank at event %d", i).isGreaterThanOrEqualTo(a.status().rank());
            if (a.status() == b.status()) {
                assertThat(b.progress().orElse(0)).as("progress at event %d", i).isGreaterThanOrEqualTo(a.progress().orElse(0));
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
