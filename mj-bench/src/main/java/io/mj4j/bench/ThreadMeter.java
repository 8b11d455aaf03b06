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
 * CPU time and live count of one client's threads. A client's threads are those started after the meter was
 * created, except the sandbox's ({@code mj-sandbox-*}): the engine's {@code mj-*}, the naive client's
 * {@code naive-client-*}, and the JDK HTTP client's {@code HttpClient-*} of the client's transport. Sampled every
 * 20 ms by a thread of its own (started before the baseline, so not counted); a thread's CPU time is its last
 * sampled value, so a thread that dies between two samples loses at most 20 ms of accounting. Thread-safe.
 */
final class ThreadMeter implements AutoCloseable {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private final Set<Long> baseline = new HashSet<>();
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
            baseline.add(id);
        }
        sampler.scheduleAtFixedRate(this::sample, 20, 20, TimeUnit.MILLISECONDS);
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
                if (name.startsWith("mj-sandbox")) {
                    ignored.add(id);
                    continue;
                }
                names.put(id, name);
            }
            long t = MX.getThreadCpuTime(id);
            if (t >= 0) {
                cpu.put(id, t);
                live++;
                if (name.startsWith("mj-")) {
                    engine++;
                }
            }
        }
        peak = Math.max(peak, live);
        peakEngine = Math.max(peakEngine, engine);
    }

    /** How many of the client's threads are still alive (after {@link #close}, too). */
    synchronized int liveNow() {
        int live = 0;
        for (long id : names.keySet()) {
            if (MX.getThreadInfo(id) != null) {
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

    /** The client's threads seen, grouped by name with the trailing number removed: {@code mj-worker x4, ...}. */
    synchronized String breakdown() {
        Map<String, Integer> groups = new TreeMap<>();
        names.values().forEach(n -> groups.merge(n.replaceAll("-?\\d+$", "-N"), 1, Integer::sum));
        StringBuilder sb = new StringBuilder();
        groups.forEach((g, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(g).append(" x").append(c));
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
