package io.mj4j.bench;

import io.mj4j.core.JdkTransport;
import io.mj4j.core.Mj;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.Task;
import io.mj4j.core.TaskListener;
import io.mj4j.core.callback.CallbackServer;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.TaskStatus;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One client against its own sandbox on one virtual clock: submit every task, measure heap with all of them in
 * flight, wait until every task ended, then read the sandbox's counters and job completion times.
 */
final class WorkloadRun {
    /** Longest a run may take, virtual: past the engine's 10 min deadline and the longest long-tail job. */
    static final Duration VIRTUAL_LIMIT = Duration.ofMinutes(20);

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static {
        // The JDK HttpServer leaves Nagle on: on a kept-alive loopback connection every reply then waits for the
        // client's delayed ACK (about 40 ms), which caps one connection at about 25 requests per second. Set before
        // the first sandbox starts; the vendors' real servers have no such stall.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private WorkloadRun() {
    }

    static String prompt(int i) {
        return "bench task " + i + ", a lighthouse at dawn, volumetric fog --ar 16:9 --v 7";
    }

    /** Runs {@code kind} on {@code tasks} concurrent imagines at {@code speed} times real time. */
    static RunResult run(ClientKind kind, String vendor, int tasks, double speed, WorkloadOptions o) throws InterruptedException {
        VirtualClock clock = new VirtualClock(speed);
        SandboxOptions so = SandboxOptions.builder().clock(clock).timeScale(1).durationSigma(o.sigma()).queueTime(o.queueTime())
                .duration(ActionKind.IMAGINE, o.median()).seed(o.seed()).build();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long processCpu0 = processCpuNanos();
        MjSandbox sandbox = MjSandbox.start(vendor, so);
        long h0;
        Partial p;
        long h3;
        int lingering;
        long requests;
        long fetches;
        long created;
        try {
            h0 = heapAfterGc();
            p = drive(kind, vendor, tasks, clock, sandbox, o);
            // the client is closed and unreachable; its JDK HttpClient's threads end a few seconds after the client
            // is collected: wait for them, so that what is left is the sandbox's
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            h3 = heapAfterGc();
            while (p.meter.liveNow() > 0 && System.nanoTime() < until) {
                Thread.sleep(500);
                h3 = heapAfterGc();
            }
            lingering = p.meter.liveNow();
            requests = sandbox.counters().requests();
            fetches = sandbox.counters().fetches();
            created = sandbox.counters().tasksCreated();
        } finally {
            sandbox.close();
        }
        sandbox = null;
        long h4 = heapAfterGc(); // the sandbox is gone too (reported, not used in the per-task figures)
        long processCpu = processCpuNanos() - processCpu0;
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String heap = String.format(java.util.Locale.ROOT, "heap after GC: baseline %.1f MB, all in flight %+.1f MB, client closed %+.1f MB, "
                + "sandbox closed %+.1f MB%s", h0 / 1e6, (p.heapAtFull - h0) / 1e6, (h3 - h0) / 1e6, (h4 - h0) / 1e6,
                lingering == 0 ? "" : " (" + lingering + " client threads still alive when the client was measured closed)")
                + "; threads of the JVM-wide mj4j-http pool alive after close: " + p.meter.sharedPoolAlive();
        return new RunResult(kind, vendor, tasks, speed, requests, fetches, created, p.delays.length, p.failed, p.delays,
                p.clientCpu, processCpu, p.heapAtFull - h0, p.heapAtFull - h3, p.trackedAtHeap, p.peakThreads,
                p.peakEngineThreads, p.threads, p.wallSeconds, p.virtualSeconds, p.submitWallSeconds, loadBefore, loadAfter,
                p.notes + "; " + heap, p.trace);
    }

    /** What {@link #drive} measured; holds no reference to the client (the meter knows only thread ids and names). */
    private record Partial(double[] delays, int failed, long clientCpu, long heapAtFull, int trackedAtHeap, int peakThreads,
                           int peakEngineThreads, String threads, double wallSeconds, double virtualSeconds,
                           double submitWallSeconds, String notes, String trace, ThreadMeter meter) {
    }

    private static Partial drive(ClientKind kind, String vendor, int tasks, VirtualClock clock, MjSandbox sandbox, WorkloadOptions o)
            throws InterruptedException {
        Recorder recorder = new Recorder(tasks);
        ThreadMeter meter = new ThreadMeter();
        Trace trace = kind != ClientKind.NAIVE && o.trace() > 0 ? new Trace() : null;
        Client client = kind == ClientKind.NAIVE ? naive(vendor, clock, sandbox, o, recorder) : mj4j(kind, vendor, clock, sandbox, recorder, trace, o);
        long wall0 = System.nanoTime();
        Instant virtual0 = clock.instant();
        long mainCpu0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < tasks; i++) {
            client.imagine(prompt(i));
        }
        long submitCpu = THREADS.getCurrentThreadCpuTime() - mainCpu0;
        if (!recorder.awaitAccepted(TimeUnit.MINUTES.toNanos(5))) {
            throw new IllegalStateException(kind.id + ": not every submit was answered within 5 minutes");
        }
        double submitWall = (System.nanoTime() - wall0) / 1e9;
        long heapAtFull = heapAfterGc();
        int tracked = client.tracked();
        if (!recorder.awaitEnded(clock.realNanos(VIRTUAL_LIMIT) + TimeUnit.SECONDS.toNanos(60))) {
            throw new IllegalStateException(kind.id + ": " + recorder.pending() + " of " + tasks + " tasks did not end within "
                    + VIRTUAL_LIMIT + " virtual");
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double virtual = Duration.between(virtual0, clock.instant()).toMillis() / 1000.0;
        String notes = client.notes();
        client.close();
        meter.close();
        Map<String, Instant> endsAt = new HashMap<>();
        Map<String, SimTask> jobs = new HashMap<>();
        for (SimTask t : sandbox.tasks()) {
            endsAt.put(t.id(), t.endsAt());
            jobs.put(t.id(), t);
        }
        String traced = trace == null ? "" : trace.report(jobs, o.trace());
        List<Double> delays = new ArrayList<>();
        int unmatched = 0;
        for (Map.Entry<String, Instant> e : recorder.heard().entrySet()) {
            Instant end = endsAt.get(e.getKey());
            if (end == null) {
                unmatched++;
            } else {
                delays.add(Duration.between(end, e.getValue()).toNanos() / 1e9);
            }
        }
        if (unmatched > 0) {
            notes += (notes.isEmpty() ? "" : "; ") + unmatched + " succeeded tasks unknown to the sandbox";
        }
        double[] sorted = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Partial(sorted, recorder.failures(), meter.cpuNanos() + submitCpu, heapAtFull, tracked, meter.peakThreads(),
                meter.peakEngineThreads(), meter.breakdown(), wall, virtual, submitWall, notes, traced, meter);
    }

