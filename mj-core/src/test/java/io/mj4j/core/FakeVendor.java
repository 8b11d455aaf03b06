package io.mj4j.core;

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

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A provider in memory for core's own tests: every task succeeds on its first fetch. Registered for ServiceLoader. */
public class FakeVendor implements MjProviderFactory {
    static final List<ProviderContext> CONTEXTS = new CopyOnWriteArrayList<>();
    private final String id;

    public FakeVendor() {
        this("fake");
    }

    FakeVendor(String id) {
        this.id = id;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.builder(id, "Fake", URI.create("https://fake.example")).actions(ActionKind.IMAGINE).build();
    }

    @Override
    public MjProvider create(ProviderContext context) {
        CONTEXTS.add(context);
        return new MjProvider() {
            @Override
            public SubmitReceipt submit(SubmitRequest request) {
                return SubmitReceipt.of("v-" + request.clientReference());
            }

            @Override
            public TaskSnapshot fetch(TaskRef task) {
                // a success carries a usable result (the engine holds SUCCEEDED to that, issue 16)
                return TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId(task.vendorTaskId())
                        .result(io.mj4j.spi.TaskResult.ofGrid(io.mj4j.spi.Image.of(java.net.URI.create("https://img.example/grid.png"))))
                        .build();
            }
        };
    }
}
