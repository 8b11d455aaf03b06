package io.mj4j.store.jdbc.internal;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Group commit for the store's single-task writes (a new task, one task's new snapshot): writes that threads hand in
 * while one transaction is being committed wait and then go together in the next one, so a burst of {@code imagine()}
 * calls and submit acknowledgements costs a few commits instead of one per write. Nothing is acknowledged early: a
 * caller returns only once the transaction that holds its write has committed ("stored before sent" stays true), and
 * a write with no other writer waiting commits alone at once, as before.
 *
 * <p>A group that fails (one write refused, say a duplicate id, or any database error) is rolled back whole and each
 * of its writes runs again alone, so every caller gets its own write's outcome and nobody pays for another's
 * failure. One group is written at a time per store; reads and {@code updateAll} are not grouped. Thread-safe.
 */
public final class GroupCommit {
    /** The most writes one transaction takes. */
    public static final int MAX_GROUP = 64;

    private static final class Pending<T> {
        final Transactions.Work<T> work;
        boolean done;
        T result;
        SQLException sqlError;
        RuntimeException runtimeError;
        Error error;

        Pending(Transactions.Work<T> work) {
            this.work = work;
        }
    }

    private final Transactions transactions;
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
    private boolean writing;
    private long groups;
    private long writes;

    public GroupCommit(Transactions transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    /**
     * Runs {@code work} in a transaction, together with the writes other threads hand in meanwhile, and returns once
     * that transaction committed (or throws what {@code work} threw, after a rollback). Waits without giving up on an
     * interrupt (the write is queued and will be made; the interrupt flag is set again on return).
     */
    public <T> T write(Transactions.Work<T> work) throws SQLException {
        Pending<T> me = new Pending<>(Objects.requireNonNull(work, "work"));
        boolean interrupted = false;
        synchronized (this) {
            queue.add(me);
        }
        try {
            while (true) {
                List<Pending<?>> group = new ArrayList<>();
                synchronized (this) {
                    while (writing && !me.done) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    if (me.done) {
                        break;
                    }
                    writing = true;
                    while (!queue.isEmpty() && group.size() < MAX_GROUP) {
                        group.add(queue.poll());
                    }
                }
                try {
                    run(group);
                } finally {
                    synchronized (this) {
                        group.forEach(p -> p.done = true);
                        groups++;
                        writes += group.size();
                        writing = false;
                        notifyAll();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (me.sqlError != null) {
            throw me.sqlError;
        }
        if (me.runtimeError != null) {
            throw me.runtimeError;
        }
        if (me.error != null) {
            throw me.error;
        }
        return me.result;
    }

    /** Writes waiting for the next transaction (for tests). */
    synchronized int queued() {
        return queue.size();
    }

    /** Transactions committed and writes they held so far: {@code [groups, writes]}. */
    public synchronized long[] counts() {
        return new long[] {groups, writes};
    }

    private void run(List<Pending<?>> group) {
        if (group.size() > 1) {
            List<Object> results = new ArrayList<>(group.size());
            try {
                transactions.transaction(c -> {
                    results.clear(); // a reconnect runs the whole group again
                    for (Pending<?> p : group) {
                        results.add(p.work.run(c));
                    }
                    return null;
                });
                for (int i = 0; i < group.size(); i++) {
                    set(group.get(i), results.get(i));
                }
                return;
            } catch (SQLException | RuntimeException | Error e) {
                // rolled back whole: each write runs again alone and gets its own outcome
            }
        }
        for (Pending<?> p : group) {
            alone(p);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(Pending<T> p, Object result) {
        p.result = (T) result;
    }

    private <T> void alone(Pending<T> p) {
        try {
            p.result = transactions.transaction(p.work);
        } catch (SQLException e) {
            p.sqlError = e;
        } catch (RuntimeException e) {
            p.runtimeError = e;
        } catch (Error e) {
            p.error = e;
        }
    }
}
