package io.mj4j.sandbox.faults;

import io.mj4j.core.callback.CallbackServer;
import io.mj4j.core.store.InMemoryTaskStore;
import io.mj4j.core.JdkTransport;
import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.Task;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.core.store.TaskStore;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One scenario's world: the midjourney-proxy simulator (it has lookup by reference, callbacks and batch
 * fetch), a task store shared by every client the scenario builds (so a second client can resume the
 * first's tasks), optionally a callback server, and what listeners heard. The provider goes through
 * {@code wrap}, which is the identity for the honest suite and a {@link BrokenProviders} variant in the
 * self-test.
 */
final class FaultRun implements AutoCloseable {
    static final byte[] SECRET = "fault-suite-callback-secret".getBytes(StandardCharsets.UTF_8);
    static final Duration DEADLINE = Duration.ofSeconds(20);

    final MjSandbox vendor;
    final CallbackServer server;
    final TaskStore store;
    /** Every snapshot listeners heard, per task, in order. */
    final Map<String, List<TaskSnapshot>> heard = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> waits = new ConcurrentHashMap<>();
    private final Map<String, Predicate<TaskSnapshot>> waitConditions = new ConcurrentHashMap<>();
    private final UnaryOperator<MjProvider> wrap;
    private final Clock clock;
    private final List<Mj> clients = new ArrayList<>();

    private FaultRun(String scenario, boolean callbacks, UnaryOperator<MjProvider> wrap, Clock clock, UnaryOperator<TaskStore> storeWrap)
            throws Exception {
        this.wrap = wrap;
        this.store = storeWrap.apply(new InMemoryTaskStore());
        this.clock = clock;
        SandboxOptions.Builder o = SandboxOptions.builder().timeScale(0.02).seed(scenario.hashCode());
        if (clock != null) {
            o.clock(clock);
        }
        this.vendor = MjSandbox.start("mjproxy", o.build());
        this.server = callbacks ? CallbackServer.start(new InetSocketAddress("127.0.0.1", 0), "/cb") : null;
    }

    static FaultRun start(String scenario, boolean callbacks, UnaryOperator<MjProvider> wrap) throws Exception {
        return new FaultRun(scenario, callbacks, wrap, null, BrokenStores.HONEST);
    }

    /** A run whose task store goes through {@code storeWrap} (a {@link BrokenStores} variant in the self-test). */
    static FaultRun start(String scenario, UnaryOperator<MjProvider> wrap, UnaryOperator<TaskStore> storeWrap) throws Exception {
        return new FaultRun(scenario, false, wrap, null, storeWrap);
    }

    /** A run whose vendor and engines share {@code clock}, so a test can move time past a deadline without waiting. */
    static FaultRun start(String scenario, UnaryOperator<MjProvider> wrap, Clock clock) throws Exception {
        return new FaultRun(scenario, false, wrap, clock, BrokenStores.HONEST);
    }

    /** Builds a client on this run's vendor, store and listeners; {@code tweak} adjusts the builder. */
    Mj open(Consumer<Mj.Builder> tweak) {
        MjProviderFactory real = ProviderRegistry.load().get("mjproxy");
        MjProviderFactory wrapped = new MjProviderFactory() {
            @Override
            public ProviderDescriptor descriptor() {
                return real.descriptor();
            }

            @Override
            public MjProvider create(ProviderContext context) {
                return wrap.apply(real.create(context));
            }
        };
        Mj.Builder b = Mj.builder().registry(ProviderRegistry.of(wrapped)).environment(vendor.environment()).provider("mjproxy")
                .store(store)
                .transport(JdkTransport.builder().requestTimeout(Duration.ofSeconds(1)).build())
                .pollOptions(new PollOptions(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(3), 2.0, 0.1))
                .deadline(ActionKind.IMAGINE, DEADLINE)
                .onUpdate((t, s) -> {
                    heard.computeIfAbsent(t.id(), k -> new CopyOnWriteArrayList<>()).add(s);
                    Predicate<TaskSnapshot> c = waitConditions.get(t.id());
                    if (c != null && c.test(s)) {
                        waits.computeIfAbsent(t.id(), k -> new CompletableFuture<>()).complete(null);
                    }
                });
        if (clock != null) {
            b.clock(clock);
        }
        if (server != null) {
            b.callbacks(server.uri(), SECRET);
        }
        tweak.accept(b);
        Mj mj = b.build();
        clients.add(mj);
        if (server != null) {
            server.serve(mj.callbackReceiver().orElseThrow());
        }
        return mj;
    }

    /** Completes when a listener hears a snapshot of {@code task} that matches (or one already heard did). */
    CompletableFuture<Void> when(Task task, Predicate<TaskSnapshot> condition) {
        waitConditions.put(task.id(), condition);
        CompletableFuture<Void> f = waits.computeIfAbsent(task.id(), k -> new CompletableFuture<>());
        if (heard.getOrDefault(task.id(), List.of()).stream().anyMatch(condition) || condition.test(task.snapshot())) {
            f.complete(null);
        }
        return f;
    }

    /** Waits (bounded) for every task to end; a task that does not is counted unfinished, not waited for forever. */
    static void awaitEnds(List<Task> tasks, Duration bound) throws Exception {
        CompletableFuture<?>[] ends = tasks.stream().map(t -> t.completion().handle((s, e) -> null)).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(ends).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // counted as unfinished
        }
    }

    /** The identity row from the vendor's ledger and the engine's tasks. */
    IdentityRow row(String scenario, List<Task> tasks) {
        Map<String, IdentityRow.EngineView> engine = new LinkedHashMap<>();
        for (Task t : tasks) {
            engine.put(t.id(), new IdentityRow.EngineView(t.snapshot(), t.completion().isDone()));
        }
        return IdentityRow.of(scenario, vendor.ledger(), engine);
    }

    /** The identity row when the engine's knowledge is its store (tasks that outlived a client). */
    IdentityRow rowFromStore(String scenario, List<String> references, Map<String, Task> live) {
        Map<String, IdentityRow.EngineView> engine = new LinkedHashMap<>();
        for (String ref : references) {
            Task t = live.get(ref);
            if (t != null) {
                engine.put(ref, new IdentityRow.EngineView(t.snapshot(), t.completion().isDone()));
            } else {
                store.find(ref).map(TaskRecord::snapshot).ifPresent(s -> engine.put(ref, new IdentityRow.EngineView(s,
                        s.isTerminal() || s.status() == TaskStatus.UNKNOWN)));
            }
        }
        return IdentityRow.of(scenario, vendor.ledger(), engine);
    }

    @Override
    public void close() {
        clients.forEach(Mj::close);
        if (server != null) {
            server.close();
        }
        vendor.close();
    }
}
