package io.mj4j.store.jdbc;

import io.mj4j.core.store.TaskRecord;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The store's connections: HikariCP for a URL, the application's DataSource as given, a close that cuts no write")
class StoreConnectionsTest {
    @TempDir
    Path dir;

    /*
     * On PostgreSQL: HikariCP aborts connections still in use when its pool closes, which cuts the socket of a write
     * in flight. (H2 embedded makes the abort wait for the statement, so an H2 variant of this test cannot fail.)
     */
    @Test
    @DisplayName("PostgreSQL: close() while a write waits on a row lock: close waits, the write commits, the row is there after reopening")
    void closeWaitsForTheWriteInFlight() throws Exception {
        Postgres.assumeConfigured();
        String url = Postgres.freshSchemaUrl();
        try {
            closeWaits(url);
        } finally {
            Postgres.dropSchemaOf(url);
        }
    }

    private void closeWaits(String url) throws Exception {
        JdbcTaskStore store = JdbcTaskStore.postgres(url, Postgres.user(), Postgres.password());
        TaskRecord r = Records.submitting("gptunnel");
        store.insert(r);
        TaskRecord queued = r.withSnapshot(TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId("v-1").build(), r.updatedAt().plusSeconds(1));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Connection blocker = DriverManager.getConnection(url, Postgres.user(), Postgres.password())) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.executeQuery("SELECT version FROM mj4j_task WHERE id = '" + r.id() + "' FOR UPDATE").close();
            }
            Future<?> write = threads.submit(() -> store.update(queued));
            waitUntil(() -> lockWaits(blocker) > 0); // the write is inside its transaction, waiting for the row
            CompletableFuture<Thread> closer = new CompletableFuture<>();
            Future<?> close = threads.submit(() -> {
                closer.complete(Thread.currentThread());
                store.close();
            });
            Thread c = closer.get(30, TimeUnit.SECONDS);
            waitUntil(() -> c.getState() == Thread.State.TIMED_WAITING || close.isDone()); // close() waits for the write

            assertThat(close.isDone()).as("close() returned while a write was in flight").isFalse();
            blocker.commit();
            write.get(30, TimeUnit.SECONDS);
            close.get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdown();
        }
        try (JdbcTaskStore again = JdbcTaskStore.postgres(url, Postgres.user(), Postgres.password())) {
            assertThat(again.find(r.id()).orElseThrow().snapshot().status()).isEqualTo(TaskStatus.QUEUED);
            assertThat(again.transitions(r.id())).hasSize(2);
        }
    }

    @Test
    @DisplayName("an application's DataSource: every borrowed connection goes back at once, auto-commit restored, the DataSource stays open")
    void applicationDataSourceUsedAsGiven() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(JdbcTaskStore.h2Url(dir.resolve("app")));
        h2.setUser("sa");
        Watched app = new Watched(h2);
        TaskRecord r = Records.submitting("gptunnel");
        try (JdbcTaskStore store = JdbcTaskStore.open(app.dataSource, 2)) {
            store.insert(r);
            store.update(r.withSnapshot(TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId("v-1").build(), r.updatedAt().plusSeconds(1)));
            assertThat(store.find(r.id())).isPresent();
            assertThat(app.open.get()).as("connections held between calls").isZero();
        }
        assertThat(app.borrowed.get()).isPositive();
        assertThat(app.autoCommitOnReturn).as("auto-commit of each connection as it went back").hasSize(app.borrowed.get())
                .containsOnly(true);
        try (Connection c = app.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status FROM mj4j_task WHERE id = '" + r.id() + "'")) {
            assertThat(rs.next()).as("the application's DataSource still works after the store closed").isTrue();
            assertThat(rs.getString(1)).isEqualTo("QUEUED");
        }
    }

    private static int lockWaits(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_locks WHERE NOT granted")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits for a condition another thread brings about (no fixed sleep: yields until it holds, 30 s at most). */
    private static void waitUntil(Condition c) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!c.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached within 30 s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** The application's DataSource, counting the connections it hands out and how they come back. */
    private static final class Watched {
        final AtomicInteger borrowed = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();
        final List<Boolean> autoCommitOnReturn = new CopyOnWriteArrayList<>();
        final DataSource dataSource;

        Watched(DataSource inner) {
            this.dataSource = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[]{DataSource.class},
                    (p, m, args) -> {
                        Object result = invoke(inner, m, args);
                        return m.getName().equals("getConnection") ? watch((Connection) result) : result;
                    });
        }

        private Connection watch(Connection c) {
            borrowed.incrementAndGet();
            open.incrementAndGet();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class}, (p, m, args) -> {
                if (m.getName().equals("close")) {
                    autoCommitOnReturn.add(c.getAutoCommit());
                    open.decrementAndGet();
                }
                return invoke(c, m, args);
            });
        }

        private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
