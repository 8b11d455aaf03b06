package io.mj4j.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The workload figures as Markdown: one row per run, the ratios to the naive client, the targets, the details. */
final class WorkloadReport {
    private WorkloadReport() {
    }

    static String markdown(List<RunResult> results, WorkloadOptions o, String args, double totalWallSeconds) {
        StringBuilder sb = new StringBuilder();
        String vendor = results.isEmpty() ? "?" : results.get(0).vendor();
        sb.append(f("Vendor `%s` (sandbox, one per run), imagine median %s s, log-normal sigma %s, queue median %s s. "
                        + "Machine: %s. Total wall time %.0f s.%n%n", vendor, num(o.median().toMillis() / 1000.0),
                num(o.sigma()), num(o.queueTime().toMillis() / 1000.0), Workload.machine(), totalWallSeconds));
        sb.append(f("Command: `java -cp \"$(cat mj-bench/target/classpath.txt):mj-bench/target/classes\" io.mj4j.bench.Workload %s`%n%n", args));
        sb.append("| tasks | speed | client | requests/task | polls/task | delay p50 s | delay p95 s | delay max s | client CPU s/1k tasks | process CPU s/1k tasks | heap B/task (raw) | heap B/task (client) | peak threads (mj-*) | ok/failed | wall s |\n");
        sb.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult r : results) {
            sb.append(f("| %,d | x%s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %,.0f | %s | %d (%d) | %d/%d | %.0f |%n",
                    r.tasks(), Workload.fmt(r.speed()), r.client().label, r.requestsPerTask(), r.pollsPerTask(), r.delay(50),
                    r.delay(95), r.maxDelay(), r.cpuSecondsPer1000(), r.processCpuSecondsPer1000(), r.heapRawPerTask(),
                    heapMeasurable(r) ? f("%,.0f", r.heapClientPerTask()) : "n/a*", r.peakThreads(), r.peakEngineThreads(),
                    r.succeeded(), r.failed(), r.wallSeconds()));
        }
        if (results.stream().anyMatch(r -> !heapMeasurable(r))) {
            sb.append(f("%n\\* below the noise of the method (about 1 MB between two measurements): the run added less than %d MB.%n",
                    NOISE_BYTES / 1_000_000));
        }
        boolean naiveRan = results.stream().anyMatch(r -> r.client() == ClientKind.NAIVE);
        if (naiveRan) {
            sb.append("\nRatios to the naive client (mj4j / naive; below 1 is better for mj4j):\n\n");
            sb.append("| tasks | client | requests/task | delay p50 | delay p95 | delay max | client CPU | heap/task (client) | peak threads |\n");
            sb.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        }
        for (RunResult r : results) {
            if (r.client() == ClientKind.NAIVE) {
                continue;
            }
            Optional<RunResult> naive = find(results, r.tasks(), ClientKind.NAIVE);
            if (naive.isEmpty()) {
                continue;
            }
            RunResult n = naive.get();
            sb.append(f("| %,d | %s | %.3f | %.2f | %.2f | %.2f | %.2f | %s | %.2f |%n", r.tasks(), r.client().label,
                    r.requestsPerTask() / n.requestsPerTask(), r.delay(50) / n.delay(50), r.delay(95) / n.delay(95),
                    r.maxDelay() / n.maxDelay(), (double) r.clientCpuNanos() / n.clientCpuNanos(),
                    heapMeasurable(r) && heapMeasurable(n) ? f("%.2f", r.heapClientPerTask() / n.heapClientPerTask()) : "n/a*",
                    (double) r.peakThreads() / n.peakThreads()));
        }
        sb.append("\nTargets (mj4j with its defaults, adaptive polling on):\n\n");
        sb.append("| target | workload | figure | met |\n|---|---:|---|---|\n");
        for (RunResult r : results) {
            if (r.client() == ClientKind.MJ4J_CALLBACKS) {
                double p95Real = r.delay(95) / r.speed();
                sb.append(f("| callbacks: <= 1.1 requests/task, p95 <= 0.2 s real | %,d | %.3f requests/task; p95 %.3f s virtual = %.0f ms real | %s |%n",
                        r.tasks(), r.requestsPerTask(), r.delay(95), p95Real * 1000,
                        r.requestsPerTask() <= 1.1 && p95Real <= 0.2 ? "yes" : "no"));
                continue;
            }
            if (r.client() != ClientKind.MJ4J) {
                continue;
            }
            find(results, r.tasks(), ClientKind.NAIVE).ifPresent(n -> {
                boolean third = r.requestsPerTask() <= n.requestsPerTask() / 3;
                boolean p95 = r.delay(95) <= n.delay(95);
                sb.append(f("| requests/task <= 1/3 of naive, p95 delay <= naive's | %,d | %.2f vs %.2f (%.3f); p95 %.2f s vs %.2f s | %s |%n",
                        r.tasks(), r.requestsPerTask(), n.requestsPerTask(), r.requestsPerTask() / n.requestsPerTask(),
                        r.delay(95), n.delay(95), third && p95 ? "yes" : third ? "requests yes, p95 no" : p95 ? "p95 yes, requests no" : "no"));
            });
            if (r.tasks() == 1000 && batchFetch(r.vendor())) {
                sb.append(f("| <= 1.5 requests/task with batch fetch | 1,000 | %.2f | %s |%n", r.requestsPerTask(),
                        r.requestsPerTask() <= 1.5 ? "yes" : "no"));
            }
            if (r.tasks() >= 10000) {
                sb.append(f("| <= 16 engine threads | %,d | %d mj-* threads (%d with the HTTP client's) | %s |%n", r.tasks(),
                        r.peakEngineThreads(), r.peakThreads(), r.peakEngineThreads() <= 16 ? "yes" : "no"));
                sb.append(f("| <= 4 KB heap per tracked task | %,d | %,.0f B client only (%,.0f B raw, sandbox's records included) | %s |%n",
                        r.tasks(), r.heapClientPerTask(), r.heapRawPerTask(), r.heapClientPerTask() <= 4096 ? "yes" : "no"));
            }
        }
        sb.append("\nDetails per run:\n\n");
        for (RunResult r : results) {
            sb.append(f("- %,d tasks, %s, x%s: %,d requests (%,d status queries, %,d submits); %s; %,d tracked at the heap sample; "
                            + "detection delay p50 / p95 / max in real ms: %.0f / %.0f / %.0f; "
                            + "submits answered after %.1f s wall; %.0f s virtual; load average %.2f -> %.2f; threads (CPU s): %s.%n",
                    r.tasks(), r.client().label, Workload.fmt(r.speed()), r.requests(), r.fetchRequests(), r.tasksCreated(), r.notes(),
                    r.trackedAtHeap(), r.delay(50) / r.speed() * 1000, r.delay(95) / r.speed() * 1000, r.maxDelay() / r.speed() * 1000, r.submitWallSeconds(), r.virtualSeconds(), r.loadBefore(), r.loadAfter(), r.threads()));
        }
        for (RunResult r : results) {
            if (!r.trace().isEmpty()) {
                sb.append(f("%nPolling trace, %,d tasks, %s (seconds from submit):%n%n```%n%s```%n", r.tasks(), r.client().label, r.trace()));
            }
        }
        return sb.toString();
    }

    private static boolean batchFetch(String vendor) {
        return io.mj4j.core.ProviderRegistry.load().get(vendor).descriptor().has(io.mj4j.spi.Feature.BATCH_FETCH);
    }

    /** Heap deltas below this are noise (leftovers of earlier runs, caches, the JDK HTTP client). */
    static final long NOISE_BYTES = 2_000_000;

    static boolean heapMeasurable(RunResult r) {
        return r.heapRawBytes() >= NOISE_BYTES;
    }

    private static Optional<RunResult> find(List<RunResult> results, int tasks, ClientKind kind) {
        return results.stream().filter(x -> x.tasks() == tasks && x.client() == kind).findFirst();
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
