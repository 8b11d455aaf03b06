package io.mj4j.bench;

import io.mj4j.core.store.InMemoryTaskStore;
import io.mj4j.core.Mj;
import io.mj4j.core.Task;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.core.store.TaskStore;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.ActionKind;
import io.mj4j.store.jdbc.JdbcTaskStore;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The task stores side by side, each against its own sandbox in this JVM, in real time:
 * <ol>
 *   <li>burst: {@code --tasks} imagines from one thread; the caller's time inside {@code imagine()} (the write-ahead
 *       insert is on the caller's thread) and the time until every task was acknowledged;</li>
 *   <li>tracking: the same tasks are then tracked for {@code --track-seconds}; the store writes in that window, the
 *       requests, the process CPU, and the H2 file's size. With {@code --queue-seconds} longer than the run the
 *       tasks stay QUEUED at the vendor (idle tracking: no poll changes anything); without it they run and report
 *       progress (the sandbox moves progress about every 2 s, so most polls change the task).</li>
 * </ol>
 * The sandbox serves every poll in the same JVM, so the CPU figure includes its share, the same for every store.
 *
 * <pre>
 * --vendor acedata   --tasks 2000   --track-seconds 60   --queue-seconds 0   --stores memory,h2,postgres (postgres needs MJ_TEST_PG_URL)
 * </pre>
 */
public final class StoreFigures {
    private StoreFigures() {
    }

    public static void main(String[] args) throws Exception {
        String vendor = "acedata";
        int tasks = 2000;
        int trackSeconds = 60;
        int queueSeconds = 0;
        List<String> stores = List.of("memory", "h2", "postgres");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--vendor" -> vendor = args[i + 1];
                case "--tasks" -> tasks = Integer.parseInt(args[i + 1]);
                case "--track-seconds" -> trackSeconds = Integer.parseInt(args[i + 1]);
                case "--stores" -> stores = Arrays.asList(args[i + 1].split(","));
                case "--queue-seconds" -> queueSeconds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--vendor, --tasks, --track-seconds, --queue-seconds, --stores)");
            }
        }
        System.out.printf(Locale.ROOT, "load average before: %.2f; %s, %d tasks, %d s tracking, vendor queue %d s%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), vendor, tasks, trackSeconds, queueSeconds);
        System.out.println("| store | imagine() caller p50 / p95 / max ms | burst to all acknowledged s | writes per task in burst"
                + " | requests in tracking | writes in tracking | CPU in tracking, cores | H2 file MB | load avg after |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String s : stores) {
            Optional<String> row = run(s.strip(), vendor, tasks, trackSeconds, queueSeconds);
            row.ifPresent(System.out::println);
        }
    }

    private static Optional<String> run(String kind, String vendor, int tasks, int trackSeconds, int queueSeconds) throws Exception {
        Path dir = Files.createTempDirectory("mj4j-store-figures");
        JdbcTaskStore jdbc = switch (kind) {
            case "memory" -> null;
            case "h2" -> JdbcTaskStore.h2File(dir.resolve("tasks"));
            case "postgres" -> {
                String url = System.getenv("MJ_TEST_PG_URL");
                if (url == null) {
                    System.out.println("| postgres | skipped: MJ_TEST_PG_URL not set | | | | | | | |");
                    yield null;
                }
                yield JdbcTaskStore.postgres(url, System.getenv("MJ_TEST_PG_USER"), System.getenv("MJ_TEST_PG_PASSWORD"));
            }
            default -> throw new IllegalArgumentException("store " + kind + ": memory, h2 or postgres");
        };
        if (kind.equals("postgres") && jdbc == null) {
            return Optional.empty();
        }
        Counting store = new Counting(jdbc != null ? jdbc : new InMemoryTaskStore());
        SandboxOptions.Builder sb = SandboxOptions.builder().duration(ActionKind.IMAGINE, Duration.ofHours(1)).seed(7);
        SandboxOptions so = (queueSeconds > 0 ? sb.queueTime(Duration.ofSeconds(queueSeconds)) : sb).build();
        try (MjSandbox sandbox = MjSandbox.start(vendor, so);
             Mj mj = Mj.builder().environment(sandbox.environment()).provider(vendor).store(store)
                     .defaultDeadline(Duration.ofHours(2)).build()) {
            long[] callerNanos = new long[tasks];
            List<CompletableFuture<?>> accepted = new ArrayList<>(tasks);
            long started = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                long t0 = System.nanoTime();
                Task t = mj.imagine("store figures " + i + ", a lighthouse at dawn --ar 16:9");
                callerNanos[i] = System.nanoTime() - t0;
                accepted.add(t.accepted());
            }
            CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            double burst = (System.nanoTime() - started) / 1e9;
            double burstWrites = (double) store.writes.get() / tasks;

            long writes0 = store.writes.get();
            long polls0 = sandbox.counters().requests();
            long cpu0 = cpuNanos();
            long wall0 = System.nanoTime();
            new java.util.concurrent.CountDownLatch(1).await(trackSeconds, TimeUnit.SECONDS); // the measured window
            double cores = (double) (cpuNanos() - cpu0) / (System.nanoTime() - wall0);
            long polls = sandbox.counters().requests() - polls0;
            long writes = store.writes.get() - writes0;
            Arrays.sort(callerNanos);
            String file = jdbc != null && kind.equals("h2") ? String.format(Locale.ROOT, "%.1f", size(dir) / 1e6) : "—";
            return Optional.of(String.format(Locale.ROOT, "| %s | %.3f / %.3f / %.1f | %.2f | %.2f | %d | %d | %.2f | %s | %.2f |",
                    kind, callerNanos[tasks / 2] / 1e6, callerNanos[(int) (tasks * 0.95)] / 1e6, callerNanos[tasks - 1] / 1e6,
                    burst, burstWrites, polls, writes, cores, file,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        } finally {
            if (jdbc != null) {
                jdbc.close();
            }
        }
    }

    private static long size(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Counts the store's writes (inserts and updates); everything else passes through. */
    private static final class Counting implements TaskStore {
        final TaskStore inner;
        final AtomicLong writes = new AtomicLong();

        Counting(TaskStore inner) {
            this.inner = inner;
        }

        @Override public void insert(TaskRecord r) { writes.incrementAndGet(); inner.insert(r); }
        @Override public void update(TaskRecord r) { writes.incrementAndGet(); inner.update(r); }
        @Override public Optional<TaskRecord> find(String id) { return inner.find(id); }
        @Override public Optional<TaskRecord> findByVendorId(String p, String v) { return inner.findByVendorId(p, v); }
        @Override public List<TaskRecord> findActive() { return inner.findActive(); }
    }
}
