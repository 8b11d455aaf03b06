package io.mj4j.testkit.engine;

import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.Task;
import io.mj4j.core.callback.CallbackReceiver;
import io.mj4j.core.store.InMemoryTaskStore;
import io.mj4j.spi.Image;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ManualClock;
import io.mj4j.testkit.ManualScheduler;
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Callback confirmations share batch requests")
class CallbackConfirmBatchTest {
    private static final byte[] SECRET = "0123456789abcdef-callback-secret".getBytes(StandardCharsets.UTF_8);
    /** Regular polls far apart, so only the confirmations are fetched in the test's time. */
    private static final PollOptions SPARSE = new PollOptions(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5), 2.0, 0.0);

    /** What the vendor answered for the confirmations: status requests (batch or single) and tasks in them. */
    private record Run(int requests, int fetched, List<Task> tasks) {
    }

    /** The ids the test adds to the returned set are answered SUCCEEDED by {@code vendor}, the others RUNNING. */
    private static Set<String> endsWhenDone(MemoryVendor vendor) {
        Set<String> done = ConcurrentHashMap.newKeySet();
        vendor.status = id -> done.contains(id)
                ? TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId(id).result(TaskResult.ofImage(Image.of("https://cdn.example/" + id + ".png"))).build()
                : TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId(id).progress(10).build();
        return done;
    }

    /** A client of {@code vendor} with callbacks on, on the test's clock and scheduler, fixed (not adaptive) polling. */
    private static Mj client(MemoryVendor vendor, ManualScheduler s, Duration window, PollOptions poll) {
        return Mj.builder().registry(ProviderRegistry.of(vendor)).environment(Map.of())
                .provider("memory", ProviderConfig.apiKey(ProviderConformanceKit.API_KEY))
                .callbacks(URI.create("https://app.example/cb"), SECRET).callbackConfirmWindow(window)
                .pollOptions(poll).adaptivePolling(false)
                .store(new InMemoryTaskStore()).clock(s.clock()).scheduler(s).executor(s).build();
    }

    /** 10 tasks whose "done" callbacks arrive 100 ms apart; the confirmations the vendor then answered. */
    private static Run tenCallbacks(MemoryVendor vendor, Duration window) {
        Set<String> done = endsWhenDone(vendor);
        ManualScheduler s = new ManualScheduler(ManualClock.atEpochOfTests());
        try (Mj mj = client(vendor, s, window, SPARSE)) {
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                tasks.add(mj.imagine("a lighthouse at dawn, take " + i));
            }
            s.runReady();
            int requests = vendor.batches.get() + vendor.singleFetches.get();
            int fetched = vendor.fetched.size();
            CallbackReceiver receiver = mj.callbackReceiver().orElseThrow();
            for (Task t : tasks) {
                String vendorId = t.snapshot().vendorTaskId().orElseThrow();
                done.add(vendorId);
                URI url = receiver.urlFor(t.id());
                receiver.handle(url.getRawPath(), url.getRawQuery(), Map.of(), (vendorId + " SUCCEEDED").getBytes(StandardCharsets.UTF_8));
                s.advance(Duration.ofMillis(100));
            }
            s.advance(Duration.ofSeconds(2));
            return new Run(vendor.batches.get() + vendor.singleFetches.get() - requests, vendor.fetched.size() - fetched, tasks);
        }
    }

    @Test
    @DisplayName("ten 'done' callbacks 100 ms apart are confirmed in at most 3 batch requests (500 ms window), and every task ends SUCCEEDED")
    void confirmationsShareABatch() {
        Run run = tenCallbacks(new MemoryVendor(50, true), Duration.ofMillis(500));
        // SUCCEEDED only through a fetch (a callback alone never ends a task: CallbackTrustTest); the batches also carry
        // the other tasks' safety-net polls in their spare places, so more ids than ten are asked
        assertThat(run.tasks()).allMatch(t -> t.snapshot().status() == TaskStatus.SUCCEEDED);
        assertThat(run.fetched()).as("ids asked for: the ten confirmations at least").isGreaterThanOrEqualTo(10);
        assertThat(run.requests()).as("status requests for the ten confirmations").isBetween(1, 3);
    }

    @Test
    @DisplayName("with a zero window each confirmation goes alone (the window is what batches them)")
    void zeroWindowConfirmsEachAtOnce() {
        Run run = tenCallbacks(new MemoryVendor(50, true), Duration.ZERO);
        assertThat(run.tasks()).allMatch(t -> t.snapshot().status() == TaskStatus.SUCCEEDED);
        assertThat(run.requests()).as("status requests: one per confirmation").isEqualTo(10);
    }

    @Test
    @DisplayName("a confirmation's batch request carries other callback tasks' safety-net polls in its spare places (50 ids in one request, not 1)")
    void sparePlacesCarrySafetyNetPolls() {
        MemoryVendor vendor = new MemoryVendor(50, true);
        Set<String> done = endsWhenDone(vendor);
        ManualScheduler s = new ManualScheduler(ManualClock.atEpochOfTests());
        try (Mj mj = client(vendor, s, Duration.ofMillis(500), SPARSE)) {
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                tasks.add(mj.imagine("a lighthouse at dawn, take " + i));
            }
            s.runReady();
            Task first = tasks.get(0);
            String firstId = first.snapshot().vendorTaskId().orElseThrow();
            done.add(firstId);
            CallbackReceiver receiver = mj.callbackReceiver().orElseThrow();
            URI url = receiver.urlFor(first.id());
            int requests = vendor.batches.get() + vendor.singleFetches.get();
            receiver.handle(url.getRawPath(), url.getRawQuery(), Map.of(), (firstId + " SUCCEEDED").getBytes(StandardCharsets.UTF_8));
            s.advance(Duration.ofSeconds(1));

            assertThat(first.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(vendor.batches.get() + vendor.singleFetches.get() - requests).as("requests for the confirmation").isEqualTo(1);
            assertThat(vendor.fetched).as("ids in that request: the confirmation and 49 safety-net polls").hasSize(50).contains(firstId);

        }
    }

    @Test
    @DisplayName("a provider without batch fetch confirms at once: the window would save it nothing")
    void singleFetchConfirmsAtOnce() {
        MemoryVendor vendor = new MemoryVendor(0, true);
        Run run = tenCallbacks(vendor, Duration.ofSeconds(30));
        assertThat(run.tasks()).allMatch(t -> t.snapshot().status() == TaskStatus.SUCCEEDED);
        assertThat(run.fetched()).isEqualTo(10);
        assertThat(vendor.singleFetches.get()).as("single fetches: each confirmation at once, none waiting 30 s").isEqualTo(10);
    }

    @Test
    @DisplayName("a 'done' callback that comes while a poll of its task is in flight is confirmed within the window: the poll's older answer does not push it to the next regular poll")
    void callbackDuringAPollKeepsItsWindow() {
        MemoryVendor vendor = new MemoryVendor(50, true);
        Set<String> done = ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicReference<Runnable> jobEnds = new java.util.concurrent.atomic.AtomicReference<>();
        vendor.status = id -> {
            Runnable end = jobEnds.getAndSet(null);
            if (end != null) {
                end.run(); // the job ends and the vendor posts its callback while it answers this poll from before
                return TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId(id).progress(90).build();
            }
            return done.contains(id)
                    ? TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId(id).result(TaskResult.ofImage(Image.of("https://cdn.example/" + id + ".png"))).build()
                    : TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId(id).progress(50).build();
        };
        ManualScheduler s = new ManualScheduler(ManualClock.atEpochOfTests());
        PollOptions everyMinute = new PollOptions(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(5), 2.0, 0.0);
        try (Mj mj = client(vendor, s, Duration.ofMillis(500), everyMinute)) {
            Task t = mj.imagine("a lighthouse at dawn");
            s.runReady();
            String vendorId = t.snapshot().vendorTaskId().orElseThrow();
            CallbackReceiver receiver = mj.callbackReceiver().orElseThrow();
            jobEnds.set(() -> {
                done.add(vendorId);
                URI url = receiver.urlFor(t.id());
                receiver.handle(url.getRawPath(), url.getRawQuery(), Map.of(), (vendorId + " SUCCEEDED").getBytes(StandardCharsets.UTF_8));
            });

            s.advance(Duration.ofSeconds(5)); // the first poll; the callback comes while it is in flight
            assertThat(jobEnds.get()).as("the callback was posted during the poll").isNull();
            assertThat(t.snapshot().status()).as("the poll's own answer").isEqualTo(TaskStatus.RUNNING);

            s.advance(Duration.ofSeconds(1)); // the window has passed; the next regular poll would be a minute away
            assertThat(t.snapshot().status()).as("confirmed within the window").isEqualTo(TaskStatus.SUCCEEDED);
        }
    }

    @Test
    @DisplayName("a negative or over-a-minute window is refused, naming the setting")
    void badWindowRefused() {
        assertThatThrownBy(() -> Mj.builder().callbackConfirmWindow(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callbackConfirmWindow");
        assertThatThrownBy(() -> Mj.builder().callbackConfirmWindow(Duration.ofMinutes(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callbackConfirmWindow");
    }
}
