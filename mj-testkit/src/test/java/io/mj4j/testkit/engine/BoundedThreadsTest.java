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
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Invariant 8: bounded resources")
class BoundedThreadsTest {

    /** A vendor in memory: accepts everything, every task runs forever. Counts its calls. */
    static final class InMemoryVendor implements MjProviderFactory {
        final AtomicInteger submits = new AtomicInteger();
        final AtomicInteger fetches = new AtomicInteger();

        @Override
        public ProviderDescriptor descriptor() {
            return ProviderDescriptor.builder("memory", "In-memory vendor", URI.create("https://memory.example"))
                    .actions(ActionKind.IMAGINE).build();
        }

        @Override
        public MjProvider create(ProviderContext context) {
            return new MjProvider() {
                @Override
                public SubmitReceipt submit(SubmitRequest request) {
                    return SubmitReceipt.of("v-" + submits.incrementAndGet());
                }

                @Override
                public TaskSnapshot fetch(TaskRef task) {
                    fetches.incrementAndGet();
                    return TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId(task.vendorTaskId()).progress(10).build();
                }
            };
        }
    }

    private static long mjThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("mj-")).count();
    }

    @Test
    @DisplayName("tracking 10,000 tasks uses one scheduler thread and the fixed worker pool, not a thread per task")
    void tenThousandTasksFixedThreads() throws Exception {
        InMemoryVendor vendor = new InMemoryVendor();
        int before = Thread.activeCount();
        try (Mj mj = Mj.builder().registry(ProviderRegistry.of(vendor)).environment(Map.of())
                .provider("memory", ProviderConfig.apiKey(ProviderConformanceKit.API_KEY))
                .workerThreads(4)
                .pollOptions(new PollOptions(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0.0))
                .build()) {
            List<CompletableFuture<?>> accepted = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                Task t = mj.imagine("fox number " + i);
                accepted.add(t.accepted());
            }
            CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            int polledAtLeast = vendor.fetches.get();

            assertThat(vendor.submits.get()).isEqualTo(10_000);
            assertThat(mj.activeTasks()).isEqualTo(10_000);
            assertThat(mjThreads()).as("mj-* threads: one scheduler and the four workers").isLessThanOrEqualTo(5);
            assertThat(Thread.activeCount() - before).as("new threads in the JVM (mj-* plus a few of the JDK's own)").isLessThanOrEqualTo(10);
            assertThat(polledAtLeast).as("the tasks are being polled meanwhile").isPositive();
        }
    }
}
