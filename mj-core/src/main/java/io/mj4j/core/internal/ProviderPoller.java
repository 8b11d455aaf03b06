package io.mj4j.core.internal;

import io.mj4j.core.Scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One provider's queue of due polls, ordered by time, with a single pending wake-up on the shared
 * scheduler: tracking N tasks costs one timer entry, not N threads or N timers (invariant 8). Owned by
 * {@link Polling}; the wake-up runs on the scheduler thread and only hands the due tasks over. Thread-safe.
 */
final class ProviderPoller {
    record Entry(Instant at, long seq, PollState task) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final Scheduler scheduler;
    private final Clock clock;
    private final Consumer<List<PollState>> onDue;
    private final Duration coalesce;
    private final int fill;
    private final TreeSet<Entry> queue = new TreeSet<>();
    private long seq;
    private Instant wakeAt;
    private Scheduler.Cancellable wake;
    private boolean closed;

    /**
     * @param coalesce how early a task due soon may be polled along with those due now (for batch fetch:
     *                 one batch request instead of several single ones a moment apart); zero for none
     * @param fill     the batch size, when the spare places of a batch request are to be filled with the
     *                 safety-net polls of tasks that take callbacks (the soonest due first); 0 for none
     */
    ProviderPoller(Scheduler scheduler, Clock clock, Consumer<List<PollState>> onDue, Duration coalesce, int fill) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.onDue = onDue;
        this.coalesce = coalesce;
        this.fill = fill;
    }

    /** Puts {@code task} in the queue at {@code at}, replacing an earlier entry of the same task. */
    synchronized void schedule(PollState task, Instant at) {
        if (closed) {
            return;
        }
        if (task.queued != null) {
            queue.remove(task.queued);
        }
        Entry e = new Entry(at, seq++, task);
        task.queued = e;
        queue.add(e);
        rearm();
    }

    /** Puts {@code task} in the queue at {@code at}, unless it is already queued for that time or sooner. */
    synchronized void scheduleNoLaterThan(PollState task, Instant at) {
        if (task.queued != null && !task.queued.at().isAfter(at)) {
            return;
        }
        schedule(task, at);
    }

    synchronized void remove(PollState task) {
        if (task.queued != null) {
            queue.remove(task.queued);
            task.queued = null;
        }
    }

    synchronized int size() {
        return queue.size();
    }

    private void rearm() {
        if (queue.isEmpty()) {
            return;
        }
        Instant head = queue.first().at();
        if (wakeAt != null && !head.isBefore(wakeAt)) {
            return;
        }
        if (wake != null) {
            wake.cancel();
        }
        wakeAt = head;
        Duration delay = Duration.between(clock.instant(), head);
        wake = scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, this::onWake);
    }

    private void onWake() {
        List<PollState> due = new ArrayList<>();
        synchronized (this) {
            wakeAt = null;
            wake = null;
            Instant now = clock.instant();
            Instant horizon = now.plus(coalesce);
            while (!queue.isEmpty() && (!queue.first().at().isAfter(now)
                    || !queue.first().at().isAfter(horizon) && queue.first().task().task.deadline().isAfter(queue.first().at()))) {
                Entry e = queue.pollFirst();
                e.task().queued = null;
                due.add(e.task());
            }
            fillSparePlaces(due);
            rearm();
        }
        if (!due.isEmpty()) {
            onDue.accept(due);
        }
    }

    /**
     * A batch request that goes out anyway carries up to its size in ids at no extra request: its spare places take
     * the safety-net polls of tasks that take callbacks, soonest due first, which then need no request of their own
     * later (their next poll is planned from this one). Only such polls move earlier: a task without callbacks
     * keeps the cadence its progress asks for. Runs under this poller's lock.
     */
    private void fillSparePlaces(List<PollState> due) {
        if (fill < 2 || due.isEmpty()) {
            return;
        }
        int spare = (fill - due.size() % fill) % fill;
        for (java.util.Iterator<Entry> it = queue.iterator(); spare > 0 && it.hasNext(); ) {
            Entry e = it.next();
            if (e.task().takesCallbacks && e.task().task.deadline().isAfter(e.at())) {
                it.remove();
                e.task().queued = null;
                due.add(e.task());
                spare--;
            }
        }
    }

    synchronized void close() {
        closed = true;
        if (wake != null) {
            wake.cancel();
        }
        queue.clear();
    }
}
