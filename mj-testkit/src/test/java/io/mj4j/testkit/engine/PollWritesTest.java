package io.mj4j.testkit.engine;

import io.mj4j.core.store.InMemoryTaskStore;
import io.mj4j.core.Mj;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.Task;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ManualClock;
import io.mj4j.testkit.ManualScheduler;
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Store writes follow state, not polls")
class PollWritesTest {

    /** Notes every write the engine makes: the call and the status written. */
    private static final class CountingStore extends ForwardingStore {
        final List<String> writes = new CopyOnWriteArrayList<>();

        CountingStore() {
            super(new InMemoryTaskStore());
        }

        @Override
        public void insert(TaskRecord record) {
            writes.add("insert " + record.snapshot().status());
            super.insert(record);
        }

        @Override
        public void update(TaskRecord record) {
            writes.add("update " + record.snapshot().status() + record.snapshot().progress().stream().mapToObj(p -> " " + p).findFirst().orElse(""));
            super.update(record);
        }
    }

    @Test
    @DisplayName("polls that learn nothing new write nothing: one write per state, however many polls")
    void noChangePollWritesNothing() {
        MemoryVendor vendor = new MemoryVendor();
        CountingStore store = new CountingStore();
        ManualScheduler s = new ManualScheduler(ManualClock.atEpochOfTests());
        try (Mj mj = Mj.builder().registry(ProviderRegistry.of(vendor)).environment(Map.of())
                .provider("memory", ProviderConfig.apiKey(ProviderConformanceKit.API_KEY))
                .store(store).adaptivePolling(false).clock(s.clock()).scheduler(s).executor(s).build()) {
            Task t = mj.imagine("a lighthouse at dawn");
            s.runReady();
            s.advance(Duration.ofSeconds(30)); // the first polls: RUNNING 10 %
            assertThat(vendor.fetched).isNotEmpty();
            List<String> afterFirstPolls = List.copyOf(store.writes);
            int fetchedBefore = vendor.fetched.size();

            s.advance(Duration.ofMinutes(3)); // many more polls, each answering the same RUNNING 10 %
            assertThat(vendor.fetched.size() - fetchedBefore).as("polls that answered the same").isGreaterThanOrEqualTo(5);
            assertThat(store.writes).as("writes after those polls").containsExactlyElementsOf(afterFirstPolls);
            assertThat(store.writes).containsExactly("insert SUBMITTING", "update QUEUED", "update RUNNING 10");

            vendor.status = id -> TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId(id).progress(60).build();
            s.advance(Duration.ofMinutes(1));
            assertThat(store.writes).as("a change is written, once").endsWith("update RUNNING 10", "update RUNNING 60")
                    .hasSize(4);
            assertThat(t.snapshot().progress()).hasValue(60);
        }
    }
}
