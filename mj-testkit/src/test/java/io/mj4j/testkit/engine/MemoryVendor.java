package io.mj4j.testkit.engine;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Feature;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A vendor in memory: accepts every submit with a new id ({@code v-1}, {@code v-2}, ...) and answers fetches
 * with {@link #status}. Records the client reference of every submit and the vendor id of every fetch.
 */
final class MemoryVendor implements MjProviderFactory {
    final AtomicInteger submits = new AtomicInteger();
    final List<String> submittedReferences = new CopyOnWriteArrayList<>();
    final List<String> fetched = new CopyOnWriteArrayList<>();
    /** What a fetch of a vendor id returns (default: RUNNING 10 %). */
    volatile Function<String, TaskSnapshot> status = id -> TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId(id).progress(10).build();
    /** Runs inside every submit (for example to move a manual clock: the time an exchange takes). */
    volatile Runnable duringSubmit = () -> { };
    /** Ids per batch fetch the vendor declares (0: no batch fetch). */
    private final int maxBatch;
    /** Batch fetch requests answered. */
    final AtomicInteger batches = new AtomicInteger();
    /** Single-task fetch requests answered. */
    final AtomicInteger singleFetches = new AtomicInteger();
    private final boolean callbacks;

    MemoryVendor() {
        this(0);
    }

    /** A vendor that declares batch fetch of up to {@code maxBatch} ids per request (0 for none). */
    MemoryVendor(int maxBatch) {
        this(maxBatch, false);
    }

    /**
     * With {@code callbacks}, the vendor also declares {@link Feature#CALLBACKS}; a callback body is
     * {@code "<vendor id> <STATUS>"}.
     */
    MemoryVendor(int maxBatch, boolean callbacks) {
        this.maxBatch = maxBatch;
        this.callbacks = callbacks;
    }

    @Override
    public ProviderDescriptor descriptor() {
        ProviderDescriptor.Builder b = ProviderDescriptor.builder("memory", "In-memory vendor", URI.create("https://memory.example"))
                .actions(ActionKind.IMAGINE);
        java.util.List<Feature> features = new java.util.ArrayList<>();
        if (maxBatch > 0) {
            features.add(Feature.BATCH_FETCH);
            b.maxBatchSize(maxBatch);
        }
        if (callbacks) {
            features.add(Feature.CALLBACKS);
        }
        return b.features(features.toArray(Feature[]::new)).build();
    }

    @Override
    public MjProvider create(ProviderContext context) {
        return new MjProvider() {
            @Override
            public SubmitReceipt submit(SubmitRequest request) {
                duringSubmit.run();
                submittedReferences.add(request.clientReference());
                return SubmitReceipt.of("v-" + submits.incrementAndGet());
            }

            @Override
            public TaskSnapshot fetch(TaskRef task) {
                singleFetches.incrementAndGet();
                fetched.add(task.vendorTaskId());
                return status.apply(task.vendorTaskId());
            }

            @Override
            public Map<String, TaskSnapshot> fetchBatch(List<TaskRef> tasks) {
                batches.incrementAndGet();
                Map<String, TaskSnapshot> out = new LinkedHashMap<>();
                for (TaskRef t : tasks) {
                    fetched.add(t.vendorTaskId());
                    out.put(t.vendorTaskId(), status.apply(t.vendorTaskId()));
                }
                return out;
            }

            @Override
            public List<TaskSnapshot> parseCallback(Map<String, List<String>> headers, byte[] body) {
                String[] words = new String(body, java.nio.charset.StandardCharsets.UTF_8).split(" ");
                return List.of(TaskSnapshot.builder(TaskStatus.valueOf(words[1])).vendorTaskId(words[0]).build());
            }
        };
    }
}
