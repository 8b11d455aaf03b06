package io.mj4j.sandbox.internal;

import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.Prompt;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The job store and the time model of one sandbox. Thread-safe. */
public final class SimEngine {
    /** What decides a new job's fate. */
    public interface Policy {
        /** Outcome for a new job, from the fault rates and the random. */
        SimTask.Outcome outcome(Random random);
    }

    private final Clock clock;
    private final double timeScale;
    private final Map<ActionKind, Duration> durations;
    private final Duration queueTime;
    private final URI fileBase;
    private final Random random;
    private final Policy policy;
    private final double sigma;
    private final Map<String, SimTask> tasks = new ConcurrentHashMap<>();
    private final List<SimTask> order = Collections.synchronizedList(new ArrayList<>());

    public SimEngine(Clock clock, double timeScale, Map<ActionKind, Duration> durations, Duration queueTime, URI fileBase,
                     long seed, Policy policy, double sigma) {
        this.sigma = sigma;
        this.clock = clock;
        this.timeScale = timeScale;
        this.durations = Map.copyOf(durations);
        this.queueTime = queueTime;
        this.fileBase = fileBase;
        this.random = new Random(seed);
        this.policy = policy;
    }

    public SimTask create(Supplier<String> idFactory, ActionKind kind, String prompt, SimTask parent, int index, String callbackUrl) {
        String text = prompt != null ? prompt : parent != null ? parent.prompt() : "";
        String ar = parent != null && prompt == null ? parent.aspectRatio() : aspectRatio(text);
        double spread;
        SimTask.Outcome outcome;
        long seed;
        synchronized (random) {
            spread = sigma > 0 ? Math.exp(sigma * random.nextGaussian()) : 0.7 + 0.6 * random.nextDouble();
            outcome = policy.outcome(random);
            seed = random.nextLong() & 0xFFFFFFFFL;
        }
        Instant now = clock.instant();
        Instant starts = now.plus(scale(queueTime, spread));
        Instant ends = starts.plus(scale(durations.get(kind), spread));
        String id;
        SimTask task;
        do {
            id = idFactory.get();
            task = new SimTask(id, kind, text, ar, parent, index, now, starts, ends, outcome, callbackUrl, fileBase, seed);
        } while (tasks.putIfAbsent(id, task) != null);
        order.add(task);
        return task;
    }

    private Duration scale(Duration d, double spread) {
        return Duration.ofNanos((long) (d.toNanos() * timeScale * spread));
    }

    /** The aspect ratio a prompt asks for ("1:1" without --ar); an invalid prompt still renders square. */
    static String aspectRatio(String rawPrompt) {
        if (rawPrompt == null || rawPrompt.isBlank()) {
            return "1:1";
        }
        try {
            return Prompt.parse(rawPrompt).aspectRatio().orElse("1:1");
        } catch (InvalidRequestException e) {
            return "1:1";
        }
    }

    /** Puts back a job of an earlier run. */
    public void restore(SimTask task) {
        if (tasks.putIfAbsent(task.id(), task) == null) {
            order.add(task);
        }
    }

    public Optional<SimTask> find(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    public List<SimTask> all() {
        synchronized (order) {
            return List.copyOf(order);
        }
    }

    public Clock clock() {
        return clock;
    }
}
