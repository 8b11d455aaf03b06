package io.mj4j.testkit.engine;

import io.mj4j.core.store.InMemoryTaskStore;
import io.mj4j.core.Mj;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderLimits;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.Task;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.core.store.TaskStore;
import io.mj4j.spi.Action;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ManualClock;
import io.mj4j.testkit.ManualScheduler;
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("close(): nothing stranded, nothing interrupted, a closed client refuses work")
class CloseTest extends EngineFixture {

    private static Mj memoryClient(MemoryVendor vendor, TaskStore store, ManualScheduler s, ProviderLimits limits) {
        Mj.Builder b = Mj.builder().registry(ProviderRegistry.of(vendor)).environment(Map.of())
                .provider("memory", ProviderConfig.apiKey(ProviderConformanceKit.API_KEY))
                .store(store).clock(s.clock()).scheduler(s).executor(s);
        return (limits == null ? b : b.limits("memory", limits)).build();
    }

    @Test
    @DisplayName("20 imagines, 4 sent, then close(): the 16 unsent stay resendable and resumeActive() sends each exactly once")
    void unsentSubmitsAreSentOnceAfterResume() {
        MemoryVendor vendor = new MemoryVendor();
        InMemoryTaskStore shared = new InMemoryTaskStore();
        ManualScheduler s1 = new ManualScheduler(ManualClock.atEpochOfTests());
        List<String> ids = new ArrayList<>();
        try (Mj first = memoryClient(vendor, shared, s1, new ProviderLimits(4, 16))) {
            for (int i = 0; i < 20; i++) {
                ids.add(first.imagine("fox " + i).id());
            }
            s1.runReady();
            assertThat(vendor.submits.get()).isEqualTo(4);
        }
        assertThat(shared.findActive()).hasSize(20);

        ManualScheduler s2 = new ManualScheduler(s1.clock());
        try (Mj second = memoryClient(vendor, shared, s2, null)) {
            List<Task> resumed = second.resumeActive();
            s2.runReady();
            second.resumeActive();
            s2.runReady();

            assertThat(resumed).hasSize(20);
            assertThat(vendor.submits.get()).as("requests the vendor saw in all").isEqualTo(20);
            assertThat(new HashSet<>(vendor.submittedReferences)).as("each task sent once").hasSize(20).containsExactlyInAnyOrderElementsOf(ids);
            for (String id : ids) {
                TaskRecord r = shared.find(id).orElseThrow();
                assertThat(r.snapshot().status()).as("task %s", id).isIn(TaskStatus.QUEUED, TaskStatus.RUNNING);
                assertThat(r.snapshot().vendorTaskId()).as("task %s", id).isPresent();
            }
        }
    }

    @Test
    @DisplayName("close() during a 429 back-off: nothing more is sent, nothing thrown; resumeActive() sends the submit once")
    void closeDuringBackOff() {
        wm.register(post(urlEqualTo("/v1/tasks")).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")).willSetStateTo("free"));
        wm.register(post(urlEqualTo("/v1/tasks")).inScenario("busy").whenScenarioStateIs("free")
                .willReturn(okJson(task("t-1", "queued", null))));
        Task t = client().submit(ProviderConformanceKit.IMAGINE);
        scheduler.runReady();
        assertThat(submits()).isEqualTo(1);

        mj.close();
        scheduler.advance(Duration.ofMinutes(2));
        assertThat(submits()).as("no submit after close").isEqualTo(1);

        client().resumeActive();
        scheduler.runReady();
        assertThat(submits()).isEqualTo(2);
        assertThat(store.find(t.id()).orElseThrow().snapshot().vendorTaskId()).hasValue("t-1");
    }

    /** A store whose update of an acknowledged task waits until the test lets it go, noting any interrupt. */
    private static final class GatedStore extends ForwardingStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);
        final List<String> interrupted = new CopyOnWriteArrayList<>();

        GatedStore() {
            super(new InMemoryTaskStore());
        }

