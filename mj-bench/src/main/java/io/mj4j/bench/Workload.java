package io.mj4j.bench;

import io.mj4j.sandbox.MjSandbox;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The workload benchmark: for each workload size, mj4j and the naive baseline ({@link NaiveClient}) each track
 * that many concurrent imagine tasks against their own sandbox, one after the other in this one process, all on
 * a {@link VirtualClock} running {@code speed} times faster than real time. Prints a Markdown report and, with
 * {@code --out FILE}, writes it into FILE's section (default {@code workload-<vendor>}).
 *
 * <pre>
 * --vendor acedata            sandbox simulator and provider (acedata, gptunnel, mjproxy, ...)
 * --tasks 100,1000,10000      workload sizes
 * --speed 10,5,1              virtual-time speed per size (one value: all sizes)
 * --clients naive,mj4j,mj4j-fixed (also mj4j-callbacks)
 * --interval 5                mj4j runs: PollOptions.DEFAULT.withInterval(5 s) (first poll, interval, the planner's floor)
 * --jitter 0                  mj4j runs: PollOptions jitter (default 0.1)
 * --callbacks                 adds mj4j-callbacks: the engine with vendor callbacks on a loopback CallbackServer
 * --confirm-window 0.5        mj4j-callbacks: Mj.Builder.callbackConfirmWindow, virtual seconds (default: the engine's)
 * --naive-threads 8           the baseline's pool size
 * --median 45                 median job duration, seconds (the sandbox's log-normal spread, sigma 0.5)
 * --queue 1                   median vendor queue time, seconds
 * --fixed-up-to 1000          run mj4j-fixed only on sizes up to this
 * --trace 5                   mj4j runs: print the polling timelines of the 5 tasks detected latest (heap figures then
 *                             include the trace)
 * --warmup 200                tasks of an unreported warm-up run per client first (0: none)
 * --seed 42
 * --out mj-bench/RESULTS.md   --section NAME
 * </pre>
 */
public final class Workload {
    private Workload() {
    }

    public static void main(String[] args) throws Exception {
        String vendor = "acedata";
        int[] sizes = {100, 1000, 10000};
        double[] speeds = {10, 5, 1};
        List<ClientKind> clients = List.of(ClientKind.NAIVE, ClientKind.MJ4J, ClientKind.MJ4J_FIXED);
        WorkloadOptions o = WorkloadOptions.DEFAULT;
        int warmup = 200;
        int fixedUpTo = Integer.MAX_VALUE;
        Path out = null;
        String section = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--callbacks")) { // a flag: the mj4j client with vendor callbacks joins the clients
                List<ClientKind> more = new ArrayList<>(clients);
                if (!more.contains(ClientKind.MJ4J_CALLBACKS)) {
                    more.add(ClientKind.MJ4J_CALLBACKS);
                }
                clients = more;
                continue;
            }
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            i++;
            switch (a) {
                case "--vendor" -> vendor = v;
                case "--tasks" -> sizes = Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.strip().replace("_", ""))).toArray();
                case "--speed" -> speeds = Arrays.stream(v.split(",")).mapToDouble(s -> Double.parseDouble(s.strip())).toArray();
                case "--clients" -> clients = Arrays.stream(v.split(",")).map(s -> ClientKind.of(s.strip())).toList();
                case "--naive-threads" -> o = o.withNaiveThreads(Integer.parseInt(v));
                case "--median" -> o = o.withMedian(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--seed" -> o = o.withSeed(Long.parseLong(v));
                case "--queue" -> o = o.withQueueTime(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
                case "--trace" -> o = o.withTrace(Integer.parseInt(v));
                case "--interval" -> o = o.withPollInterval(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
                case "--jitter" -> o = o.withJitter(Double.parseDouble(v));
                case "--confirm-window" -> o = o.withConfirmWindow(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
                case "--fixed-up-to" -> fixedUpTo = Integer.parseInt(v);
                case "--out" -> out = Path.of(v);
                case "--section" -> section = v;
                default -> throw new IllegalArgumentException("unknown option " + a + " (see the javadoc of io.mj4j.bench.Workload)");
            }
        }
        if (speeds.length != 1 && speeds.length != sizes.length) {
            throw new IllegalArgumentException("--speed needs one value or one per --tasks size");
        }
        if (!MjSandbox.vendors().contains(vendor)) {
            throw new IllegalArgumentException("no sandbox simulator for '" + vendor + "'; available: " + MjSandbox.vendors());
        }
        long started = System.nanoTime();
        if (warmup > 0) {
            for (ClientKind k : clients) {
                System.out.printf(Locale.ROOT, "warm-up: %s, %d tasks at x50%n", k.id, warmup);
                WorkloadRun.run(k, vendor, warmup, 50, o);
            }
        }
        List<RunResult> results = new ArrayList<>();
        for (int s = 0; s < sizes.length; s++) {
            double speed = speeds.length == 1 ? speeds[0] : speeds[s];
            for (ClientKind k : clients) {
                if (k == ClientKind.MJ4J_FIXED && sizes[s] > fixedUpTo) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "run: %s, %s, %d tasks at x%s ...%n", k.id, vendor, sizes[s], fmt(speed));
                RunResult r = WorkloadRun.run(k, vendor, sizes[s], speed, o);
                System.out.println("  " + r);
                results.add(r);
            }
        }
        String report = WorkloadReport.markdown(results, o, String.join(" ", args), (System.nanoTime() - started) / 1e9);
        System.out.println();
        System.out.println(report);
        if (out != null) {
            Markdown.replaceSection(out, section != null ? section : "workload-" + vendor, report);
            System.out.println("Wrote section " + (section != null ? section : "workload-" + vendor) + " of " + out);
        }
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Machine facts for the report. */
    static String machine() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long mem = os instanceof com.sun.management.OperatingSystemMXBean s ? s.getTotalMemorySize() : -1;
        return String.format(Locale.ROOT, "%d CPUs, %.1f GiB RAM, %s %s (%s), max heap %d MiB, GC %s",
                Runtime.getRuntime().availableProcessors(), mem / (1024.0 * 1024 * 1024), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList()));
    }
}
