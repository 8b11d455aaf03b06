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
 *   <li>burst: {@code --tasks} imagines from {@code --callers} threads (default 1; 4 is the floor's concurrency),
 *       each calling in turn; the caller's time inside {@code imagine()} (the write-ahead insert is on the caller's
 *       thread, and the inserts of callers writing at once share a commit) and the time until every task was
 *       acknowledged;</li>
 *   <li>tracking: the same tasks are then tracked for {@code --track-seconds}; the store writes in that window, the
 *       requests, the process CPU, and the H2 file's size. With {@code --queue-seconds} longer than the run the
 *       tasks stay QUEUED at the vendor (idle tracking: no poll changes anything); without it they run and report
 *       progress (an imagine takes 8 minutes, so most 5 s polls see a new percent and change the task). The sandbox runs
 *       at time scale 1, so the engine polls at the vendor's real cadence.</li>
 * </ol>
 * The sandbox serves every poll in the same JVM, so the CPU figure includes its share, the same for every store.
 * "Commits" are the JDBC store's transactions ({@code JdbcTaskStore.commits()}): group commit joins the single-task
 * writes of concurrent threads, and {@code updateAll} writes a batch poll's snapshots in one. The pseudo-store {@code floor} is no mj4j at all: the vendor's own submit request (as the provider
 * builds it, captured once) sent {@code --tasks} times by 4 threads over a raw {@code java.net.http.HttpClient}, to its
 * own sandbox; its "burst" is the floor the stores are compared with.
 *
 * <pre>
 * --vendor acedata   --tasks 2000   --track-seconds 60   --queue-seconds 0   --callers 1
 * --stores floor,memory,h2,postgres (postgres needs MJ_TEST_PG_URL)
 * </pre>
 */
public final class StoreFigures {
    private StoreFigures() {
    }