        @Override
        public void update(TaskRecord record) {
            if (record.snapshot().vendorTaskId().isPresent() && entered.getCount() > 0) {
                entered.countDown();
                try {
                    if (!proceed.await(30, TimeUnit.SECONDS)) {
                        interrupted.add("never released");
                    }
                } catch (InterruptedException e) {
                    interrupted.add("interrupted while writing " + record.id());
                    Thread.currentThread().interrupt();
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                interrupted.add("write with the interrupt flag set");
            }
            super.update(record);
        }
    }

    @Test
    @DisplayName("close() waits for a store write in flight and never interrupts it; no stack trace is printed")
    void closeNeverInterruptsAStoreWrite() throws Exception {
        MemoryVendor vendor = new MemoryVendor();
        GatedStore gated = new GatedStore();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Mj own = Mj.builder().registry(ProviderRegistry.of(vendor)).environment(Map.of())
                    .provider("memory", ProviderConfig.apiKey(ProviderConformanceKit.API_KEY)).store(gated).build();
            Task t = own.imagine("fox");
            assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();
            AtomicReference<Throwable> closeError = new AtomicReference<>();
            Thread closer = new Thread(() -> {
                try {
                    own.close();
                } catch (Throwable e) {
                    closeError.set(e);
                }
            }, "test-closer");
            closer.start();
            // release the write once close() is waiting (or already returned, which would be the defect)
            while (closer.isAlive() && closer.getState() != Thread.State.TIMED_WAITING && closer.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            gated.proceed.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(closeError.get()).isNull();
            assertThat(gated.interrupted).isEmpty();
            assertThat(gated.find(t.id()).orElseThrow().snapshot().vendorTaskId()).hasValue("v-1");
        } finally {
            System.setErr(originalErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    @DisplayName("a closed client refuses every call with IllegalStateException")
    void closedClientRefusesWork() {
        new io.mj4j.testkit.reference.RefVendorStubs().submitAccepted(wm, "t-1");
        Task earlier = client().submit(ProviderConformanceKit.IMAGINE);
        scheduler.runReady();
        mj.close();
        mj.close(); // closing twice is harmless

        Map<String, ThrowingConsumer<Mj>> calls = new LinkedHashMap<>();
        calls.put("imagine", m -> m.imagine("a fox"));
        calls.put("submit", m -> m.submit(ProviderConformanceKit.IMAGINE));
        calls.put("submit(provider)", m -> m.submit("refvendor", ProviderConformanceKit.IMAGINE));
        calls.put("run", m -> m.run(ProviderConformanceKit.IMAGINE, Duration.ofSeconds(1)));
        calls.put("describe", m -> m.describe(java.net.URI.create("https://x.example/a.png")));
        calls.put("task", m -> m.task(earlier.id()));
        calls.put("resume", m -> m.resume(earlier.id()));
        calls.put("resumeActive", Mj::resumeActive);
        calls.put("followUp", m -> m.followUp(earlier.id(), new Action.Upscale(1)));
        calls.put("callbackReceiver", Mj::callbackReceiver);
        calls.put("balance", m -> m.balance("refvendor"));
        calls.put("costs", Mj::costs);
        calls.put("healthy", m -> m.healthy("refvendor"));
        calls.put("providers", Mj::providers);
        calls.put("defaultProvider", Mj::defaultProvider);
        calls.put("descriptor", m -> m.descriptor("refvendor"));
        calls.put("activeTasks", Mj::activeTasks);
        calls.put("task.followUp", m -> earlier.followUp(new Action.Upscale(1)));
        calls.put("task.cancel", m -> earlier.cancel());
        for (Map.Entry<String, ThrowingConsumer<Mj>> c : calls.entrySet()) {
            Throwable e = catchThrowable(() -> c.getValue().accept(mj));
            assertThat(e).as(c.getKey()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
        assertThat(submits()).isEqualTo(1);
    }
}
