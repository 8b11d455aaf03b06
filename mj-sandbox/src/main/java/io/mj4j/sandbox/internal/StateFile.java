package io.mj4j.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The persistent state of a sandbox: its key and its jobs, one JSON line each in {@code jobs.jsonl}, the last
 * line of a job winning. Several sandboxes may share one folder at once (one per {@code mj} process): each
 * works under the folder's lock ({@link #locked}: a file lock across processes, a lock per folder within one),
 * reads the lines the others appended since its last look ({@link #readNew}) and only ever appends, a line per
 * new or changed job, so no sandbox overwrites another's jobs.
 */
public final class StateFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One lock per folder in this JVM: a file lock is held per process, so threads must queue before it. */
    private static final Map<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path jobs;
    private final ReentrantLock local;
    /** Bytes of jobs.jsonl this instance has read. */
    private long offset;
    /** The last line on disk of each job (read or written), to append only changes. */
    private final Map<String, String> lines = new HashMap<>();

    public StateFile(Path dir) {
        this.dir = dir;
        this.jobs = dir.resolve("jobs.jsonl");
        try {
            Files.createDirectories(dir);
            this.local = LOCAL.computeIfAbsent(dir.toRealPath(), k -> new ReentrantLock());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sandbox state folder " + dir, e);
        }
    }

    /** Runs {@code work} holding the folder's lock, against this process's threads and other processes. */
    public <T> T locked(Supplier<T> work) {
        if (local.isHeldByCurrentThread()) {
            return work.get(); // nested: the file lock is held already (a second one would overlap)
        }
        local.lock();
        try (FileChannel ch = FileChannel.open(dir.resolve("jobs.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return work.get();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the sandbox state folder " + dir, e);
        } finally {
            local.unlock();
        }
    }

    /** The stored key, or a new one stored now. */
    public String key() {
        Path f = dir.resolve("key");
        return locked(() -> {
            try {
                if (Files.exists(f)) {
                    return Files.readString(f).strip();
                }
                String key = "sk-sandbox-" + UUID.randomUUID().toString().replace("-", "");
                Files.writeString(f, key);
                return key;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or write " + f, e);
            }
        });
    }

    /** Appends the job's line unless the file already holds it as it is. */
    public void append(SimTask t) {
        locked(() -> {
            appendLines(List.of(t));
            return null;
        });
    }

    /** Appends a line for each job that is new or changed since it was last read or written. */
    public void appendChanged(List<SimTask> all) {
        locked(() -> {
            appendLines(all);
            return null;
        });
    }

    private void appendLines(List<SimTask> tasks) {
        StringBuilder sb = new StringBuilder();
        Map<String, String> now = new HashMap<>();
        try {
            for (SimTask t : tasks) {
                String line = JSON.writeValueAsString(toJson(t));
                if (!line.equals(lines.get(t.id()))) {
                    sb.append(line).append('\n');
                    now.put(t.id(), line);
                }
            }
            if (sb.length() == 0) {
                return;
            }
            try (FileChannel ch = FileChannel.open(jobs, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = ch.size();
                if (size > 0) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    ch.read(last, size - 1);
                    if (last.get(0) != '\n') {
                        sb.insert(0, '\n'); // end a line torn by a crash, so this one stays readable
                    }
                }
                ByteBuffer out = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                long at = size;
                while (out.hasRemaining()) {
                    at += ch.write(out, at);
                }
            }
            lines.putAll(now);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jobs, e);
        }
    }

    /**
     * Reads the lines appended since the last call (every line the first time); call it under {@link #locked}.
     * A job {@code known} already takes the new line's attributes and cancellation; the jobs not known are
     * returned, oldest first, with file URLs under {@code fileBase}.
     */
    public List<SimTask> readNew(URI fileBase, Function<String, Optional<SimTask>> known) {
        List<SimTask> out = new ArrayList<>();
        if (!Files.exists(jobs)) {
            return out;
        }
        String text;
        try (FileChannel ch = FileChannel.open(jobs, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= offset) {
                return out;
            }
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - offset));
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                // read on
            }
            byte[] bytes = buf.array();
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--; // a line still being written (or torn): read it next time
            }
            offset += end;
            text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jobs, e);
        }
        Map<String, SimTask> fresh = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException torn) {
                continue; // a line torn by a crash mid-write
            }
            String id = n.get("id").asText();
            lines.put(id, line);
            Optional<SimTask> existing = Optional.ofNullable(fresh.get(id)).or(() -> known.apply(id));
            if (existing.isPresent()) {
                SimTask t = existing.get();
                n.path("attributes").fields().forEachRemaining(e -> t.attributes().put(e.getKey(), e.getValue().asText()));
                if (n.hasNonNull("cancelled") && t.cancelledAt().isEmpty()) {
                    t.cancel(Instant.parse(n.get("cancelled").asText()));
                }
                continue;
            }
            SimTask parent = null;
            if (n.hasNonNull("parent")) {
                String pid = n.get("parent").asText();
                parent = Optional.ofNullable(fresh.get(pid)).or(() -> known.apply(pid)).orElse(null);
            }
            SimTask t = new SimTask(id, ActionKind.valueOf(n.get("kind").asText()), n.get("prompt").asText(),
                    n.get("ar").asText(), parent, n.get("index").asInt(), Instant.parse(n.get("created").asText()),
                    Instant.parse(n.get("starts").asText()), Instant.parse(n.get("ends").asText()),
                    SimTask.Outcome.valueOf(n.get("outcome").asText()), n.hasNonNull("callback") ? n.get("callback").asText() : null,
                    fileBase, n.get("seed").asLong());
            n.path("attributes").fields().forEachRemaining(e -> t.attributes().put(e.getKey(), e.getValue().asText()));
            if (n.hasNonNull("cancelled")) {
                t.cancel(Instant.parse(n.get("cancelled").asText()));
            }
            fresh.put(id, t);
            out.add(t);
        }
        return out;
    }

    private static ObjectNode toJson(SimTask t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", t.id());
        n.put("kind", t.kind().name());
        n.put("prompt", t.prompt());
        n.put("ar", t.aspectRatio());
        t.parent().ifPresent(p -> n.put("parent", p.id()));
        n.put("index", t.index());
        n.put("created", t.createdAt().toString());
        n.put("starts", t.startsAt().toString());
        n.put("ends", t.endsAt().toString());
        n.put("outcome", t.outcome().name());
        t.callbackUrl().ifPresent(c -> n.put("callback", c));
        n.put("seed", t.seed());
        ObjectNode attrs = n.putObject("attributes");
        t.attributes().forEach(attrs::put);
        t.cancelledAt().ifPresent(c -> n.put("cancelled", c.toString()));
        return n;
    }
}
