package io.mj4j.sandbox;

import io.mj4j.sandbox.internal.ImageRenderer;
import io.mj4j.sandbox.internal.SimEngine;
import io.mj4j.sandbox.internal.SimServer;
import io.mj4j.sandbox.vendor.SimContext;
import io.mj4j.sandbox.vendor.SimRequest;
import io.mj4j.sandbox.vendor.SimResponse;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.sandbox.vendor.VendorSimulator;
import io.mj4j.spi.ActionKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A simulated vendor on loopback: the real provider jar talks to {@link #baseUri()} with
 * {@link #apiKey()} exactly as to the vendor. Jobs move through the vendor's states over time, results
 * are rendered PNGs served by the sandbox, callbacks are delivered, faults can be injected and every
 * created task is counted.
 *
 * <pre>{@code
 * try (MjSandbox vendor = MjSandbox.start("acedata");
 *      Mj mj = Mj.builder().environment(vendor.environment()).provider("acedata").build()) {
 *     TaskSnapshot grid = mj.run(Action.Imagine.of("a red fox --ar 3:2"), Duration.ofSeconds(30));
 *     assertThat(vendor.counters().tasksCreated()).isEqualTo(1);
 * }
 * }</pre>
 *
 * Thread-safe. Close it to stop the server and its threads.
 */
public final class MjSandbox implements AutoCloseable {
    private final VendorSimulator simulator;
    private final SandboxOptions options;
    private final Counters counters = new Counters();
    private final Faults faults = new Faults();
    private final String apiKey;
    private final SimServer server;
    private final SimEngine engine;
    private final Context context = new Context();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<SimTask> pendingCallbacks = new ConcurrentLinkedQueue<>();
    /** Per vendor task: callbacks sent, lost, stale, accepted, and whether it was forgotten (the ledger's source). */
    private final Map<String, Ledger.Books> books = new ConcurrentHashMap<>();
    private final ScheduledExecutorService callbackTimer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final java.util.Random faultRandom;
    private final io.mj4j.sandbox.internal.StateFile state;
    /** Jobs created by the request being served on this thread, persisted once the simulator has set their ids. */
    private static final ThreadLocal<List<SimTask>> CREATED = new ThreadLocal<>();

    private MjSandbox(VendorSimulator simulator, SandboxOptions options) {
        this.simulator = simulator;
        this.options = options;
        this.state = options.stateDir().map(io.mj4j.sandbox.internal.StateFile::new).orElse(null);
        this.apiKey = options.apiKey() != null ? options.apiKey()
                : state != null ? state.key() : "sk-sandbox-" + UUID.randomUUID().toString().replace("-", "");
        this.faultRandom = new java.util.Random(options.seed() ^ 0x5DEECE66DL);
        try {
            this.server = new SimServer(options.port(), this::serve);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + simulator.id() + " sandbox on port " + options.port(), e);
        }
        Map<ActionKind, Duration> durations = new java.util.EnumMap<>(ActionKind.class);
        for (ActionKind k : ActionKind.values()) {
            durations.put(k, options.duration(k));
        }
        this.engine = new SimEngine(options.clock(), options.timeScale(), durations, options.queueTime(), server.baseUri(),
                options.seed(), this::outcome, options.durationSigma());
        if (state != null) {
            state.locked(this::refresh);
        }
        this.callbackTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mj-sandbox-callbacks");
            t.setDaemon(true);
            return t;
        });
        callbackTimer.scheduleWithFixedDelay(this::deliverCallbacks, 20, 20, TimeUnit.MILLISECONDS);
    }

    /** Starts the simulator of {@code vendorId} with default options. */
    public static MjSandbox start(String vendorId) {
        return start(vendorId, SandboxOptions.defaults());
    }

    /** Starts the simulator of {@code vendorId}. @throws IllegalArgumentException listing the known ids */
    public static MjSandbox start(String vendorId, SandboxOptions options) {
        return start(Simulators.create(vendorId), options);
    }

    /** Starts a simulator of your own. */
    public static MjSandbox start(VendorSimulator simulator, SandboxOptions options) {
        return new MjSandbox(simulator, options);
    }

    /** Ids of the built-in simulators. */
    public static Set<String> vendors() {
        return Simulators.ids();
    }

    /** Where the simulated vendor listens (loopback). */
    public URI baseUri() { return server.baseUri(); }
    /** The key it accepts. */
    public String apiKey() { return apiKey; }
    /** The provider id it simulates. */
    public String vendorId() { return simulator.id(); }
    /** What it counted. */
    public Counters counters() { return counters; }
    /** Its fault knobs. */
    public Faults faults() { return faults; }
    /** Every job it created, oldest first (forgotten ones included). */
    public List<SimTask> tasks() { return engine.all(); }

    /**
     * The vendor's books now: every job it created with the client reference its submit carried and the
     * callbacks sent, lost and accepted for it. Tests count identities here (see {@link Ledger}).
     */
    public Ledger ledger() {
        var now = engine.clock().instant();
        return new Ledger(engine.all().stream().map(t -> {
            Ledger.Books b = books(t.id());
            return Ledger.entry(t, simulator.clientReference(t), now, b.forgotten, b);
        }).toList());
    }

    private Ledger.Books books(String vendorTaskId) {
        return books.computeIfAbsent(vendorTaskId, k -> new Ledger.Books());
    }

    private boolean forgotten(SimTask t) {
        Ledger.Books b = books.get(t.id());
        return b != null && b.forgotten;
    }

    /**
     * The environment variables that point mj4j at this sandbox: {@code MJ_<ID>_API_KEY},
     * {@code MJ_<ID>_BASE_URL} and {@code MJ_<ID>_TIME_SCALE}; pass them to {@code Mj.builder().environment(...)}.
     * The time scale lets the engine poll this simulator as fast as its jobs run: at {@code timeScale(0.01)} the
     * vendor's 5 s minimum poll interval becomes 50 ms, so a test of an imagine and an upscale takes well under
     * a second instead of waiting out real-vendor intervals.
     */
    public Map<String, String> environment() {
        String p = "MJ_" + vendorId().toUpperCase(Locale.ROOT).replace('-', '_') + "_";
        return Map.of(p + "API_KEY", apiKey, p + "BASE_URL", baseUri().toString(),
                p + "TIME_SCALE", Double.toString(options.timeScale()));
    }

    @Override
    public void close() {
        callbackTimer.shutdownNow();
        server.close();
        if (state != null) {
            state.appendChanged(engine.all()); // jobs whose attributes changed after they were first written
        }
    }

    @Override
    public String toString() {
        return "MjSandbox[" + vendorId() + " at " + baseUri() + ", " + counters + "]";
    }

    // ------------------------------------------------------------------ serving

    private SimServer.Reply serve(SimServer.Incoming in) {
        String path = in.uri().getRawPath();
        if (path.startsWith("/sandbox/files/")) {
            return file(path);
        }
        counters.request();
        Duration delay = faults.latency().plus(faults.takeSlow());
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis()); // the simulated vendor is slow (server side, never a test thread)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (faults.takeRateLimit()) {
            counters.fault();
            return reply(simulator.rateLimited(faults.retryAfter()));
        }
        if (faults.takeServerError()) {
            counters.fault();
            return reply(simulator.serverError());
        }
        if (faults.takeDropBefore()) {
            counters.fault();
            return drop();
        }
        SimRequest request = new SimRequest(in.method(), path, SimRequest.parseQuery(in.uri().getRawQuery()), in.headers(), in.body());
        long before = counters.tasksCreated();
        SimResponse response = state == null ? handle(request) : state.locked(() -> {
            // other sandboxes on this state folder (other mj processes) may have made jobs since: know them first,
            // so a fetch finds them and a new id is unique among them
            refresh();
            return handle(request);
        });
        if (counters.tasksCreated() > before && faults.takeDropAfterCreate()) {
            counters.fault();
            return drop();
        }
        if (counters.tasksCreated() > before && faults.takeServerErrorAfterCreate()) {
            counters.fault();
            return reply(simulator.serverError());
        }
        if (counters.tasksCreated() == before && !response.dropConnection()) {
            if (faults.takeMalformed()) {
                counters.fault();
                return new SimServer.Reply(200, Map.of("Content-Type", "application/json"),
                        "{\"status\": \"SUCC".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            if (faults.takeTruncated()) {
                counters.fault();
                return new SimServer.Reply(-response.status(), response.headers(), response.body());
            }
        }
        return reply(response);
    }

    private SimResponse handle(SimRequest request) {
        List<SimTask> created = new java.util.ArrayList<>();
        CREATED.set(created);
        try {
            return simulator.handle(request, context);
        } finally {
            CREATED.remove();
            if (state != null) {
                created.forEach(state::append); // after the simulator set the job's attributes (ids, buttons)
            }
        }
    }

    /** Takes in the jobs other sandboxes on the state folder wrote since the last look; call under its lock. */
    private Void refresh() {
        state.readNew(server.baseUri(), engine::find).forEach(engine::restore);
        return null;
    }

    /**
     * This sandbox's URL for a result file named by any sandbox on the same state folder: the file URLs a
     * sandbox hands out carry its own random port, which is gone once its process ends; the files themselves
     * are rendered from the stored job, so whichever sandbox runs now can serve them. Other URLs are returned
     * as they are.
     */
    public URI localize(URI resultUrl) {
        String path = resultUrl.getRawPath();
        String host = resultUrl.getHost();
        if (path == null || !path.startsWith("/sandbox/files/") || host == null
                || !(host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost") || host.equals("[::1]"))) {
            return resultUrl;
        }
        return URI.create(server.baseUri() + path);
    }

    private static SimServer.Reply reply(SimResponse r) {
        return r.dropConnection() ? drop() : new SimServer.Reply(r.status(), r.headers(), r.body());
    }

    private static SimServer.Reply drop() {
        return new SimServer.Reply(0, Map.of(), new byte[0]);
    }

    private SimServer.Reply file(String path) {
        String[] parts = path.substring("/sandbox/files/".length()).split("/");
        Optional<SimTask> task = parts.length == 2 ? engine.find(parts[0]) : Optional.empty();
        if (task.isEmpty() && parts.length == 2 && state != null) {
            state.locked(this::refresh); // a job another sandbox on the state folder made
            task = engine.find(parts[0]);
        }
        if (task.isEmpty() || task.get().phase(engine.clock().instant()) != SimTask.Phase.SUCCEEDED) {
            return new SimServer.Reply(404, Map.of("Content-Type", "text/plain"), "no such file".getBytes());
        }
        SimTask t = task.get();
        String name = parts[1];
        byte[] bytes = files.computeIfAbsent(t.id() + "/" + name, k -> render(t, name));
        if (bytes == null) {
            return new SimServer.Reply(404, Map.of("Content-Type", "text/plain"), "no such file".getBytes());
        }
        return new SimServer.Reply(200, Map.of("Content-Type", name.endsWith(".gif") ? "image/gif" : "image/png",
                "Cache-Control", "max-age=86400"), bytes);
    }

    private static byte[] render(SimTask t, String name) {
        if (name.equals("grid.png") && t.producesGrid()) {
            return ImageRenderer.gridPng(t.prompt(), t.aspectRatio(), t.seed());
        }
        if (name.matches("cell-[1-4]\\.png") && t.producesGrid()) {
            return ImageRenderer.cellPng(t.prompt(), t.aspectRatio(), t.seed(), name.charAt(5) - '0');
        }
        if (name.equals("image.png") && !t.producesGrid()) {
            // an upscale shows the parent's cell, so it matches the grid it came from
            SimTask source = t.parent().filter(p -> t.index() > 0).orElse(t);
            return ImageRenderer.cellPng(source.prompt(), source.aspectRatio(), source.seed(), Math.max(1, t.index()));
        }
        if (name.equals("video.gif") && t.kind() == ActionKind.ANIMATE) {
            return ImageRenderer.videoGif(t.prompt(), t.aspectRatio(), t.seed());
        }
        return null;
    }

    // ------------------------------------------------------------------ jobs and callbacks

    private SimTask.Outcome outcome(java.util.Random random) {
        double r = random.nextDouble();
        double reject = faults.promptRejectionRate();
        double error = reject + faults.vendorErrorRate();
        double stall = error + faults.stallRate();
        if (r < reject) {
            return SimTask.Outcome.PROMPT_REJECTED;
        }
        if (r < error) {
            return SimTask.Outcome.VENDOR_ERROR;
        }
        if (r < stall) {
            return SimTask.Outcome.STALL;
        }
        return SimTask.Outcome.SUCCESS;
    }

    private void deliverCallbacks() {
        var now = engine.clock().instant();
        for (SimTask t : pendingCallbacks) {
            SimTask.Phase phase = t.phase(now);
            if (forgotten(t)) {
                pendingCallbacks.remove(t); // a forgotten job sends nothing
                continue;
            }
            if (phase == SimTask.Phase.RUNNING && faults.staleCallbacks() && t.progress(now) >= 50 && books(t.id()).stale.get() == 0) {
                // the callback of its queued moment, arriving late while the job still runs
                simulator.callbackBody(t, new StaleContext(t.createdAt())).ifPresent(body -> {
                    books(t.id()).stale.incrementAndGet();
                    post(t, body, true);
                });
                continue;
            }
            if (phase != SimTask.Phase.SUCCEEDED && phase != SimTask.Phase.FAILED && phase != SimTask.Phase.CANCELLED) {
                continue;
            }
            pendingCallbacks.remove(t);
            Optional<String> body = simulator.callbackBody(t, context);
            if (body.isEmpty()) {
                continue;
            }
            boolean lose;
            synchronized (faultRandom) {
                lose = faultRandom.nextDouble() < faults.callbackLossRate();
            }
            if (lose) {
                counters.callbackLost();
                books(t.id()).lost.incrementAndGet();
                continue;
            }
            int times = faults.duplicateCallbacks() ? 2 : 1;
            for (int i = 0; i < times; i++) {
                post(t, body.get(), false);
            }
        }
    }

    private void post(SimTask t, String json, boolean stale) {
        Ledger.Books b = books(t.id());
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(t.callbackUrl().orElseThrow())).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
            counters.callbackSent();
            b.sent.incrementAndGet();
            http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
                if (r.statusCode() / 100 == 2) {
                    b.accepted.incrementAndGet();
                    if (stale) {
                        b.staleAccepted.incrementAndGet();
                    }
                }
            });
        } catch (IllegalArgumentException e) {
            counters.callbackLost(); // a callback URL the vendor could not call either
            b.lost.incrementAndGet();
        }
    }

    /** The sandbox's context with the clock stopped at an earlier moment: renders a job as it was then. */
    private final class StaleContext implements SimContext {
        private final Clock at;

        StaleContext(java.time.Instant at) {
            this.at = Clock.fixed(at, java.time.ZoneOffset.UTC);
        }

        @Override public String apiKey() { return context.apiKey(); }
        @Override public Clock clock() { return at; }
        @Override public URI baseUri() { return context.baseUri(); }
        @Override public SimTask create(Supplier<String> idFactory, ActionKind kind, String prompt, SimTask parent, int index,
                                        String callbackUrl) {
            throw new IllegalStateException("a stale callback creates nothing");
        }
        @Override public Optional<SimTask> find(String id) { return context.find(id); }
        @Override public List<SimTask> all() { return context.all(); }
        @Override public void countFetch() { }
        @Override public void countRejectedAuth() { }
    }

    private final class Context implements SimContext {
        @Override
        public String apiKey() {
            return apiKey;
        }

        @Override
        public Clock clock() {
            return engine.clock();
        }

        @Override
        public URI baseUri() {
            return server.baseUri();
        }

        @Override
        public SimTask create(Supplier<String> idFactory, ActionKind kind, String prompt, SimTask parent, int index, String callbackUrl) {
            SimTask t = engine.create(idFactory, kind, prompt, parent, index, callbackUrl);
            counters.created(kind);
            if (faults.takeForget()) {
                books(t.id()).forgotten = true;
            }
            List<SimTask> created = CREATED.get();
            if (created != null) {
                created.add(t);
            } else if (state != null) {
                state.append(t);
            }
            if (callbackUrl != null && !callbackUrl.isBlank()) {
                pendingCallbacks.add(t);
            }
            return t;
        }

        @Override
        public Optional<SimTask> find(String id) {
            return engine.find(id).filter(t -> !forgotten(t));
        }

        @Override
        public List<SimTask> all() {
            return engine.all().stream().filter(t -> !forgotten(t)).toList();
        }

        @Override
        public void countFetch() {
            counters.fetch();
        }

        @Override
        public void countRejectedAuth() {
            counters.countRejectedAuth();
        }
    }
}
