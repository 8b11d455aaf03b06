package io.mj4j.testkit;

import io.mj4j.core.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;

/**
 * A deterministic {@link Scheduler} and {@link Executor} for tests: nothing runs until the test says
 * so. {@link #runReady()} runs queued work and timers that are due; {@link #advance(Duration)} moves
 * the {@link ManualClock} forward step by step, firing each timer at its time. Pass the same instance as
 * scheduler and executor to {@code Mj.builder()}. Thread-safe; work runs on the calling thread.
 */
public final class ManualScheduler implements Scheduler, Executor {
    private record Timer(Instant at, long seq, Runnable task, boolean[] cancelled) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final ManualClock clock;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Deque<Runnable> work = new ArrayDeque<>();
    private long seq;

    public ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    /** The clock this scheduler moves. */
    public ManualClock clock() {
        return clock;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Timer t = new Timer(clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task, new boolean[1]);
        timers.add(t);
        return () -> {
            synchronized (ManualScheduler.this) {
                t.cancelled()[0] = true;
                timers.remove(t);
            }
        };
    }

    @Override
    public synchronized void execute(Runnable command) {
        work.add(command);
    }

    /** Runs queued work and due timers until none is left; returns how many ran. */
    public int runReady() {
        int ran = 0;
        while (true) {
            Runnable next;
            synchronized (this) {
                next = work.poll();
                if (next == null) {
                    Timer t = timers.peek();
                    if (t != null && !t.at().isAfter(clock.instant())) {
                        timers.poll();
                        next = t.task();
                    }
                }
            }
            if (next == null) {
                return ran;
            }
            next.run();
            ran++;
            if (ran > 1_000_000) {
                throw new IllegalStateException("runReady ran a million steps: a task reschedules itself without delay");
            }
        }
    }

    /** Moves time forward by {@code d}, firing every timer at its own time (in order), then runs what is ready. */
    public void advance(Duration d) {
        Instant end = clock.instant().plus(d);
        runReady();
        while (true) {
            Instant next;
            synchronized (this) {
                Timer t = timers.peek();
                next = t == null ? null : t.at();
            }
            if (next == null || next.isAfter(end)) {
                break;
            }
            clock.set(next);
            runReady();
        }
        clock.set(end);
        runReady();
    }

    /** Pending timers. */
    public synchronized int pendingTimers() {
        return timers.size();
    }

    /** Queued work not yet run. */
    public synchronized int pendingWork() {
        return work.size();
    }
}
