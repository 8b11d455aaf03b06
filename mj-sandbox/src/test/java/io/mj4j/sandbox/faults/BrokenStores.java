package io.mj4j.sandbox.faults;

import io.mj4j.core.store.TaskRecord;
import io.mj4j.core.store.TaskStore;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Deliberately broken task stores for {@link FaultSuiteCatchesBrokenVariantsTest}, each wrapping the real
 * in-memory store. Test-only.
 */
final class BrokenStores {
    private BrokenStores() {
    }

    /** The honest store. */
    static final UnaryOperator<TaskStore> HONEST = s -> s;

    /**
     * No write-ahead: a task reaches the durable store only once the vendor acknowledged it; before that it
     * lives in this process's memory only, so a restart ({@link TaskStore#findActive()}) never sees a submit
     * that was not yet sent.
     */
    static final UnaryOperator<TaskStore> WRITES_AFTER_ACK = durable -> new TaskStore() {
        private final Map<String, TaskRecord> memory = new ConcurrentHashMap<>();

        @Override
        public void insert(TaskRecord record) {
            if (record.snapshot().vendorTaskId().isEmpty()) {
                memory.put(record.id(), record);
            } else {
                durable.insert(record);
            }
        }

        @Override
        public void update(TaskRecord record) {
            if (durable.find(record.id()).isPresent()) {
                durable.update(record);
            } else if (record.snapshot().vendorTaskId().isPresent() || record.snapshot().isTerminal()) {
                memory.remove(record.id());
                durable.insert(record);
            } else {
                memory.put(record.id(), record);
            }
        }

        @Override
        public Optional<TaskRecord> find(String id) {
            Optional<TaskRecord> d = durable.find(id);
            return d.isPresent() ? d : Optional.ofNullable(memory.get(id));
        }

        @Override
        public Optional<TaskRecord> findByVendorId(String providerId, String vendorTaskId) {
            return durable.findByVendorId(providerId, vendorTaskId);
        }

        @Override
        public List<TaskRecord> findActive() {
            return durable.findActive();
        }
    };
}
