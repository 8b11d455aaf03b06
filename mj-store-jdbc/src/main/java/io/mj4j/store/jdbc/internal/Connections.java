package io.mj4j.store.jdbc.internal;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The store's tiny connection handling: at most {@code max} connections from a {@link DataSource}, reused
 * newest-first, each unit of work in one transaction (READ COMMITTED, committed on success, rolled back on any
 * failure). A connection that failed at the connection level (SQLState class 08, or closed) is dropped, and one idle
 * longer than {@link #VALIDATE_AFTER} is checked before reuse. Keeping one connection open also keeps an embedded H2
 * database open between calls. Thread-safe.
 */
public final class Connections implements AutoCloseable {
    /** Idle connections older than this are validated before reuse. */
    static final Duration VALIDATE_AFTER = Duration.ofSeconds(30);

    /** One unit of work on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private record Idle(Connection connection, long since) {
    }

    private final DataSource source;
    private final Semaphore permits;
    private final Duration acquireTimeout;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private volatile boolean closed;

    public Connections(DataSource source, int max, Duration acquireTimeout) {
        this(source, max, acquireTimeout, Duration.ZERO);
    }

    /**
     * With a positive {@code reconnectPatience}, a unit of work that fails because its connection broke is run
     * again on a new connection for up to that long. For H2's automatic mixed mode, where the process serving the
     * file may exit at any moment and another takes over: the work failed before its commit was answered, and in
     * that mode the server is gone before it could commit, so a retry does not write twice in practice (an insert
     * that did land would fail as a duplicate rather than repeat).
     */
    public Connections(DataSource source, int max, Duration acquireTimeout, Duration reconnectPatience) {
        this.source = Objects.requireNonNull(source, "source");
        if (max < 1) {
            throw new IllegalArgumentException("max connections must be >= 1, got " + max);
        }
        this.permits = new Semaphore(max, true);
        this.acquireTimeout = Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        this.reconnectPatience = Objects.requireNonNull(reconnectPatience, "reconnectPatience");
    }

    private final Duration reconnectPatience;

    /** Runs {@code work} in one transaction and commits it; rolls back and rethrows on any failure. */
    public <T> T transaction(Work<T> work) throws SQLException {
        long deadline = System.nanoTime() + reconnectPatience.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (Broken b) {
                if (closed || reconnectPatience.isZero() || System.nanoTime() > deadline) {
                    throw b.cause;
                }
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(20, 20 + 40L * Math.min(attempt, 5)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw b.cause;
                }
            }
        }
    }

    /** A failure of the connection itself (not of the work), carried out of {@link #once} to be retried. */
    private static final class Broken extends Exception {
        final SQLException cause;

        Broken(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    private <T> T once(Work<T> work) throws SQLException, Broken {
        acquire();
        try {
            Connection c;
            try {
                c = take();
            } catch (SQLException e) {
                if (e instanceof SQLNonTransientConnectionException || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
                    throw new Broken(e);
                }
                throw e;
            }
            boolean keep = true;
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                boolean broken = isBroken(e, c);
                keep = rollback(c) && !broken;
                if (broken) {
                    throw new Broken(e);
                }
                throw e;
            } catch (RuntimeException | Error e) {
                keep = rollback(c);
                throw e;
            } finally {
                give(c, keep);
            }
        } finally {
            permits.release();
        }
    }

    private void acquire() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("the task store is closed", "08003");
        }
        try {
            if (!permits.tryAcquire(acquireTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException("no database connection came free within " + acquireTimeout, "08001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a database connection", "08001", e);
        }
    }

    private Connection take() throws SQLException {
        while (true) {
            Idle i;
            synchronized (idle) {
                i = idle.pollFirst();
            }
            if (i == null) {
                break;
            }
            if (System.nanoTime() - i.since() < VALIDATE_AFTER.toNanos() || valid(i.connection())) {
                return i.connection();
            }
            closeQuietly(i.connection());
        }
        Connection c = source.getConnection();
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    private static boolean valid(Connection c) {
        try {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private void give(Connection c, boolean keep) {
        if (!keep || closed) {
            closeQuietly(c);
            return;
        }
        synchronized (idle) {
            idle.offerFirst(new Idle(c, System.nanoTime()));
        }
        if (closed) {
            drain();
        }
    }

    private static boolean rollback(Connection c) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean isBroken(SQLException e, Connection c) {
        if (e instanceof SQLNonTransientConnectionException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            return true;
        }
        try {
            return c.isClosed();
        } catch (SQLException ignored) {
            return true;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a connection that cannot even close is gone either way
        }
    }

    private void drain() {
        while (true) {
            Idle i;
            synchronized (idle) {
                i = idle.pollFirst();
            }
            if (i == null) {
                return;
            }
            closeQuietly(i.connection());
        }
    }

    /** Closes the idle connections; those in use close when their work ends. Later work fails. */
    @Override
    public void close() {
        closed = true;
        drain();
    }
}
