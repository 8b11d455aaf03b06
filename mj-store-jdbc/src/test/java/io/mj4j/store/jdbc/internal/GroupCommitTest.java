package io.mj4j.store.jdbc.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Group commit: writes handed in while a transaction commits go together in the next one; nobody returns before the
 * commit holding its write; a failing write fails alone. The database is a fake whose first commit waits for the test,
 * so which writes share a transaction is decided by the test, not by timing.
 */
class GroupCommitTest {
    /** What happened, in order: "run X on N", "commit N", "rollback N". */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstCommitStarted = new CountDownLatch(1);
    private final CountDownLatch firstCommitMayEnd = new CountDownLatch(1);
    private final AtomicInteger made = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private final DataSource source = new DataSource() {
        @Override
        public Connection getConnection() {
            int n = made.incrementAndGet();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class}, (p, m, a) -> {
                switch (m.getName()) {
                    case "commit" -> {
                        if (n == 1) {
                            firstCommitStarted.countDown();
                            firstCommitMayEnd.await(10, TimeUnit.SECONDS);
                        }
                        events.add("commit " + n);
                    }
                    case "rollback" -> events.add("rollback " + n);
                    case "isClosed" -> { return false; }
                    case "isValid" -> { return true; }
                    case "getAutoCommit" -> { return false; }
                    case "getTransactionIsolation" -> { return Connection.TRANSACTION_READ_COMMITTED; }
                    case "toString" -> { return String.valueOf(n); }
                    default -> { }
                }
                return null;
            });
        }

        @Override public Connection getConnection(String u, String p) { return getConnection(); }
        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() { return Logger.getGlobal(); }
        @Override public <T> T unwrap(Class<T> iface) { return null; }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    };

    private final Transactions transactions = Transactions.borrowed(source, 8, Duration.ofSeconds(10));
    private final GroupCommit group = new GroupCommit(transactions);

    @AfterEach
    void stop() {
        threads.shutdownNow();
        transactions.close();
    }

    private Transactions.Work<String> work(String name) {
        return c -> {
            events.add("run " + name + " on " + c);
            return name;
        };
    }

    private CompletableFuture<String> writeAsync(Transactions.Work<String> w) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return group.write(w);
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, threads);
    }

    /** Starts A, whose commit waits; then hands in the others and waits until all of them are queued. */
    private CompletableFuture<String> firstWritingThenQueued(List<Transactions.Work<String>> others,
                                                             List<CompletableFuture<String>> out) throws Exception {
        CompletableFuture<String> a = writeAsync(work("a"));
        assertThat(firstCommitStarted.await(10, TimeUnit.SECONDS)).isTrue();
        for (Transactions.Work<String> w : others) { // one at a time, so the queue's order is the list's
            int before = group.queued();
            out.add(writeAsync(w));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (group.queued() == before && System.nanoTime() < until) {
                Thread.onSpinWait(); // waiting for that thread to queue its write, not for time to pass
            }
            assertThat(group.queued()).isEqualTo(before + 1);
        }
        return a;
    }

    @Test
    @DisplayName("writes handed in during a commit share the next transaction, and none returns before its commit")
    void writesDuringACommitShareTheNext() throws Exception {
        List<CompletableFuture<String>> others = new CopyOnWriteArrayList<>();
        CompletableFuture<String> a = firstWritingThenQueued(List.of(work("b"), work("c"), work("d")), others);

        assertThat(others).noneMatch(CompletableFuture::isDone); // their transaction has not committed yet
        assertThat(a).isNotDone();
        firstCommitMayEnd.countDown();

        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(others.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("b");
        assertThat(others.get(1).get(10, TimeUnit.SECONDS)).isEqualTo("c");
        assertThat(others.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("d");
        assertThat(events).containsExactly("run a on 1", "commit 1", "run b on 2", "run c on 2", "run d on 2", "commit 2");
        assertThat(group.counts()).containsExactly(2, 4);
    }

    @Test
    @DisplayName("a write that fails in a group fails alone: the group is rolled back and the others are written one by one")
    void aFailingWriteFailsAlone() throws Exception {
        Transactions.Work<String> refused = c -> {
            events.add("run c on " + c);
            throw new SQLException("task c already exists", "23505");
        };
        List<CompletableFuture<String>> others = new CopyOnWriteArrayList<>();
        CompletableFuture<String> a = firstWritingThenQueued(List.of(work("b"), refused, work("d")), others);
        firstCommitMayEnd.countDown();

        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(others.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("b");
        assertThatThrownBy(() -> others.get(1).get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(SQLException.class)
                .hasRootCauseMessage("task c already exists");
        assertThat(others.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("d");
        assertThat(events).containsExactly("run a on 1", "commit 1",
                "run b on 2", "run c on 2", "rollback 2",
                "run b on 3", "commit 3", "run c on 4", "rollback 4", "run d on 5", "commit 5");
    }

    @Test
    @DisplayName("a write with nobody else writing commits alone, at once")
    void aLoneWriteCommitsAlone() throws Exception {
        firstCommitMayEnd.countDown();
        assertThat(group.write(work("a"))).isEqualTo("a");
        assertThat(group.write(work("b"))).isEqualTo("b");
        assertThat(events).containsExactly("run a on 1", "commit 1", "run b on 2", "commit 2");
    }
}
