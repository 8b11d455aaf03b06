package io.mj4j.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mj4j.core.TaskRecord;
import io.mj4j.core.TaskStore;
import io.mj4j.store.jdbc.TaskJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's task history: a {@link TaskStore} kept in one JSON file, rewritten atomically on every
 * change, so a later {@code mj} process can follow up or wait on a task. Made for a person's history
 * (hundreds of tasks), not for a server. Thread-safe.
 */
public final class HistoryStore implements TaskStore {
    private final Path file;
    private final Map<String, TaskRecord> records = new LinkedHashMap<>();

    public HistoryStore(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                JsonNode root = TaskJson.JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
                for (JsonNode n : root.path("tasks")) {
                    TaskRecord r = TaskJson.record(n);
                    records.put(r.id(), r);
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("The task history " + file + " is unreadable (" + e.getMessage()
                        + "); move it away to start a new one", e);
            }
        }
    }

    @Override
    public synchronized void insert(TaskRecord record) {
        if (records.putIfAbsent(record.id(), record) != null) {
            throw new IllegalStateException("task " + record.id() + " already exists");
        }
        save();
    }

    @Override
    public synchronized void update(TaskRecord record) {
        if (records.replace(record.id(), record) == null) {
            throw new IllegalStateException("task " + record.id() + " does not exist");
        }
        save();
    }

    @Override
    public synchronized Optional<TaskRecord> find(String id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public synchronized Optional<TaskRecord> findByVendorId(String providerId, String vendorTaskId) {
        return records.values().stream().filter(r -> r.providerId().equals(providerId)
                && r.snapshot().vendorTaskId().filter(vendorTaskId::equals).isPresent()).findFirst();
    }

    @Override
    public synchronized List<TaskRecord> findActive() {
        return records.values().stream().filter(r -> !r.snapshot().isTerminal()).toList();
    }

    /** Every task, newest first. */
    public synchronized List<TaskRecord> all() {
        List<TaskRecord> out = new ArrayList<>(records.values());
        out.sort(Comparator.comparing(TaskRecord::createdAt).reversed());
        return out;
    }

    /** Resolves a full id or a unique prefix of at least 4 characters. */
    public synchronized Optional<String> resolve(String idOrPrefix) {
        if (records.containsKey(idOrPrefix)) {
            return Optional.of(idOrPrefix);
        }
        if (idOrPrefix.length() < 4) {
            return Optional.empty();
        }
        List<String> matches = records.keySet().stream().filter(k -> k.startsWith(idOrPrefix)).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            ArrayNode tasks = TaskJson.JSON.createArrayNode();
            records.values().forEach(r -> tasks.add(TaskJson.record(r)));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, TaskJson.JSON.createObjectNode().set("tasks", tasks).toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the task history " + file, e);
        }
    }
}
