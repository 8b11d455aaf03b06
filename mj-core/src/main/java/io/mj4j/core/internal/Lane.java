package io.mj4j.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One lane of the engine's blocking work (the submit lane, the poll lane): its own FIFO queue over the
 * shared worker executor, with at most {@code width} of its jobs handed to the executor at a time. Each
 * hand-off runs one job and then queues the lane again behind whatever the executor holds, so two lanes over
 * one FIFO pool take turns: a burst of 100,000 submits delays a due poll by at most {@code width} submit
 * exchanges, not by the whole burst. Works the same over an injected executor (tests' manual one).
 *
 * <p>Owns only its queue. Any thread may call {@link #execute}; jobs run on executor threads, and a job that
 * throws is logged and dropped. After the executor is shut down the jobs left in the queue are dropped: the
 * engine has parked their tasks first. Thread-safe.
 */
final class Lane implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

    private final String name;
    private final Executor workers;
    private final int width;
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private int handedOff;

    Lane(String name, Executor workers, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("lane width must be >= 1, got " + width);
        }
        this.name = name;
        this.workers = workers;
        this.width = width;
    }

    @Override
    public void execute(Runnable job) {
        boolean handOff;
        synchronized (this) {
            queue.add(job);
            handOff = handedOff < width;
            if (handOff) {
                handedOff++;
            }
        }
        if (handOff) {
            handOff();
        }
    }

    private void handOff() {
        try {
            workers.execute(this::runOne);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                handedOff--;
            }
            LOG.debug("The {} lane's executor refused work (client closing); {} jobs left unrun", name, pending());
        }
    }

    private void runOne() {
        Runnable job;
        synchronized (this) {
            job = queue.poll();
            if (job == null) {
                handedOff--;
                return;
            }
        }
        try {
            job.run();
        } catch (RuntimeException e) {
            LOG.warn("A job of the {} lane failed; dropped", name, e);
        } finally {
            boolean more;
            synchronized (this) {
                more = !queue.isEmpty();
                if (!more) {
                    handedOff--;
                }
            }
            if (more) {
                handOff(); // back of the executor's queue: the other lane gets its turn first
            }
        }
    }

    /**
     * Runs {@code job} on a worker, outside the lane's queue (short follow-up work, such as handling the
     * outcome Failsafe reports while holding its own locks); on the calling thread when the executor is shut
     * down, so an answer that arrives while the client closes is still stored.
     */
    void handOver(Runnable job) {
        try {
            workers.execute(job);
        } catch (RejectedExecutionException e) {
            job.run();
        }
    }

    synchronized int pending() {
        return queue.size();
    }
}
