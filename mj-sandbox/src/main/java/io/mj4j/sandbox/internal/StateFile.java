package io.mj4j.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The persistent state of a sandbox: its key and its jobs, one JSON line each. */
public final class StateFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public StateFile(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sandbox state folder " + dir, e);
        }
    }

    /** The stored key, or a new one stored now. */
    public synchronized String key() {
        Path f = dir.resolve("key");
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
    }

    /** Appends one job. */
    public synchronized void append(SimTask t) {
        try {
            Files.writeString(dir.resolve("jobs.jsonl"), JSON.writeValueAsString(toJson(t)) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites every job (attributes may have changed since they were appended). */
    public synchronized void rewrite(List<SimTask> all) {
        Path tmp = dir.resolve("jobs.jsonl.tmp");
        try {
            StringBuilder sb = new StringBuilder();
            for (SimTask t : all) {
                sb.append(JSON.writeValueAsString(toJson(t))).append('\n');
            }
            Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve("jobs.jsonl"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored jobs, oldest first, with file URLs under {@code fileBase}; the last line of a job wins. */
    public synchronized List<SimTask> load(URI fileBase) {
        Path f = dir.resolve("jobs.jsonl");
        List<SimTask> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        Map<String, SimTask> byId = new HashMap<>();
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException torn) {
                    continue; // a line torn by a crash mid-write
                }
                SimTask parent = n.hasNonNull("parent") ? byId.get(n.get("parent").asText()) : null;
                SimTask t = new SimTask(n.get("id").asText(), ActionKind.valueOf(n.get("kind").asText()), n.get("prompt").asText(),
                        n.get("ar").asText(), parent, n.get("index").asInt(), Instant.parse(n.get("created").asText()),
                        Instant.parse(n.get("starts").asText()), Instant.parse(n.get("ends").asText()),
                        SimTask.Outcome.valueOf(n.get("outcome").asText()), n.hasNonNull("callback") ? n.get("callback").asText() : null,
                        fileBase, n.get("seed").asLong());
                n.path("attributes").fields().forEachRemaining(e -> t.attributes().put(e.getKey(), e.getValue().asText()));
                if (n.hasNonNull("cancelled")) {
                    t.cancel(Instant.parse(n.get("cancelled").asText()));
                }
                if (byId.put(t.id(), t) != null) {
                    out.removeIf(o -> o.id().equals(t.id()));
                }
                out.add(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
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
