package io.mj4j.store.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs the store's units of work, each in one transaction (READ COMMITTED, committed on success, rolled back on
 * any failure), on connections borrowed from a {@link DataSource} and returned at once. Pooling is HikariCP's job:
 * a store opened from a URL gets its own {@link HikariDataSource} ({@link #pooled}), which this class owns and
 * closes; an application's {@code DataSource} is used as given ({@link #borrowed}: no second pool on top of the
 * application's), only limited to {@code max} connections in use at a time, and each connection's auto-commit and
 * isolation are restored before it goes back.
 *
 * <p>{@link #close()} refuses new work and waits for the work in flight to commit or roll back before it closes
 * the pool (HikariCP aborts connections still in use when its pool closes): closing the store never cuts a write in
 * half. Thread-safe.
 */
public final class Transactions implements AutoCloseable {
    /** How long {@link #close()} waits for writes in flight before closing the pool anyway. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    private static final int ALL = Integer.MAX_VALUE / 2;

    /** One unit of work on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource source;
    private final HikariDataSource owned;
    private final int total;
    private final Semaphore permits;
    private final boolean restore;
    private final Duration acquireTimeout;
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;
    private volatile Duration reconnectPatience = Duration.ZERO;

    private Transactions(DataSource source, HikariDataSource owned, int max, boolean restore, Duration acquireTimeout) {
        this.source = source;
        this.owned = owned;
        // the permits count work in flight (close() takes them all); for a borrowed source they also cap its use
        this.total = owned != null ? ALL : max;
        this.permits = new Semaphore(total, true);
        this.restore = restore;
        this.acquireTimeout = acquireTimeout;
    }

    /**
     * A HikariCP pool of at most {@code max} connections to {@code url}, auto-commit off and READ COMMITTED set
     * once per connection by the pool. The password goes to HikariCP only.
     */
    public static Transactions pooled(String url, String user, String password, int max, Duration acquireTimeout, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Objects.requireNonNull(url, "url"));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(max);
        config.setMinimumIdle(1); // one open connection keeps an embedded H2 database open between calls
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(acquireTimeout.toMillis());
        config.setPoolName(name);
        config.setInitializationFailTimeout(-1); // the first transaction reports an unreachable database, typed
        config.setExceptionOverrideClassName(ServerGoneEvicts.class.getName());
        HikariDataSource pool = new HikariDataSource(config);
        return new Transactions(pool, pool, max, false, acquireTimeout);
    }

    /** The application's {@code source}, as given, with at most {@code max} of its connections in use at once. */
    public static Transactions borrowed(DataSource source, int max, Duration acquireTimeout) {
        Objects.requireNonNull(source, "source");
        if (max < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, got " + max);
        }
        return new Transactions(source, null, max, true, acquireTimeout);
    }

    /**
     * With a positive {@code patience}, a unit of work that fails because its connection broke (SQL state 08, a
     * connection error, no connection to be had within the pool's timeout, or H2's "database is already closed" from a server process that exited) runs again on a new connection for up to that long. For H2's automatic mixed
     * mode, where the process serving the file may exit at any moment and another takes over: the work failed
     * before its commit was answered, and in that mode the server is gone before it could commit, so a retry does
     * not write twice in practice (an insert that did land would fail as a duplicate rather than repeat). A
     * failure of the work itself (bad SQL, a constraint) is never repeated. Returns this.
     */
    public Transactions reconnecting(Duration patience) {
        this.reconnectPatience = Objects.requireNonNull(patience, "patience");
        return this;
    }

    /**
     * Runs {@code work} in one transaction and commits it; rolls back and rethrows on any failure (after the
     * reconnect attempts of {@link #reconnecting}, when allowed).
     */
    public <T> T transaction(Work<T> work) throws SQLException {
        long deadline = System.nanoTime() + reconnectPatience.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (SQLException e) {
                if (closed || reconnectPatience.isZero() || !broken(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    // another process is taking over the shared file: a short, growing pause before the next try
                    Thread.sleep(ThreadLocalRandom.current().nextLong(20, 20 + 40L * Math.min(attempt, 5)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Transactions committed so far (reads included: every unit of work is one). */
    public long commits() {
        return commits.get();
    }

    private static boolean broken(SQLException e) {
        return e instanceof SQLNonTransientConnectionException || e instanceof java.sql.SQLTransientConnectionException
                || (e.getSQLState() != null && e.getSQLState().startsWith("08"))
                || ServerGoneEvicts.serverGone(e); // H2 mixed mode: the serving process closed the database as it exited
    }

    private <T> T once(Work<T> work) throws SQLException {
        enter();
        try (Connection c = source.getConnection()) {
            boolean autoCommit = true;
            int isolation = Connection.TRANSACTION_READ_COMMITTED;
            if (restore) {
                autoCommit = c.getAutoCommit();
                isolation = c.getTransactionIsolation();
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            try {
                T result = work.run(c);
                c.commit();
                commits.incrementAndGet();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            } finally {
                if (restore) {
                    c.setTransactionIsolation(isolation);
                    c.setAutoCommit(autoCommit);
                }
            }
        } finally {
            permits.release();
        }
    }

    private void enter() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("the task store is closed", "08003");
        }
        boolean got;
        try {
            got = permits.tryAcquire(acquireTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a database connection", "08001", e);
        }
        if (!got) {
            throw new SQLTransientConnectionException("no database connection came free within " + acquireTimeout, "08001");
        }
        if (closed) {
            permits.release();
            throw new SQLNonTransientConnectionException("the task store is closed", "08003");
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Refuses new work, waits up to {@link #CLOSE_WAIT} for the work in flight to end, then closes the pool this
     * store opened (an application's {@code DataSource} stays open: it is the application's). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        int all = total;
        boolean drained = false;
        try {
            drained = permits.tryAcquire(all, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (owned != null) {
            owned.close();
        }
        if (drained) {
            permits.release(all);
        }
    }
}
