package io.mj4j.core.internal;

import io.mj4j.core.PollOptions;
import io.mj4j.spi.Action;
import io.mj4j.spi.Feature;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.TaskSnapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * When to poll a task next: after an error, later by backoff (and never before a {@code Retry-After});
 * otherwise the adaptive {@link PollPlanner}'s aim or the fixed interval; three times sparser when callbacks
 * may arrive (they are hints, the poll is the safety net); jittered by a share of the base interval; never
 * sooner than the vendor's minimum; the vendor's poll budget spread over the time left; never after the
 * deadline. The poll schedule is a recurring activity on the poller's one timer, which Failsafe does not
 * model, so this stays hand-written. Pure apart from the shared random and the planner's learning.
 * Called on poll-lane threads. Thread-safe.
 */
final class PollCadence {
    private final PollPlanner planner = new PollPlanner();
    private final Clock clock;
    private final Random random;
    private final boolean adaptive;

    PollCadence(Clock clock, Random random, boolean adaptive) {
        this.clock = clock;
        this.random = random;
        this.adaptive = adaptive;
    }

    /** The wait from acceptance to the first poll. */
    Duration first(ProviderEntry p, Action action) {
        return adaptive && !p.descriptor().has(Feature.BATCH_FETCH)
                ? planner.first(p.poll(), p.descriptor().minPollInterval(), planner.expected(p.id(), action))
                : p.poll().firstPoll();
    }

    void observe(String providerId, Action action, Duration took) {
        planner.observe(providerId, action, took);
    }

    /** When to poll next, given the last poll's {@code error} (null after a good answer). */
    Instant next(PollState s, RuntimeException error) {
        ProviderEntry p = s.provider;
        TaskSnapshot last = s.task.snapshot();
        PollOptions o = p.poll();
        Instant now = clock.instant();
        Duration floor = max(o.interval(), p.descriptor().minPollInterval());
        Duration delay;
        if (error != null) {
            double factor = Math.pow(o.backoff(), s.consecutiveErrors);
            delay = Duration.ofNanos((long) Math.min(o.maxInterval().toNanos(), floor.toNanos() * factor));
            if (error instanceof MjException m) {
                delay = max(delay, retryAfter(m));
            }
        } else if (adaptive) {
            // the reading before this one, paired with this one, gives the progress rate
            delay = planner.next(o, p.descriptor().minPollInterval(), planner.expected(p.id(), s.task.action), s.acceptedAt, now,
                    last, s.lastProgress, s.lastProgressAt, p.descriptor().has(Feature.BATCH_FETCH));
        } else {
            delay = floor;
        }
        if (error == null && s.takesCallbacks) {
            Duration slow = delay.multipliedBy(3);
            delay = slow.compareTo(o.maxInterval()) > 0 ? max(delay, o.maxInterval()) : slow;
        }
        int progress = last.progress().orElse(-1);
        if (progress >= 0 && progress != s.lastProgress) {
            s.lastProgress = progress;
            s.lastProgressAt = now;
        }
        if (o.jitter() > 0) {
            // spread by a share of the base interval, not of the whole delay: an aimed poll stays on its mark
            double spread;
            synchronized (random) {
                spread = (random.nextDouble() * 2 - 1) * o.jitter();
            }
            long base = Math.min(delay.toNanos(), floor.toNanos());
            delay = Duration.ofNanos(Math.max(0, delay.toNanos() + (long) (base * spread)));
        }
        delay = max(delay, p.descriptor().minPollInterval());
        int budget = p.descriptor().maxPollsPerTask();
        Instant deadline = s.task.deadline();
        if (budget > 0 && s.polls < budget) {
            // spread what is left of the vendor's poll budget over the time left before the deadline
            Duration left = Duration.between(now, deadline);
            delay = max(delay, left.dividedBy(Math.max(1, budget - s.polls)));
        }
        Instant next = now.plus(delay);
        if ((budget > 0 && s.polls >= budget) || next.isAfter(deadline)) {
            next = deadline; // out of poll budget, or the deadline comes first: then the vendor is asked once more
        }
        return next.isBefore(now) ? now : next;
    }

    static Duration retryAfter(MjException e) {
        if (e instanceof RateLimitedException r) {
            return r.retryAfter().orElse(Duration.ZERO);
        }
        if (e instanceof ProviderUnavailableException u) {
            return u.retryAfter().orElse(Duration.ZERO);
        }
        return Duration.ZERO;
    }

    static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
