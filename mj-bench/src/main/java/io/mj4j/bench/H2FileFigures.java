package io.mj4j.bench;

import io.mj4j.core.store.TaskRecord;
import io.mj4j.spi.Action;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.store.jdbc.JdbcTaskStore;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What sets the size of the H2 file of {@link JdbcTaskStore#h2File}: the store alone (no engine, no vendor), a burst
 * of {@code --tasks} tasks written from 4 threads as the engine writes them (an insert, then the acknowledgement),
 * then {@code --idle-seconds} with one batch update of 50 tasks every 5 s; the file's size after the burst, every
 * 30 s and at the end. {@code --mode} changes one H2 setting to show its effect:
 * <ul>
 *   <li>{@code durable}: as {@code h2File} opens it ({@code WRITE_DELAY=0});</li>
 *   <li>{@code checkpoint}: and {@code CHECKPOINT} every 5 s;</li>
 *   <li>{@code retention5000}: and {@code RETENTION_TIME 5000} (H2's default is 45 s);</li>
 *   <li>{@code write-delay}: {@code WRITE_DELAY 1000}, H2's background writer (commits reach the file up to a second
 *       late, so a killed process loses them: not something the store may do; shown for the size only).</li>
 * </ul>
 * <pre>--tasks 10000 --idle-seconds 150 --mode durable</pre>
 */
public final class H2FileFigures {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private H2FileFigures() {
    }

    public static void main(String[] args) throws Exception {
        int tasks = 10_000;
        int idleSeconds = 150;
        String mode = "durable";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--tasks" -> tasks = Integer.parseInt(args[i + 1]);
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[i + 1]);
                case "--mode" -> mode = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--tasks, --idle-seconds, --mode)");
            }
        }
        if (!List.of("durable", "checkpoint", "retention5000", "write-delay").contains(mode)) {
            throw new IllegalArgumentException("--mode " + mode + ": durable, checkpoint, retention5000 or write-delay");
        }
        Path dir = Files.createTempDirectory("mj4j-h2-file");
        Path file = dir.resolve("tasks.mv.db");
        // a side connection in the same JVM changes the database's settings; without WRITE_DELAY in its URL
        String sideUrl = "jdbc:h2:file:" + dir.resolve("tasks").toAbsolutePath() + ";AUTO_SERVER=FALSE";
        long started = System.nanoTime();
        try (JdbcTaskStore store = JdbcTaskStore.h2File(dir.resolve("tasks"));
             Connection side = DriverManager.getConnection(sideUrl, "sa", "")) {
            switch (mode) {
                case "retention5000" -> execute(side, "SET RETENTION_TIME 5000");
                case "write-delay" -> execute(side, "SET WRITE_DELAY 1000");
                default -> { }
            }
            List<TaskRecord> queued = burst(store, tasks);
            long commits = store.commits();
            System.out.printf(Locale.ROOT, "mode %s: %d tasks written in %.1f s in %d commits; file %d MB (%.0f KB per commit)%n",
                    mode, tasks, (System.nanoTime() - started) / 1e9, commits, mb(file), Files.size(file) / 1024.0 / commits);
            for (int second = 5; second <= idleSeconds; second += 5) {
                new java.util.concurrent.CountDownLatch(1).await(5, TimeUnit.SECONDS);
                if (mode.equals("checkpoint")) {
                    execute(side, "CHECKPOINT");
                }
                List<TaskRecord> moved = new ArrayList<>();
                for (int j = 0; j < 50; j++) {
                    int k = (second / 5 * 50 + j) % queued.size();
                    TaskRecord r = queued.get(k);
                    TaskRecord m = r.withSnapshot(TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId(r.snapshot().vendorTaskId().orElseThrow())
                            .progress(second / 5 % 99 + 1).previewUrl(URI.create("https://cdn.example/preview/" + k + ".webp")).build(),
                            r.updatedAt().plusSeconds(5));
                    moved.add(m);
                    queued.set(k, m);
                }
                store.updateAll(moved);
                if (second % 30 == 0 || second == idleSeconds) {
                    System.out.printf(Locale.ROOT, "mode %s: +%d s file %d MB%n", mode, second, mb(file));
                }
            }
        }
        System.out.printf(Locale.ROOT, "mode %s: closed, file %d MB%n", mode, mb(file));
    }

    private static List<TaskRecord> burst(JdbcTaskStore store, int tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4, new NamedThreads("h2-file"));
        List<TaskRecord> queued = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int k = i;
                done.add(pool.submit(() -> {
                    TaskRecord r = new TaskRecord(UUID.randomUUID().toString(), "acedata",
                            Action.Imagine.of("h2 file figures " + k + ", a lighthouse at dawn --ar 16:9"), Optional.empty(),
                            TaskSnapshot.builder(TaskStatus.SUBMITTING).build(), T0, T0, T0.plus(Duration.ofMinutes(10)));
                    store.insert(r);
                    TaskRecord q = r.withSnapshot(TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId("v-" + k)
                            .vendorStatus("SUBMITTED").build(), T0.plusSeconds(1));
                    store.update(q);
                    queued.add(q);
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdown();
        }
        return new ArrayList<>(queued);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long mb(Path f) throws java.io.IOException {
        return Files.exists(f) ? Files.size(f) / (1024 * 1024) : -1;
    }
}
