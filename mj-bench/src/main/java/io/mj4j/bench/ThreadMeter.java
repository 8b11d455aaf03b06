package io.mj4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and live count of one client's threads: every thread the client and the library under it run, each named
 * in {@link #breakdown()} with its CPU. Counted are (1) the threads started after the meter was created, except the
 * sandbox's ({@code mj-sandbox-*} and its JDK HTTP server's) and the harness's ({@code bench-*}), and (2) the threads
 * mj4j named that already lived when it was created: the JVM-wide {@code mj4j-http-N} pool of {@code JdkTransport}
 * (started by an earlier client or a warm-up run, shared by every client of the JVM) and a store's HikariCP threads
 * ({@code mj4j-store housekeeper}, opened with the store before the meter). For those the CPU counted is what they
 * used after the meter started. Sampled every 20 ms by a thread of its own; a thread's CPU time is its last
 * sampled value, so a thread that dies between two samples loses at most 20 ms of accounting. Thread-safe.
 */
final class ThreadMeter implements AutoCloseable {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private final Set<Long> baseline = new HashSet<>();
    private final Map<Long, Long> cpuAtStart = new HashMap<>();
    private final Set<Long> ignored = new HashSet<>();
    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> cpu = new HashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(new NamedThreads("bench-sampler"));
    private int peak;
    private int peakEngine;

    ThreadMeter() {
        if (MX.isThreadCpuTimeSupported() && !MX.isThreadCpuTimeEnabled()) {
            MX.setThreadCpuTimeEnabled(true);
        }
        sampler.submit(() -> { }); // start the sampler thread before the baseline
        try {
            sampler.submit(() -> { }).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (long id : MX.getAllThreadIds()) {
            ThreadInfo info = MX.getThreadInfo(id);
            if (info != null && mj4j(info.getThreadName())) {
                cpuAtStart.put(id, Math.max(0, MX.getThreadCpuTime(id))); // counted from now on
            } else {
                baseline.add(id);
            }
        }
        sampler.scheduleAtFixedRate(this::sample, 20, 20, TimeUnit.MILLISECONDS);
    }

    /**
     * A thread mj4j named, that may have started before this meter (the JVM-wide {@code mj4j-http} pool, a store's
     * HikariCP {@code mj4j-store} threads, the engine's {@code mj-*}); not the sandbox's.
     */
    static boolean mj4j(String name) {
        return (name.startsWith("mj-") || name.startsWith("mj4j-")) && !sandbox(name);
    }

    /** The sandbox's threads, and those of the JDK HTTP server under it: the vendor's side, never the client's. */
    static boolean sandbox(String name) {
        return name.startsWith("mj-sandbox") || name.startsWith("HTTP-Dispatcher") || name.startsWith("idle-timeout-task");
    }

    /** Takes one sample now (also done every 20 ms). */
    synchronized void sample() {
        int live = 0;
        int engine = 0;
        for (long id : MX.getAllThreadIds()) {
            if (baseline.contains(id) || ignored.contains(id)) {
                continue;
            }
            String name = names.get(id);
            if (name == null) {
                ThreadInfo info = MX.getThreadInfo(id);
                if (info == null) {
                    continue;
                }
                name = info.getThreadName();
                if (sandbox(name) || name.startsWith("bench-")) {
                    ignored.add(id);
                    continue;
                }
                names.put(id, name);
            }
            long t = MX.getThreadCpuTime(id);
            if (t >= 0) {
                cpu.put(id, t - cpuAtStart.getOrDefault(id, 0L));
                live++;
                if (name.startsWith("mj-")) {
                    engine++;
                }
            }
        }
        peak = Math.max(peak, live);
        peakEngine = Math.max(peakEngine, engine);
    }

    /**
     * How many of the client's threads are still alive (after {@link #close}, too), not counting the JVM-wide
     * {@code mj4j-http} pool: a fixed pool of daemon threads that outlives every client by design.
     */
    synchronized int liveNow() {
        int live = 0;
        for (Map.Entry<Long, String> e : names.entrySet()) {
            if (!e.getValue().startsWith("mj4j-http") && MX.getThreadInfo(e.getKey()) != null) {
                live++;
            }
        }
        return live;
    }

    /** Threads of the JVM-wide {@code mj4j-http} pool alive now. */
    synchronized int sharedPoolAlive() {
        int live = 0;
        for (Map.Entry<Long, String> e : names.entrySet()) {
            if (e.getValue().startsWith("mj4j-http") && MX.getThreadInfo(e.getKey()) != null) {
                live++;
            }
        }
        return live;
    }

    /** CPU nanoseconds of the client's threads so far. */
    synchronized long cpuNanos() {
        return cpu.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Most client threads alive at one sample. */
    synchronized int peakThreads() {
        return peak;
    }

    /** Most engine ({@code mj-*}) threads alive at one sample. */
    synchronized int peakEngineThreads() {
        return peakEngine;
    }

    /**
     * The client's threads seen, grouped by name with the trailing number removed, each group with its CPU seconds:
     * {@code mj-worker-N x4 (1.23 s), mj4j-http-N x4 (0.51 s), ...}.
     */
    synchronized String breakdown() {
        Map<String, Integer> groups = new TreeMap<>();
        Map<String, Long> groupCpu = new HashMap<>();
        names.forEach((id, n) -> {
            String g = n.replaceAll("-\\d+", "-N");
            groups.merge(g, 1, Integer::sum);
            groupCpu.merge(g, cpu.getOrDefault(id, 0L), Long::sum);
        });
        StringBuilder sb = new StringBuilder();
        groups.forEach((g, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(g).append(" x").append(c)
                .append(String.format(java.util.Locale.ROOT, " (%.2f s)", groupCpu.get(g) / 1e9)));
        return sb.toString();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }
}
