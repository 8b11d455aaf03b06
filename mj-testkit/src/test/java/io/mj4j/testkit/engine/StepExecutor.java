package io.mj4j.testkit.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/**
 * An executor whose work runs only when the test says so, one job at a time, in FIFO order: a stand-in for
 * a busy worker pool, so a test can interleave work with timers (the {@code ManualScheduler}'s) step by step.
 */
final class StepExecutor implements Executor {
    private final Deque<Runnable> work = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable command) {
        work.add(command);
    }

    /** Runs the oldest queued job; false when none was queued. */
    boolean runOne() {
        Runnable next;
        synchronized (this) {
            next = work.poll();
        }
        if (next == null) {
            return false;
        }
        next.run();
        return true;
    }

    synchronized int pending() {
        return work.size();
    }
}
