package io.mj4j.testkit.engine;

import io.mj4j.core.store.TaskRecord;
import io.mj4j.core.store.TaskStore;

import java.util.List;
import java.util.Optional;

/** A {@link TaskStore} that hands every call to another: tests override the calls they watch. */
class ForwardingStore implements TaskStore {
    private final TaskStore inner;

    ForwardingStore(TaskStore inner) {
        this.inner = inner;
    }

    @Override public void insert(TaskRecord record) { inner.insert(record); }
    @Override public void update(TaskRecord record) { inner.update(record); }
    @Override public Optional<TaskRecord> find(String id) { return inner.find(id); }
    @Override public Optional<TaskRecord> findByVendorId(String providerId, String vendorTaskId) { return inner.findByVendorId(providerId, vendorTaskId); }
    @Override public List<TaskRecord> findActive() { return inner.findActive(); }
}
