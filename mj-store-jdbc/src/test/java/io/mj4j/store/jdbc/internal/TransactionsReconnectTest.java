package io.mj4j.store.jdbc.internal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Work cut off because its connection broke (the H2 process serving a shared file exited) runs again on a new
 * connection when reconnecting is allowed, and only then; a failure of the work itself is never repeated.
 */
class TransactionsReconnectTest {
    /** Connections handed out, in order; each records whether it was closed. */
    private final List<String> events = new ArrayList<>();
    private int made;

    private final DataSource source = new DataSource() {
        @Override
        public Connection getConnection() {
            int n = ++made;
            events.add("open " + n);
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class}, (p, m, a) -> {
                switch (m.getName()) {
                    case "close" -> events.add("close " + n);
                    case "commit" -> events.add("commit " + n);
                    case "isClosed" -> { return false; }
                    case "isValid" -> { return true; }
                    case "getAutoCommit" -> { return false; }
                    case "getTransactionIsolation" -> { return Connection.TRANSACTION_READ_COMMITTED; }
                    case "toString" -> { return "connection " + n; }
                    default -> { }
                }
                return null;
            });
        }

        @Override
        public Connection getConnection(String u, String p) {
            return getConnection();
        }

        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() { return Logger.getGlobal(); }
        @Override public <T> T unwrap(Class<T> iface) { return null; }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    };

    /** Work that fails with a broken connection on its first {@code failures} runs. */
    private Transactions.Work<String> breaking(int failures, List<String> runs) {
        return c -> {
            runs.add(c.toString());
            if (runs.size() <= failures) {
                throw new SQLNonTransientConnectionException("Connection is broken: \"session closed\"", "08006");
            }
            return "done on " + c;
        };
    }

    @Test
    @DisplayName("with reconnecting allowed, work whose connection broke runs again on a new connection and commits there")
    void retriedOnANewConnection() throws SQLException {
        Transactions connections = Transactions.borrowed(source, 4, Duration.ofSeconds(5)).reconnecting(Duration.ofSeconds(20));
        List<String> runs = new ArrayList<>();
        assertThat(connections.transaction(breaking(2, runs))).isEqualTo("done on connection 3");
        assertThat(runs).containsExactly("connection 1", "connection 2", "connection 3");
        assertThat(events).containsExactly("open 1", "close 1", "open 2", "close 2", "open 3", "commit 3", "close 3");
    }

    @Test
    @DisplayName("without it (the default), the broken connection's failure is the caller's")
    void notRetriedByDefault() {
        Transactions connections = Transactions.borrowed(source, 4, Duration.ofSeconds(5));
        List<String> runs = new ArrayList<>();
        SQLException e = catchThrowableOfType(SQLException.class, () -> connections.transaction(breaking(1, runs)));
        assertThat((Throwable) e).hasMessageContaining("session closed");
        assertThat(runs).containsExactly("connection 1");
    }

    @Test
    @DisplayName("a failure of the work itself (bad SQL) is never repeated, even with reconnecting allowed")
    void workFailureNotRetried() {
        Transactions connections = Transactions.borrowed(source, 4, Duration.ofSeconds(5)).reconnecting(Duration.ofSeconds(20));
        List<String> runs = new ArrayList<>();
        SQLException e = catchThrowableOfType(SQLException.class, () -> connections.transaction(c -> {
            runs.add(c.toString());
            throw new SQLSyntaxErrorException("no such table", "42S02");
        }));
        assertThat((Throwable) e).hasMessageContaining("no such table");
        assertThat(runs).containsExactly("connection 1");
    }

    @Test
    @DisplayName("H2's \"database is already closed\" (90121, from a serving process shutting down) and a pool that"
            + " found no connection in time count as broken: the work runs again on a new connection")
    void serverGoneAndPoolTimeoutAreRetried() throws SQLException {
        Transactions connections = Transactions.borrowed(source, 4, Duration.ofSeconds(5)).reconnecting(Duration.ofSeconds(20));
        List<SQLException> failures = List.of(
                new SQLException("Database is already closed", "90121", ServerGoneEvicts.DATABASE_CLOSED),
                new SQLException("could not update", new SQLException("Database is already closed", "90121", 90121)),
                new java.sql.SQLTransientConnectionException("mj4j-store - Connection is not available, request timed out after 8000ms"));
        List<String> runs = new ArrayList<>();
        String done = connections.transaction(c -> {
            runs.add(c.toString());
            if (runs.size() <= failures.size()) {
                throw failures.get(runs.size() - 1);
            }
            return "done on " + c;
        });
        assertThat(done).isEqualTo("done on connection 4");
        assertThat(runs).containsExactly("connection 1", "connection 2", "connection 3", "connection 4");
    }

    @Test
    @DisplayName("HikariCP is told to drop a connection whose database was closed under it (90121, also as a cause), and"
            + " only then")
    void serverGoneConnectionsAreEvicted() {
        ServerGoneEvicts rule = new ServerGoneEvicts();
        assertThat(rule.adjudicate(new SQLException("Database is already closed", "90121", 90121)))
                .isEqualTo(com.zaxxer.hikari.SQLExceptionOverride.Override.MUST_EVICT);
        assertThat(rule.adjudicate(new SQLException("wrapped", new SQLException("closed", "90121", 90121))))
                .isEqualTo(com.zaxxer.hikari.SQLExceptionOverride.Override.MUST_EVICT);
        assertThat(rule.adjudicate(new SQLSyntaxErrorException("no such table", "42S02", 42102)))
                .isEqualTo(com.zaxxer.hikari.SQLExceptionOverride.Override.CONTINUE_EVICT);
    }
}
