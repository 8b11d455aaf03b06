package io.mj4j.core.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The default {@link TaskStore}: a map in memory, lost with the process. Thread-safe. */
public final class InMemoryTaskStore implements TaskStore {
    private final Map<String, TaskRecord> byId = new ConcurrentHashMap<>();
    private final Map<String, String> byVendorId = new ConcurrentHashMap<>();

    @Override
    public void insert(TaskRecord record) {
        if (byId.putIfAbsent(record.id(), record) != null) {
            throw new IllegalStateException("task " + record.id() + " already exists");
        }
        index(record);
    }

    @Override
    public void update(TaskRecord record) {
        if (byId.replace(record.id(), record) == null) {
            throw new IllegalStateException("task " + record.id() + " does not exist");
        }
        index(record);
    }

    private void index(TaskRecord record) {
        record.snapshot().vendorTaskId().ifPresent(v -> byVendorId.put(key(record.providerId(), v), record.id()));
    }

    private static String key(String providerId, String vendorTaskId) {
        return providerId + '\u0000' + vendorTaskId;
    }

    @Override
    public Optional<TaskRecord> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<TaskRecord> findByVendorId(String providerId, String vendorTaskId) {
        return Optional.ofNullable(byVendorId.get(key(providerId, vendorTaskId))).map(byId::get);
    }

    @Override
    public List<TaskRecord> findActive() {
        return byId.values().stream().filter(r -> !r.snapshot().isTerminal()).toList();
    }

    /** Number of stored tasks. */
    public int size() {
        return byId.size();
    }
}