    public static void main(String[] args) throws Exception {
        String vendor = "acedata";
        int tasks = 2000;
        int callers = 1;
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
                case "--callers" -> {
                    callers = Integer.parseInt(args[i + 1]);
                    if (callers < 1) {
                        throw new IllegalArgumentException("--callers " + callers + ": the caller threads of the burst, 1 or more");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--vendor, --tasks, --track-seconds, --queue-seconds, --stores, --callers)");
            }
        }
        System.out.printf(Locale.ROOT, "load average before: %.2f; %s, %d tasks, %d s tracking, vendor queue %d s%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), vendor, tasks, trackSeconds, queueSeconds);
        System.out.println("| store | imagine() caller p50 / p95 / max ms | burst to all acknowledged s | x floor | writes (commits) per task in burst"
                + " | requests in tracking | writes (commits) in tracking | CPU in tracking, cores | H2 file MB end (peak) | load avg after |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        double floor = Double.NaN;
        List<String> threads = new ArrayList<>();
        for (String s : stores) {
            if (s.strip().equals("floor")) {
                floor = floor(vendor, tasks);
                System.out.printf(Locale.ROOT, "| floor (4 threads, raw java.net.http) | — | %.2f | 1.00 | — | — | — | — | — | %.2f |%n",
                        floor, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                continue;
            }
            Optional<String> row = run(s.strip(), vendor, tasks, callers, trackSeconds, queueSeconds, floor, threads);
            row.ifPresent(System.out::println);
        }
        threads.forEach(System.out::println);
    }

    /**
     * The raw-HTTP floor: the provider's submit request for one imagine, captured once, then sent {@code tasks} times
     * by 4 threads over one plain {@link java.net.http.HttpClient}; seconds until every reply (2xx) came back.
     */
    static double floor(String vendor, int tasks) throws Exception {
        try (MjSandbox sandbox = MjSandbox.start(vendor, SandboxOptions.builder().duration(ActionKind.IMAGINE, Duration.ofHours(1)).seed(7).build())) {
            java.util.concurrent.atomic.AtomicReference<io.mj4j.spi.HttpCall> captured = new java.util.concurrent.atomic.AtomicReference<>();
            io.mj4j.core.JdkTransport jdk = io.mj4j.core.JdkTransport.builder().build();
            io.mj4j.spi.Transport capture = call -> {
                captured.compareAndSet(null, call);
                return jdk.send(call);
            };
            io.mj4j.core.ProviderRegistry.load().get(vendor).create(new io.mj4j.spi.ProviderContext(vendor, sandbox.baseUri(),
                    io.mj4j.spi.Credentials.apiKey(sandbox.apiKey()), capture, java.time.Clock.systemUTC(), Optional.empty(), java.util.Map.of()))
                    .submit(new io.mj4j.spi.SubmitRequest(io.mj4j.spi.Action.Imagine.of("store figures floor, a lighthouse at dawn --ar 16:9"),
                            Optional.empty(), java.util.UUID.randomUUID().toString()));
            io.mj4j.spi.HttpCall call = captured.get();
            java.net.http.HttpRequest.Builder rb = java.net.http.HttpRequest.newBuilder(call.uri())
                    .method(call.method(), java.net.http.HttpRequest.BodyPublishers.ofByteArray(call.body()));
            call.headers().forEach((n, vs) -> {
                if (!java.util.Set.of("host", "content-length", "connection").contains(n.toLowerCase(Locale.ROOT))) {
                    vs.forEach(v -> rb.header(n, v));
                }
            });
            java.net.http.HttpRequest request = rb.build();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4, new NamedThreads("floor"));
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            try {
                warm(client, request, 4, 200, pool); // JIT and connections, as the stores get the floor's warm JVM
                long t0 = System.nanoTime();
                warm(client, request, 4, tasks, pool);
                return (System.nanoTime() - t0) / 1e9;
            } finally {
                pool.shutdown();
            }
        }
    }

    private static void warm(java.net.http.HttpClient client, java.net.http.HttpRequest request, int threads, int tasks,
                             java.util.concurrent.ExecutorService pool) throws Exception {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                while (next.getAndIncrement() < tasks) {
                    java.net.http.HttpResponse<byte[]> r = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() / 100 != 2) {
                        throw new IllegalStateException("the floor's submit got HTTP " + r.statusCode());
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get(10, TimeUnit.MINUTES);
        }
    }

    private static Optional<String> run(String kind, String vendor, int tasks, int callers, int trackSeconds, int queueSeconds, double floor,
                                        List<String> threadNotes) throws Exception {
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
        ThreadMeter meter = new ThreadMeter();
        // the H2 file's size, every 5 s: its peak and its course over the run go to the report
        AtomicLong peakBytes = new AtomicLong();
        List<String> course = java.util.Collections.synchronizedList(new ArrayList<>());
        long runStart = System.nanoTime();
        java.util.concurrent.ScheduledExecutorService sizer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(new NamedThreads("bench-sizer"));
        if (kind.equals("h2")) {
            sizer.scheduleAtFixedRate(() -> {
                try {
                    long b = size(dir);
                    peakBytes.accumulateAndGet(b, Math::max);
                    long at = (System.nanoTime() - runStart) / 1_000_000_000L;
                    if (at % 30 < 5) {
                        course.add(String.format(Locale.ROOT, "%d s: %.0f MB", at, b / 1e6));
                    }
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    // a file H2 just replaced: the next sample counts it
                }
            }, 0, 5, TimeUnit.SECONDS);
        }
        // Real time at the vendor's real cadence (time scale 1: AceData's 5 s minimum poll interval stays 5 s). The
        // sandbox's default scale of 0.05 would shrink every interval twentyfold and with it multiply the polls, the
        // CPU and the writes of tracking (the first runs of this class were made so; RESULTS.md says which).
        // An imagine takes 8 min, so in the progress scenario nearly every 5 s poll sees a new percent.
        SandboxOptions.Builder sb = SandboxOptions.builder().timeScale(1.0).duration(ActionKind.IMAGINE, Duration.ofMinutes(8)).seed(7);
        SandboxOptions so = (queueSeconds > 0 ? sb.queueTime(Duration.ofSeconds(queueSeconds)) : sb).build();
        PollTally tally = new PollTally();
        try (MjSandbox sandbox = MjSandbox.start(vendor, so);
             Mj mj = Mj.builder().environment(sandbox.environment()).provider(vendor).store(store)
                     .defaultDeadline(Duration.ofHours(2)).events(tally).build()) {
            long[] callerNanos = new long[tasks];
            CompletableFuture<?>[] accepted = new CompletableFuture<?>[tasks];
            long commitsBefore = store.commits();
            java.util.concurrent.ExecutorService callerPool = java.util.concurrent.Executors.newFixedThreadPool(callers, new NamedThreads("bench-caller"));
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            long started = System.nanoTime();
            List<java.util.concurrent.Future<?>> callerRuns = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                callerRuns.add(callerPool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        Task t = mj.imagine("store figures " + i + ", a lighthouse at dawn --ar 16:9");
                        callerNanos[i] = System.nanoTime() - t0;
                        accepted[i] = t.accepted();
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : callerRuns) {
                f.get(10, TimeUnit.MINUTES);
            }
            callerPool.shutdown();
            CompletableFuture.allOf(accepted).get(10, TimeUnit.MINUTES);
            double burst = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "  %s: burst of %d from %d caller thread(s) acknowledged after %.1f s; tracking %d s%n", kind, tasks, callers, burst, trackSeconds);
            double burstWrites = (double) store.writes.get() / tasks;
            double burstCommits = (double) (store.commits() - commitsBefore) / tasks;

            long writes0 = store.writes.get();
            long commits0 = store.commits();
            long polls0 = sandbox.counters().requests();
            long[] tally0 = tally.snapshot();
            long cpu0 = cpuNanos();
            long wall0 = System.nanoTime();
            new java.util.concurrent.CountDownLatch(1).await(trackSeconds, TimeUnit.SECONDS); // the measured window
            double cores = (double) (cpuNanos() - cpu0) / (System.nanoTime() - wall0);
            long polls = sandbox.counters().requests() - polls0;
            long writes = store.writes.get() - writes0;
            long commits = store.commits() - commits0;
            meter.close();
            threadNotes.add(String.format(Locale.ROOT, "- %s: status queries in tracking: %s", kind, tally.since(tally0)));
            threadNotes.add(String.format(Locale.ROOT, "- %s: threads of the library (CPU from the burst to the end of tracking): %s",
                    kind, meter.breakdown()));
            Arrays.sort(callerNanos);
            sizer.shutdownNow();
            long endBytes = kind.equals("h2") ? size(dir) : 0;
            peakBytes.accumulateAndGet(endBytes, Math::max);
            String file = kind.equals("h2") ? String.format(Locale.ROOT, "%.1f (peak %.0f)", endBytes / 1e6, peakBytes.get() / 1e6) : "—";
            if (kind.equals("h2")) {
                threadNotes.add("- h2 file size over the run: " + String.join(", ", course));
            }
            return Optional.of(String.format(Locale.ROOT, "| %s | %.3f / %.3f / %.1f | %.2f | %s | %.2f (%.2f) | %d | %d (%d) | %.2f | %s | %.2f |",
                    kind, callerNanos[tasks / 2] / 1e6, callerNanos[(int) (tasks * 0.95)] / 1e6, callerNanos[tasks - 1] / 1e6,
                    burst, Double.isNaN(floor) ? "—" : String.format(Locale.ROOT, "%.2f", burst / floor), burstWrites, burstCommits, polls, writes,
                    commits, cores, file,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        } finally {
            sizer.shutdownNow();
            meter.close();
            if (jdbc != null) {
                jdbc.close();
            }
        }
    }

    /** Counts the engine's status queries (single or batch), the tasks they asked about, and the failed ones. */
    private static final class PollTally implements io.mj4j.core.MjEvents {
        private final AtomicLong queries = new AtomicLong();
        private final AtomicLong tasks = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();

        @Override
        public void polled(String providerId, boolean ok, int n, Duration took) {
            queries.incrementAndGet();
            tasks.addAndGet(n);
            if (!ok) {
                failed.incrementAndGet();
            }
        }

        long[] snapshot() {
            return new long[] {queries.get(), tasks.get(), failed.get()};
        }

        String since(long[] before) {
            long[] now = snapshot();
            long q = now[0] - before[0];
            long t = now[1] - before[1];
            return String.format(Locale.ROOT, "%d queries for %d task-polls (%.1f tasks per query), %d failed", q, t,
                    q == 0 ? 0.0 : (double) t / q, now[2] - before[2]);
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

    /**
     * Counts the store's writes (records inserted or updated); the commits are the JDBC store's own count (group
     * commit and {@code updateAll} make them fewer than the writes), and none for the store in memory. Everything
     * else passes through.
     */
    private static final class Counting implements TaskStore {
        final TaskStore inner;
        final AtomicLong writes = new AtomicLong();

        Counting(TaskStore inner) {
            this.inner = inner;
        }

        long commits() {
            return inner instanceof JdbcTaskStore j ? j.commits() : 0;
        }

        @Override public void insert(TaskRecord r) { writes.incrementAndGet(); inner.insert(r); }
        @Override public void update(TaskRecord r) { writes.incrementAndGet(); inner.update(r); }
        @Override public void updateAll(List<TaskRecord> rs) {
            writes.addAndGet(rs.size());
            inner.updateAll(rs);
        }
        @Override public Optional<TaskRecord> find(String id) { return inner.find(id); }
        @Override public Optional<TaskRecord> findByVendorId(String p, String v) { return inner.findByVendorId(p, v); }
        @Override public List<TaskRecord> findActive() { return inner.findActive(); }
    }
}
