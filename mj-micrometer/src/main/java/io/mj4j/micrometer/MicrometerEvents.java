package io.mj4j.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mj4j.core.MjEvents;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.Usage;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Records the engine's {@link MjEvents} as Micrometer meters. Register it on the client:
 *
 * <pre>{@code
 * MeterRegistry registry = ...;
 * Mj mj = Mj.builder().provider("gptunnel").events(new MicrometerEvents(registry)).build();
 * }</pre>
 *
 * or install {@link MjMetricsModule} next to {@code MjModule} in a Guice application.
 *
 * <p>The meters (timers in the registry's base time unit, seconds for most back ends; tag values are
 * the mj4j enum names, such as {@code IMAGINE}, {@code ACCEPTED}, {@code PROMPT_REJECTED}):
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags</th><th>Meaning</th></tr>
 *   <tr><td>{@value #SUBMITS}</td><td>counter</td><td>provider, action, outcome</td>
 *       <td>submit exchanges by {@link MjEvents.SubmitOutcome}: ACCEPTED, REFUSED, UNKNOWN (may have
 *       reached the vendor), FAILED_OVER (not accepted, moved to the next provider)</td></tr>
 *   <tr><td>{@value #SUBMIT_DURATION}</td><td>timer</td><td>provider, action</td>
 *       <td>duration of accepted submit exchanges (the engine measures only those)</td></tr>
 *   <tr><td>{@value #POLLS}</td><td>timer</td><td>provider, outcome</td>
 *       <td>poll exchanges (fetch or batch fetch), outcome SUCCESS or ERROR</td></tr>
 *   <tr><td>{@value #POLLS_TASKS}</td><td>counter</td><td>provider, outcome</td>
 *       <td>tasks covered by those polls (more than the polls when the vendor has batch fetch)</td></tr>
 *   <tr><td>{@value #FIRST_PROGRESS}</td><td>timer</td><td>provider, action</td>
 *       <td>time from submit to a task's first RUNNING (or SUCCEEDED) status</td></tr>
 *   <tr><td>{@value #TASK_DURATION}</td><td>timer</td><td>provider, action, status, category</td>
 *       <td>time from submit to the end of a task; status SUCCEEDED, FAILED or CANCELLED, category the
 *       {@link FailureCategory} of a failure or {@value #NONE}</td></tr>
 *   <tr><td>{@value #TASKS_STALLED}</td><td>counter</td><td>provider, action</td>
 *       <td>tasks failed with category TIMEOUT: no terminal status before their deadline</td></tr>
 *   <tr><td>{@value #CIRCUIT_OPEN}</td><td>gauge</td><td>provider</td>
 *       <td>1 while the provider's circuit is open, else 0 (present from the provider's first event)</td></tr>
 *   <tr><td>{@value #COST}</td><td>counter</td><td>provider, action, unit</td>
 *       <td>cost as the vendor reports it, in the vendor's unit (GPTunnel {@code RUB}, Kolersky
 *       {@code requests}...), counted once per task</td></tr>
 *   <tr><td>{@value #COST_NORMALIZED}</td><td>counter</td><td>provider, action</td>
 *       <td>cost in the price table's currency of each accepted task (only with a price table)</td></tr>
 * </table>
 *
 * <p>Meters are registered lazily, on the first event of each tag set, and kept in this object, so an
 * event costs a map lookup and an update. Counters only go up: a negative cost amount is ignored.
 * Give each {@code Mj} client its own instance; two clients sharing one registry should tell their
 * meters apart with common tags (a {@code MeterFilter}), otherwise the registry keeps the first
 * client's {@value #CIRCUIT_OPEN} gauge. Thread-safe.
 */
public final class MicrometerEvents implements MjEvents {
    /** Counter of submit exchanges. */
    public static final String SUBMITS = "mj.submits";
    /** Timer of accepted submit exchanges. */
    public static final String SUBMIT_DURATION = "mj.submit.duration";
    /** Timer of poll exchanges. */
    public static final String POLLS = "mj.polls";
    /** Counter of tasks covered by polls. */
    public static final String POLLS_TASKS = "mj.polls.tasks";
    /** Timer from submit to first progress. */
    public static final String FIRST_PROGRESS = "mj.task.first.progress";
    /** Timer from submit to the end of a task. */
    public static final String TASK_DURATION = "mj.task.duration";
    /** Counter of tasks that hit their deadline. */
    public static final String TASKS_STALLED = "mj.tasks.stalled";
    /** Gauge: 1 while a provider's circuit is open. */
    public static final String CIRCUIT_OPEN = "mj.circuit.open";
    /** Counter of vendor-reported cost. */
    public static final String COST = "mj.cost";
    /** Counter of normalized cost. */
    public static final String COST_NORMALIZED = "mj.cost.normalized";

    /** Tag: the provider id. */
    public static final String TAG_PROVIDER = "provider";
    /** Tag: the {@link ActionKind}. */
    public static final String TAG_ACTION = "action";
    /** Tag: the outcome of a submit or a poll. */
    public static final String TAG_OUTCOME = "outcome";
    /** Tag: the final {@link TaskStatus}. */
    public static final String TAG_STATUS = "status";
    /** Tag: the {@link FailureCategory}, or {@value #NONE}. */
    public static final String TAG_CATEGORY = "category";
    /** Tag: the vendor's cost unit. */
    public static final String TAG_UNIT = "unit";

    /** The category tag of a task that did not fail. */
    public static final String NONE = "NONE";
    /** The outcome tag of a poll that got an answer. */
    public static final String SUCCESS = "SUCCESS";
    /** The outcome tag of a poll that failed. */
    public static final String ERROR = "ERROR";

    /** One tag set of one meter; unused fields are null. */
    private record Key(String provider, ActionKind kind, String a, String b) {
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<Key, Counter> submits = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Timer> submitDurations = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Timer> polls = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Counter> polledTasks = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Timer> firstProgress = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Timer> taskDurations = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Counter> stalled = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Counter> costs = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Counter> normalizedCosts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> circuits = new ConcurrentHashMap<>();

    /**
     * Records into {@code registry}.
     *
     * @param registry where the meters are registered (its filters and common tags apply)
     */
    public MicrometerEvents(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void submitted(String providerId, ActionKind kind, SubmitOutcome outcome, Duration took) {
        circuitState(providerId);
        meter(submits, new Key(providerId, kind, outcome.name(), null), k -> Counter.builder(SUBMITS)
                .description("Submit exchanges by outcome")
                .tag(TAG_PROVIDER, k.provider()).tag(TAG_ACTION, k.kind().name()).tag(TAG_OUTCOME, k.a())
                .register(registry)).increment();
        if (outcome == SubmitOutcome.ACCEPTED) {
            meter(submitDurations, new Key(providerId, kind, null, null), k -> Timer.builder(SUBMIT_DURATION)
                    .description("Duration of accepted submit exchanges")
                    .tag(TAG_PROVIDER, k.provider()).tag(TAG_ACTION, k.kind().name())
                    .register(registry)).record(took);
        }
    }

    @Override
    public void polled(String providerId, boolean ok, int tasks, Duration took) {
        circuitState(providerId);
        Key key = new Key(providerId, null, ok ? SUCCESS : ERROR, null);
        meter(polls, key, k -> Timer.builder(POLLS)
                .description("Poll exchanges (fetch or batch fetch) by outcome")
                .tag(TAG_PROVIDER, k.provider()).tag(TAG_OUTCOME, k.a())
                .register(registry)).record(took);
        meter(polledTasks, key, k -> Counter.builder(POLLS_TASKS)
                .description("Tasks covered by poll exchanges")
                .baseUnit("tasks")
                .tag(TAG_PROVIDER, k.provider()).tag(TAG_OUTCOME, k.a())
                .register(registry)).increment(tasks);
    }

    @Override
    public void firstProgress(String providerId, ActionKind kind, Duration since) {
        circuitState(providerId);
        meter(firstProgress, new Key(providerId, kind, null, null), k -> Timer.builder(FIRST_PROGRESS)
                .description("Time from submit to a task's first progress")
                .tag(TAG_PROVIDER, k.provider()).tag(TAG_ACTION, k.kind().name())
                .register(registry)).record(since);
    }

    @Override
    public void ended(String providerId, ActionKind kind, TaskStatus status, Optional<FailureCategory> category, Duration total) {
        circuitState(providerId);
        meter(taskDurations, new Key(providerId, kind, status.name(), category.map(Enum::name).orElse(NONE)),
                k -> Timer.builder(TASK_DURATION)
                        .description("Time from submit to the end of a task")
                        .tag(TAG_PROVIDER, k.provider()).tag(TAG_ACTION, k.kind().name())
                        .tag(TAG_STATUS, k.a()).tag(TAG_CATEGORY, k.b())
                        .register(registry)).record(total);
        if (category.filter(c -> c == FailureCategory.TIMEOUT).isPresent()) {
            meter(stalled, new Key(providerId, kind, null, null), k -> Counter.builder(TASKS_STALLED)
                    .description("Tasks without a terminal status before their deadline")
                    .baseUnit("tasks")
                    .tag(TAG_PROVIDER, k.provider()).tag(TAG_ACTION, k.kind().name())
                    .register(registry)).increment();
        }
    }

    @Override
    public void circuit(String providerId, boolean open) {
        circuitState(providerId).set(open ? 1 : 0);
    }

    @Override
    public void cost(String providerId, ActionKind kind, Optional<Usage> reported, Optional<BigDecimal> normalized) {
        circuitState(providerId);
        reported.filter(u -> u.amount().signum() >= 0).ifPresent(u ->
                meter(costs, new Key(providerId, kind, u.unit(), null), k -> Counter.builder(COST)
                        .description("Cost as the vendor reports it, in the vendor's unit")
                        .tag(TAG_PROVIDER, k.provider()).tag(TAG_ACTION, k.kind().name()).tag(TAG_UNIT, k.a())
                        .register(registry)).increment(u.amount().doubleValue()));
        normalized.filter(a -> a.signum() >= 0).ifPresent(a ->
                meter(normalizedCosts, new Key(providerId, kind, null, null), k -> Counter.builder(COST_NORMALIZED)
                        .description("Cost of accepted tasks in the price table's currency")
                        .tag(TAG_PROVIDER, k.provider()).tag(TAG_ACTION, k.kind().name())
                        .register(registry)).increment(a.doubleValue()));
    }

    /** The provider's circuit state, its gauge registered on first use. */
    private AtomicInteger circuitState(String providerId) {
        return circuits.computeIfAbsent(providerId, id -> {
            AtomicInteger state = new AtomicInteger();
            Gauge.builder(CIRCUIT_OPEN, state, AtomicInteger::get)
                    .description("1 while the provider's circuit is open, else 0")
                    .tag(TAG_PROVIDER, id)
                    .strongReference(true)
                    .register(registry);
            return state;
        });
    }

    private static <M> M meter(ConcurrentMap<Key, M> cache, Key key, Function<Key, M> create) {
        M m = cache.get(key);
        return m != null ? m : cache.computeIfAbsent(key, create);
    }

    @Override
    public String toString() {
        return "MicrometerEvents[" + registry.getClass().getSimpleName() + "]";
    }
}
