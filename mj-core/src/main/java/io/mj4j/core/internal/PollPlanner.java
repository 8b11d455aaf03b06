package io.mj4j.core.internal;

import io.mj4j.core.PollOptions;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.SpeedMode;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adaptive polling: when to look at a healthy task again. Each provider, action kind and speed mode has
 * an expected duration, learned from recent completions (an exponentially weighted mean, seeded with
 * typical Midjourney times). Polls are sparse early and dense near the expected end; when the vendor
 * reports progress, two readings give the progress rate and the next poll is aimed just after the
 * predicted finish (there, and only there, sooner than {@link PollOptions#interval()}, down to the
 * vendor's minimum or 1 s); past the expectation (the long tail) polls stay dense. With batch fetch every
 * task is polled at the dense interval, since a batch shares one request. Never later than
 * {@link PollOptions#maxInterval()}, never sooner than the vendor's minimum.
 * Thread-safe.
 */
final class PollPlanner {
    /** Weight of the newest completion in the learned mean. */
    private static final double ALPHA = 0.2;
    private static final Map<ActionKind, Duration> DEFAULTS = new EnumMap<>(ActionKind.class);

    static {
        for (ActionKind k : ActionKind.values()) {
            DEFAULTS.put(k, Duration.ofSeconds(45));
        }
        DEFAULTS.put(ActionKind.UPSCALE, Duration.ofSeconds(10));
        DEFAULTS.put(ActionKind.UPSCALE_MORE, Duration.ofSeconds(30));
        DEFAULTS.put(ActionKind.DESCRIBE, Duration.ofSeconds(6));
        DEFAULTS.put(ActionKind.SHORTEN, Duration.ofSeconds(6));
        DEFAULTS.put(ActionKind.SEED, Duration.ofSeconds(3));
        DEFAULTS.put(ActionKind.ANIMATE, Duration.ofSeconds(120));
    }

    private final Map<String, Double> learnedSeconds = new ConcurrentHashMap<>();

    /** The expected duration of a task from acceptance to its end. */
    Duration expected(String providerId, Action action) {
        Double learned = learnedSeconds.get(key(providerId, action));
        if (learned != null) {
            return Duration.ofMillis((long) (learned * 1000));
        }
        Duration base = DEFAULTS.get(action.kind());
        SpeedMode speed = action instanceof Action.Imagine im ? im.prompt().speed().orElse(SpeedMode.FAST) : SpeedMode.FAST;
        return switch (speed) {
            case RELAX -> base.multipliedBy(4);
            case TURBO -> base.dividedBy(2);
            default -> base;
        };
    }

    /**
     * The first poll after acceptance: at 40 % of the expected duration (before all but the quickest few
     * per cent of Midjourney jobs end; 30 % measured worse in mj-bench), never sooner than {@code firstPoll},
     * never later than the max interval.
     */
    Duration first(PollOptions o, Duration vendorMin, Duration expected) {
        Duration early = expected.multipliedBy(2).dividedBy(5);
        Duration d = early.compareTo(o.firstPoll()) > 0 ? early : o.firstPoll();
        d = d.compareTo(vendorMin) > 0 ? d : vendorMin;
        return d.compareTo(o.maxInterval()) < 0 ? d : o.maxInterval();
    }

    /** Learns from a task that succeeded {@code took} after acceptance. */
    void observe(String providerId, Action action, Duration took) {
        double seconds = took.toMillis() / 1000.0;
        learnedSeconds.merge(key(providerId, action), seconds, (old, now) -> old + ALPHA * (now - old));
    }

    /**
     * The delay before the next poll of a task accepted at {@code acceptedAt}, last seen as {@code last},
     * whose previous progress reading was {@code prevProgress} at {@code prevAt} (or -1 / null).
     * {@code shared} is true when the provider fetches in batches: a poll then costs a fraction of a
     * request, so the task is simply polled at the dense interval.
     */
    Duration next(PollOptions o, Duration vendorMin, Duration expected, Instant acceptedAt, Instant now, TaskSnapshot last,
                  int prevProgress, Instant prevAt, boolean shared) {
        Duration floor = o.interval().compareTo(vendorMin) >= 0 ? o.interval() : vendorMin;
        if (shared) {
            return floor;
        }
        long elapsed = Math.max(0, Duration.between(acceptedAt, now).toMillis());
        long exp = Math.max(1, expected.toMillis());
        long delay;
        long lowest = floor.toMillis();
        int progress = last.progress().orElse(-1);
        if (last.status() == TaskStatus.RUNNING && progress > 0 && progress < 100) {
            // near a predicted finish the next look may come sooner than the base interval, down to the
            // vendor's minimum (1 s where it states none): that is where a late poll costs detection delay
            lowest = Math.max(vendorMin.toMillis(), 1000);
            // vendors truncate progress to whole percents: the true value lies in [p, p + 1), take the middle
            double p = progress + 0.5;
            if (prevProgress >= 0 && prevAt != null && progress > prevProgress) {
                // two readings: the progress rate predicts the finish; aim just after it
                long dt = Math.max(1, Duration.between(prevAt, now).toMillis());
                delay = (long) (dt * (100 - p) / (progress - prevProgress)) + Math.min(floor.toMillis() / 4, 1000);
            } else {
                // one reading: aim at the finish it predicts; the time since acceptance includes the queue, so
                // this errs late by a fraction of the queue time (a second reading corrects an early guess)
                delay = (long) (elapsed * (100 - p) / p) + Math.min(floor.toMillis() / 4, 1000);
            }
        } else if (elapsed < exp) {
            delay = (long) ((exp - elapsed) * 0.6); // sparse early, converging on the expected end
        } else {
            delay = floor.toMillis(); // past the expectation (the long tail): dense, so the end is heard soon
        }
        delay = Math.max(delay, lowest);
        delay = Math.min(delay, o.maxInterval().toMillis());
        return Duration.ofMillis(delay);
    }

    private static String key(String providerId, Action action) {
        SpeedMode speed = action instanceof Action.Imagine im ? im.prompt().speed().orElse(SpeedMode.FAST) : SpeedMode.FAST;
        return providerId + '/' + action.kind() + '/' + speed;
    }
}
