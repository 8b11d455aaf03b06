package io.mj4j.core;

import io.mj4j.core.callback.CallbackReceiver;
import io.mj4j.core.callback.CallbackServer;
import io.mj4j.core.store.InMemoryTaskStore;
import io.mj4j.core.store.TaskLeases;
import io.mj4j.core.store.TaskStore;
import io.mj4j.core.internal.Engine;
import io.mj4j.core.internal.ProviderEntry;
import io.mj4j.core.routing.PriceTable;
import io.mj4j.core.routing.RoutingPolicy;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Balance;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.Prompt;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.Transport;
import io.mj4j.spi.UnsupportedActionException;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mj4j client: one API over every configured Midjourney vendor.
 *
 * <pre>{@code
 * try (Mj mj = Mj.builder().provider("acedata").build()) {      // key from MJ_ACEDATA_API_KEY
 *     Task grid = mj.imagine("a lighthouse at dawn --ar 16:9 --v 7");
 *     grid.await(Duration.ofMinutes(5));
 *     TaskSnapshot single = grid.upscale(2).await(Duration.ofMinutes(5));
 *     System.out.println(single.result().orElseThrow().primaryImage());
 * }
 * }</pre>
 *
 * <p>Root actions go to the default provider (the first configured, or {@link Builder#defaultProvider})
 * unless a provider id is given; follow-ups go to their parent's provider. Every task is tracked to a
 * terminal state by the engine's one scheduler; see {@link Task}. Thread-safe; close it to stop polling
 * and the threads it created.
 */
public final class Mj implements AutoCloseable {
    private final Engine engine;
    private final String defaultProvider;
    private final List<AutoCloseable> owned;
    private boolean closed;
    /** How long close() lets requests in flight finish. */
    private static final int CLOSE_WAIT_SECONDS = 10;
    /** The default of {@link Builder#callbackConfirmWindow}, in milliseconds. */
    public static final long DEFAULT_CALLBACK_CONFIRM_WINDOW_MILLIS = 500;
    private static final Duration DEFAULT_CALLBACK_CONFIRM_WINDOW = Duration.ofMillis(DEFAULT_CALLBACK_CONFIRM_WINDOW_MILLIS);

    private Mj(Engine engine, String defaultProvider, List<AutoCloseable> owned) {
        this.engine = engine;
        this.defaultProvider = defaultProvider;
        this.owned = owned;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Imagine on the default provider; {@code rawPrompt} is parsed with {@link Prompt#parse}. */
    public Task imagine(String rawPrompt) {
        return submit(Action.Imagine.of(rawPrompt));
    }

    /** Imagine on the default provider. */
    public Task imagine(Prompt prompt) {
        return submit(new Action.Imagine(prompt));
    }

    /** Blend on the default provider. */
    public Task blend(List<URI> images, Action.BlendShape shape) {
        return submit(new Action.Blend(images, shape));
    }

    /** Describe on the default provider. */
    public Task describe(URI image) {
        return submit(new Action.Describe(image));
    }

    /** Shorten on the default provider. */
    public Task shorten(String rawPrompt) {
        return submit(new Action.Shorten(Prompt.parse(rawPrompt)));
    }

    /**
     * Submits a root action: through the routing policy when one is configured (failing over to the next
     * provider only when no task was created), else to the default provider.
     */
    public Task submit(Action rootAction) {
        return engine.submitRoot(null, rootAction);
    }

    /**
     * Submits a root action to a provider. Returns at once: the task is stored, then the submit is sent
     * by a worker. Capabilities and values are checked first.
     *
     * @throws UnsupportedActionException      the provider lacks the action (nothing sent)
     * @throws io.mj4j.spi.InvalidRequestException the action is a follow-up
     * @throws MjConfigurationException        the provider is not configured
     */
    public Task submit(String providerId, Action rootAction) {
        return engine.submitRoot(providerId, rootAction);
    }

    /**
     * {@link #submit(String, Action)} under a task id the caller chose, for a front end that must record its own
     * bookkeeping under the id before the task exists (the mj-gateway writes its client's data first, so a crash
     * between the two leaves nothing sent that it cannot account for). The id is the task's client reference
     * everywhere (store, vendor, callbacks).
     *
     * @param taskId     1..128 characters of {@code [A-Za-z0-9._-]}; unique in the store
     * @param providerId the provider, or {@code null} to route as {@link #submit(Action)} does
     * @throws io.mj4j.spi.InvalidRequestException the id is malformed
     * @throws IllegalStateException               the store already holds a task with this id (nothing sent)
     */
    public Task submitWithId(String taskId, String providerId, Action rootAction) {
        return engine.submitRoot(checkedId(taskId), providerId, rootAction);
    }

    /**
     * {@link #followUp(String, Action)} under a task id the caller chose (see {@link #submitWithId}).
     *
     * @throws IllegalStateException the store already holds a task with this id (nothing sent)
     */
    public Task followUpWithId(String taskId, String parentTaskId, Action followUp) {
        return engine.submitFollowUp(checkedId(taskId), parentTaskId, followUp);
    }

    private static String checkedId(String taskId) {
        if (taskId == null || !taskId.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new io.mj4j.spi.InvalidRequestException("taskId: must be 1..128 characters of [A-Za-z0-9._-], got '"
                    + (taskId == null ? null : taskId.length() > 140 ? taskId.substring(0, 140) + "..." : taskId) + "'");
        }
        return taskId;
    }

    /**
     * The blocking one-liner for scripts: submits and waits.
     *
     * @return the SUCCEEDED snapshot
     * @throws io.mj4j.spi.MjException as {@link Task#await(Duration)}
     */
    public TaskSnapshot run(Action rootAction, Duration timeout) {
        return submit(rootAction).await(timeout);
    }

    /** A task still being tracked, by its id. */
    public Optional<Task> task(String id) {
        return engine.task(id);
    }

    /**
     * A handle on a stored task (this run's or an earlier one's, with a durable store), tracking it again
     * if it has not ended. Never resubmits: a task whose submit outcome was not recorded is reconciled by
     * lookup where the provider can, else reported UNKNOWN.
     *
     * @throws io.mj4j.spi.InvalidRequestException when the store has no such task
     */
    public Task resume(String taskId) {
        return engine.resume(taskId);
    }

    /**
     * Tracks again every task the store holds that has not ended and belongs to a configured provider:
     * what a process does on start after a crash or a restart. Polling resumes; a task whose submit outcome
     * was not recorded is reconciled by lookup where the provider can, else reported UNKNOWN. Never
     * resubmits.
     *
     * @return the resumed tasks
     */
    public List<Task> resumeActive() {
        return engine.resumeActive();
    }

    /** Submits a follow-up of a stored or tracked task (see {@link Task#followUp}). */
    public Task followUp(String parentTaskId, Action followUp) {
        return engine.submitFollowUp(parentTaskId, followUp);
    }

    /** The per-task callback receiver, when configured with {@link Builder#callbacks(URI, byte[])}. */
    public Optional<CallbackReceiver> callbackReceiver() {
        return engine.callbackReceiver();
    }

    /** The account balance of a provider (one request, on the calling thread). */
    public Balance balance(String providerId) {
        return engine.balance(providerId);
    }

    /** Running cost totals: as vendors report them, and normalized by the price table. */
    public CostTracker costs() {
        return engine.costs();
    }

    /** False while a provider's circuit is open. */
    public boolean healthy(String providerId) {
        return engine.healthy(providerId);
    }

    /** Ids of the configured providers. */
    public Set<String> providers() {
        return engine.providerIds();
    }

    /** The default provider for root actions. */
    public String defaultProvider() {
        return engine.defaultProvider();
    }

    /** The descriptor of a configured provider: what it can do now, by its options and what it learned of its server. */
    public ProviderDescriptor descriptor(String providerId) {
        ProviderEntry entry = engine.provider(providerId);
        return entry.provider().capabilities(entry.descriptor());
    }

    /** Number of tasks being tracked. */
    public int activeTasks() {
        return engine.activeCount();
    }

    /**
     * Closes the client: no new work (every later call throws {@link IllegalStateException}); submits not yet
     * handed to the transport stay in the store, unsent, and {@link #resumeActive()} in a new client sends each
     * once; polling stops. Requests in flight may finish for up to {@value #CLOSE_WAIT_SECONDS} seconds, and
     * their answers are stored; no worker is interrupted (a store write is never cut off). Stops the threads
     * this client created, not injected ones. Closing twice is harmless.
     */
    @Override
    public void close() {
        synchronized (owned) {
            if (closed) {
                return;
            }
            closed = true;
        }
        engine.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception ignored) {
                // closing our own executors does not fail in a way the caller can act on
            }
        }
    }

    @Override
    public String toString() {
        return "Mj[default=" + defaultProvider + (closed ? ", closed" : "") + "]";
    }

    /**
     * Builds an {@link Mj}. Defaults: providers found with {@link java.util.ServiceLoader}, keys from the
     * environment, an {@link InMemoryTaskStore}, the system clock, one scheduler thread and 4 worker
     * threads (daemons named {@code mj-*}), {@link PollOptions#DEFAULT}, {@link RetryOptions#DEFAULT},
     * deadlines of 10 minutes (15 for animate, 3 for describe/shorten/seed). Not thread-safe.
     */
    public static final class Builder {
        private ProviderRegistry registry;
        private final Map<String, ProviderConfig> configs = new LinkedHashMap<>();
        private final Map<String, PollOptions> pollOptions = new LinkedHashMap<>();
        private PollOptions defaultPoll = PollOptions.DEFAULT;
        private Map<String, String> environment = System.getenv();
        private String defaultProvider;
        private Transport transport;
        private TaskStore store;
        private Clock clock = Clock.systemUTC();
        private Scheduler scheduler;
        private Executor executor;
        private int workerThreads = 4;
        private RetryOptions retry = RetryOptions.DEFAULT;
        private final Map<ActionKind, Duration> deadlines = new EnumMap<>(ActionKind.class);
        private Duration defaultDeadline = Duration.ofMinutes(10);
        private Random random = new Random();
        private RoutingPolicy routing;
        private PriceTable prices = PriceTable.none();
        private Budget budget;
        private HealthOptions health = HealthOptions.DEFAULT;
        private final Map<String, ProviderLimits> limits = new LinkedHashMap<>();
        private final List<MjEvents> events = new ArrayList<>();
        private boolean adaptivePolling = true;
        private URI callbackBase;
        private byte[] callbackSecret;
        private int callbackBodyLimit = 1 << 20;
        private Duration callbackConfirmWindow = DEFAULT_CALLBACK_CONFIRM_WINDOW;
        private String nodeId;
        private Duration leaseDuration;
        private final List<TaskListener> listeners = new ArrayList<>();
        private VendorLostOptions vendorLost = VendorLostOptions.DEFAULT;

        private Builder() {
            deadlines.put(ActionKind.ANIMATE, Duration.ofMinutes(15));
            deadlines.put(ActionKind.DESCRIBE, Duration.ofMinutes(3));
            deadlines.put(ActionKind.SHORTEN, Duration.ofMinutes(3));
            deadlines.put(ActionKind.SEED, Duration.ofMinutes(3));
        }

        /** Uses a provider with settings from the environment ({@link ProviderConfig#fromEnvironment}). */
        public Builder provider(String id) {
            return provider(id, ProviderConfig.builder().build());
        }

        /** Uses a provider; unset values are taken from the environment. */
        public Builder provider(String id, ProviderConfig config) {
            Objects.requireNonNull(id, "id");
            if (configs.putIfAbsent(id, Objects.requireNonNull(config, "config")) != null) {
                throw new MjConfigurationException("Provider '" + id + "' configured twice");
            }
            return this;
        }

        /** The provider for root actions (default: the first configured). */
        public Builder defaultProvider(String id) { this.defaultProvider = id; return this; }
        /** The factories to choose from (default: {@link ProviderRegistry#load()}). */
        public Builder registry(ProviderRegistry registry) { this.registry = registry; return this; }
        /** Registers a factory explicitly, in addition to those found on the classpath. */
        public Builder register(MjProviderFactory factory) {
            this.registry = (registry == null ? ProviderRegistry.load() : registry).with(factory);
            return this;
        }
        /** The environment variables read for provider settings (default: {@link System#getenv()}). */
        public Builder environment(Map<String, String> env) { this.environment = Map.copyOf(env); return this; }
        /** The HTTP transport for every provider (default: a {@link JdkTransport} that hides the configured keys). */
        public Builder transport(Transport t) { this.transport = t; return this; }
        public Builder store(TaskStore s) { this.store = s; return this; }
        public Builder clock(Clock c) { this.clock = Objects.requireNonNull(c); return this; }
        /** The timer (default: one daemon thread). Tests inject mj-testkit's {@code ManualScheduler}. */
        public Builder scheduler(Scheduler s) { this.scheduler = s; return this; }
        /** Where blocking work (HTTP) runs (default: a pool of {@link #workerThreads} daemon threads). */
        public Builder executor(Executor e) { this.executor = e; return this; }
        public Builder workerThreads(int n) {
            if (n < 1) throw new IllegalArgumentException("workerThreads must be >= 1, got " + n);
            this.workerThreads = n;
            return this;
        }
        /** Poll options for every provider without its own. */
        public Builder pollOptions(PollOptions o) { this.defaultPoll = Objects.requireNonNull(o); return this; }
        /** Poll options for one provider. */
        public Builder pollOptions(String providerId, PollOptions o) { pollOptions.put(providerId, Objects.requireNonNull(o)); return this; }
        public Builder retryOptions(RetryOptions r) { this.retry = Objects.requireNonNull(r); return this; }
        /** The deadline of tasks of one kind. */
        public Builder deadline(ActionKind kind, Duration d) { deadlines.put(kind, positive(d)); return this; }
        /** The deadline of every kind without its own. */
        public Builder defaultDeadline(Duration d) { this.defaultDeadline = positive(d); return this; }
        /** The randomness of poll jitter and weighted routing (tests pass a seeded one). */
        public Builder random(Random r) { this.random = Objects.requireNonNull(r); return this; }
        /** How root actions choose among several providers (default: all to the default provider). */
        public Builder routing(RoutingPolicy policy) { this.routing = Objects.requireNonNull(policy); return this; }
        /** Normalized prices per provider and action (for cheapest-first routing, cost totals and the budget). */
        public Builder prices(PriceTable table) { this.prices = Objects.requireNonNull(table); return this; }
        /** Refuses new tasks once the normalized spend would pass the limit. Needs a price table. */
        public Builder budget(Budget b) { this.budget = Objects.requireNonNull(b); return this; }
        /** When a provider's circuit opens and for how long. */
        public Builder health(HealthOptions h) { this.health = Objects.requireNonNull(h); return this; }
        /** Concurrency limit and queue of one provider. */
        public Builder limits(String providerId, ProviderLimits l) { limits.put(providerId, Objects.requireNonNull(l)); return this; }
        /**
         * Adaptive polling (default on): sparse early, dense near the expected end learned per provider and
         * action, aimed at the finish predicted from the progress rate, thinning out in the long tail; always
         * within the poll options' interval and max interval. Off: a fixed interval.
         */
        public Builder adaptivePolling(boolean on) { this.adaptivePolling = on; return this; }
        /**
         * Takes vendor callbacks: each task's submit carries its own URL {@code publicBase/<task id>?token=...}
         * (HMAC-SHA256 with {@code secret}, at least 16 bytes; keep it stable across restarts so resumed tasks'
         * URLs stay valid). Serve {@link Mj#callbackReceiver()} at {@code publicBase}, for example with
         * {@link CallbackServer}.
         */
        public Builder callbacks(URI publicBase, byte[] secret) {
            this.callbackBase = Objects.requireNonNull(publicBase, "publicBase");
            if (secret == null || secret.length < 16) {
                throw new IllegalArgumentException("the callback secret must have at least 16 bytes");
            }
            this.callbackSecret = secret.clone();
            return this;
        }
        /**
         * Several engine processes share the store (which must implement {@link TaskLeases}, as the PostgreSQL
         * store does): each unfinished task is leased to one node, which alone polls it, renewing every third
         * of {@code lease}; tasks of a node that stops renewing move to the others once their lease expires.
         */
        public Builder leases(String nodeId, Duration lease) {
            if (nodeId == null || nodeId.isBlank() || nodeId.length() > 128) {
                throw new IllegalArgumentException("nodeId must be 1..128 characters, got '" + nodeId + "'");
            }
            this.nodeId = nodeId;
            this.leaseDuration = positive(lease);
            return this;
        }
        /**
         * When a task counts as lost by its vendor (default {@link VendorLostOptions#DEFAULT}: 3 consecutive "no such
         * task" answers over at least a minute): it then ends FAILED with {@code VENDOR_LOST} instead of being polled
         * until its deadline.
         */
        public Builder vendorLost(VendorLostOptions options) {
            this.vendorLost = Objects.requireNonNull(options, "options");
            return this;
        }
        /**
         * A listener of every task this client tracks: those it submits and those it resumes after a restart
         * or takes over from another node (see {@link TaskListener} for the guarantees).
         */
        public Builder onUpdate(TaskListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }
        /**
         * How long a terminal callback ("done", "failed") waits for its confirming status query (invariant 7: the
         * vendor's own answer ends a task), so that the confirmations of tasks ending close together share one batch
         * request. Applies to providers with batch fetch only; the others confirm at once, since waiting would save
         * them nothing. Default {@value #DEFAULT_CALLBACK_CONFIRM_WINDOW_MILLIS} ms: in mj-bench's callbacks run (about
         * 17 jobs ending per second) that cuts the status queries per task from 0.92 to 0.26, for a detection p95 of
         * 0.61 s instead of 0.13 s. Zero confirms each callback at once.
         *
         * @throws IllegalArgumentException if {@code window} is negative or longer than a minute
         */
        public Builder callbackConfirmWindow(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.isNegative() || window.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("callbackConfirmWindow must be between 0 and 1 minute, got " + window);
            }
            this.callbackConfirmWindow = window;
            return this;
        }
        /** The largest callback body accepted (default 1 MiB). */
        public Builder callbackBodyLimit(int bytes) {
            if (bytes < 1024) throw new IllegalArgumentException("callbackBodyLimit must be >= 1024, got " + bytes);
            this.callbackBodyLimit = bytes;
            return this;
        }
        /** Adds a listener of engine events (metrics). */
        public Builder events(MjEvents e) { events.add(Objects.requireNonNull(e)); return this; }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("deadline must be positive, got " + d);
            return d;
        }

        /**
         * Creates the providers and the engine.
         *
         * @throws MjConfigurationException no provider configured, unknown id, bad options
         */
        public Mj build() {
            ProviderRegistry reg = registry != null ? registry : ProviderRegistry.load();
            if (configs.isEmpty()) {
                throw new MjConfigurationException("No provider configured; call provider(id) with one of " + reg.ids()
                        + (reg.ids().isEmpty() ? " (none found on the classpath: add a provider jar)" : ""));
            }
            List<AutoCloseable> owned = new ArrayList<>();
            Transport t = transport;
            JdkTransport jdk = null;
            if (t == null) {
                jdk = JdkTransport.builder().build();
                t = jdk;
            }
            List<String> keys = new ArrayList<>();
            Map<String, ProviderEntry> entries = new LinkedHashMap<>();
            for (Map.Entry<String, ProviderConfig> e : configs.entrySet()) {
                String id = e.getKey();
                MjProviderFactory factory = reg.get(id);
                ProviderDescriptor d = factory.descriptor();
                ProviderConfig cfg = e.getValue().orElse(ProviderConfig.fromEnvironment(id, environment));
                if (d.apiKeyRequired() && cfg.apiKey().isEmpty()) {
                    throw new MjConfigurationException("Provider '" + id + "' needs an API key: set the environment variable "
                            + ProviderConfig.envPrefix(id) + "API_KEY, or pass ProviderConfig.apiKey(...) to provider(\"" + id + "\", ...)");
                }
                cfg.apiKey().ifPresent(keys::add);
                if (jdk != null) {
                    cfg.apiKey().ifPresent(jdk::addSecret);
                }
                ProviderContext ctx = new ProviderContext(id, cfg.baseUri().orElse(d.defaultBaseUri()),
                        cfg.apiKey().map(Credentials::apiKey).orElse(Credentials.none()), t, clock, cfg.callbackUri(), cfg.options());
                MjProvider provider = factory.create(ctx);
                PollOptions poll = pollOptions.getOrDefault(id, defaultPoll);
                if (cfg.timeScale() != 1.0) {
                    // a simulated vendor whose jobs run at timeScale of real time: its minimum interval and the
                    // built-in poll defaults scale with it; poll options the application set are kept as given
                    d = scaledPolling(d, cfg.timeScale());
                    poll = pollOptions.containsKey(id) || defaultPoll != PollOptions.DEFAULT ? poll : poll.scaled(cfg.timeScale());
                }
                entries.put(id, new ProviderEntry(id, d, provider, poll));
            }
            String def = defaultProvider != null ? defaultProvider : configs.keySet().iterator().next();
            if (!entries.containsKey(def)) {
                throw new MjConfigurationException("Default provider '" + def + "' is not configured; configured: " + entries.keySet());
            }
            Executor exe = executor;
            if (exe == null) {
                ExecutorService pool = Executors.newFixedThreadPool(workerThreads, daemon("mj-worker"));
                // let requests in flight finish and store their answers; never interrupt (a store write would break)
                owned.add(() -> {
                    pool.shutdown();
                    pool.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
                });
                exe = pool;
            }
            Scheduler sch = scheduler;
            if (sch == null) {
                ScheduledThreadPoolExecutor ses = new ScheduledThreadPoolExecutor(1, daemon("mj-scheduler"));
                ses.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
                ses.setRemoveOnCancelPolicy(true);
                owned.add(ses::shutdown);
                sch = Scheduler.of(ses);
            }
            if (nodeId != null && !(store instanceof TaskLeases)) {
                throw new MjConfigurationException("leases(" + nodeId + ", ...) needs a store that several processes share and that "
                        + "implements TaskLeases (for example JdbcTaskStore on PostgreSQL); this store is " + store);
            }
            for (String id : limits.keySet()) {
                if (!entries.containsKey(id)) {
                    throw new MjConfigurationException("Limits given for provider '" + id + "', which is not configured; configured: " + entries.keySet());
                }
            }
            Engine engine = new Engine(new Engine.Settings(entries, store != null ? store : new InMemoryTaskStore(), clock, sch,
                    exe, workerThreads, retry, deadlines, defaultDeadline, random, Redaction.of(keys), def, routing, prices, budget, health, limits, events, adaptivePolling,
                    callbackBase, callbackSecret, callbackBodyLimit, callbackConfirmWindow, nodeId, leaseDuration, listeners, vendorLost));
            return new Mj(engine, def, List.copyOf(owned));
        }

        /**
         * A simulated vendor's descriptor at its time scale: the minimum interval shrinks with its jobs, and the poll
         * budget, which the engine spreads over a task's deadline (kept in real time, so worth 1/scale of the
         * simulator's time), grows by 1/scale; otherwise a 60-poll budget over 10 minutes would space the polls of a
         * half-second job 10 s apart.
         */
        private static ProviderDescriptor scaledPolling(ProviderDescriptor d, double scale) {
            int budget = d.maxPollsPerTask() == 0 ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(d.maxPollsPerTask() / scale)));
            return new ProviderDescriptor(d.id(), d.displayName(), d.spiVersion(), d.actions(), d.features(), d.speedModes(),
                    d.defaultBaseUri(), d.maxBatchSize(), PollOptions.scale(d.minPollInterval(), scale), budget);
        }

        private static ThreadFactory daemon(String prefix) {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }
    }
}