    /** The common face of the two clients for the run. */
    private interface Client extends AutoCloseable {
        void imagine(String prompt);

        int tracked();

        String notes();

        @Override
        void close();
    }

    private static Client naive(String vendor, VirtualClock clock, MjSandbox sandbox, WorkloadOptions o, Recorder recorder) {
        JdkTransport transport = JdkTransport.builder().build().addSecret(sandbox.apiKey());
        MjProvider provider = ProviderRegistry.load().get(vendor).create(new ProviderContext(vendor, sandbox.baseUri(),
                Credentials.apiKey(sandbox.apiKey()), transport, clock, Optional.empty(), Map.of()));
        NaiveClient naive = new NaiveClient(provider, clock, o.naiveThreads(), o.naiveInterval(), recorder);
        return new Client() {
            @Override public void imagine(String prompt) { naive.imagine(prompt); }
            @Override public int tracked() { return naive.tracked(); }
            @Override public String notes() {
                return String.format(java.util.Locale.ROOT, "%d pool threads; poll lateness vs its %d s schedule: mean %.0f ms, max %d ms (virtual); %d fetch errors",
                        o.naiveThreads(), o.naiveInterval().toSeconds(), naive.meanLatenessMs(), naive.maxLatenessMs(), naive.fetchErrors());
            }
            @Override public void close() { naive.close(); }
        };
    }

    private static Client mj4j(ClientKind kind, String vendor, VirtualClock clock, MjSandbox sandbox, Recorder recorder, Trace trace,
                               WorkloadOptions o) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(new NamedThreads("mj-scheduler"));
        Mj.Builder builder = Mj.builder().environment(sandbox.environment()).provider(vendor).clock(clock)
                .scheduler(new ScaledScheduler(timer, clock)).adaptivePolling(kind != ClientKind.MJ4J_FIXED);
        if (trace != null) {
            builder.events(trace.events());
        }
        if (o.pollOptions() != null) {
            builder.pollOptions(o.pollOptions());
        }
        CallbackServer callbacks = null;
        if (kind == ClientKind.MJ4J_CALLBACKS) {
            callbacks = CallbackServer.start(new InetSocketAddress("127.0.0.1", 0), "/mj4j/callbacks");
            byte[] secret = new byte[32];
            new java.security.SecureRandom().nextBytes(secret);
            builder.callbacks(callbacks.uri(), secret);
            if (o.confirmWindow() != null) {
                builder.callbackConfirmWindow(o.confirmWindow());
            }
        }
        Mj mj = builder.build();
        CallbackServer server = callbacks;
        if (server != null) {
            server.serve(mj.callbackReceiver().orElseThrow());
        }
        TaskListener listener = (task, s) -> {
            if (trace != null) {
                trace.heard(task, s, clock.instant());
            }
            if (s.status() == TaskStatus.SUCCEEDED) {
                recorder.heardSucceeded(s.vendorTaskId().orElse(task.id()), clock.instant());
            }
        };
        return new Client() {
            @Override public void imagine(String prompt) {
                Task t = mj.imagine(prompt).onUpdate(listener);
                t.accepted().whenComplete((s, e) -> recorder.accepted());
                t.completion().whenComplete((s, e) -> {
                    if (e != null) {
                        recorder.failed();
                    }
                    recorder.ended();
                });
            }
            @Override public int tracked() { return mj.activeTasks(); }
            @Override public String notes() {
                return "engine defaults: 4 workers, " + (o.pollOptions() == null ? "PollOptions.DEFAULT" : String.valueOf(o.pollOptions())) + ", adaptive " + (kind == ClientKind.MJ4J_FIXED ? "off" : "on")
                        + (server == null ? "" : "; callbacks on (CallbackServer on loopback), " + sandbox.counters().callbacksSent()
                        + " callbacks sent by the vendor, confirm window " + (o.confirmWindow() == null
                        ? io.mj4j.core.Mj.DEFAULT_CALLBACK_CONFIRM_WINDOW_MILLIS + " ms (default)" : o.confirmWindow().toMillis() + " ms"));
            }
            @Override public void close() {
                mj.close();
                if (server != null) {
                    server.close();
                }
                timer.shutdownNow();
            }
        };
    }

    /** Heap used after three full collections (G1's System.gc() is a full, compacting collection). */
    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
