package io.mj4j.store.jdbc;

import io.mj4j.core.store.TaskRecord;
import io.mj4j.spi.Action;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.store.jdbc.internal.Migrations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.mj4j.store.jdbc.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every database under {@link JdbcTaskStore} must do. A subclass points {@link #openStore()} and
 * {@link #connect()} at one fresh database per test.
 */
abstract class TaskStoreContract {
    private final List<JdbcTaskStore> opened = new ArrayList<>();

    /** Opens (and migrates) a store on this test's database; every call the same database. */
    protected abstract JdbcTaskStore newStore();

    /** A plain connection to this test's database (auto-commit). */
    protected abstract Connection connect() throws SQLException;

    protected final JdbcTaskStore openStore() {
        JdbcTaskStore s = newStore();
        synchronized (opened) {
            opened.add(s);
        }
        return s;
    }

    @AfterEach
    void closeStores() {
        synchronized (opened) {
            opened.forEach(JdbcTaskStore::close);
            opened.clear();
        }
    }

    @Test
    @DisplayName("a task inserted is found again by id, every field intact")
    void insertThenFind() {
        JdbcTaskStore store = openStore();
        TaskRecord r = Records.submitting("gptunnel");

        store.insert(r);

        assertThat(store.find(r.id())).contains(r);
        assertThat(store.find("no-such-task")).isEmpty();
    }

    @Test
    @DisplayName("a follow-up with a parent and a snapshot with every field round-trips")
    void fullRecordRoundTrips() {
        JdbcTaskStore store = openStore();
        TaskRecord parent = Records.submitting("acedata");
        store.insert(parent);
        TaskRecord child = new TaskRecord("child-1", "acedata", new Action.Upscale(2), Optional.of(parent.id()),
                Records.succeeded("v-child"), T0, T0.plusSeconds(9), T0.plusSeconds(600));

        store.insert(child);

        assertThat(store.find("child-1")).contains(child);
    }

    @Test
    @DisplayName("an update replaces the task, and the vendor id then finds it")
    void updateThenFindByVendorId() {
        JdbcTaskStore store = openStore();
        TaskRecord r = Records.submitting("gptunnel");
        store.insert(r);
        assertThat(store.findByVendorId("gptunnel", "v-1")).isEmpty();

        TaskRecord queued = Records.with(r, Records.queued("v-1"), Duration.ofMillis(250));
        store.update(queued);

        assertThat(store.find(r.id())).contains(queued);
        assertThat(store.findByVendorId("gptunnel", "v-1")).contains(queued);
        assertThat(store.findByVendorId("acedata", "v-1")).as("another provider's id space").isEmpty();
        assertThat(store.findByVendorId("gptunnel", "v-2")).isEmpty();
    }

    @Test
    @DisplayName("findActive returns the tasks that have not ended, UNKNOWN included, and no terminal one")
    void findActiveSkipsTerminal() {
        JdbcTaskStore store = openStore();
        List<String> active = new ArrayList<>();
        for (TaskStatus status : TaskStatus.values()) {
            TaskRecord r = Records.submitting("gptunnel");
            store.insert(r);
            TaskSnapshot s = switch (status) {
                case SUCCEEDED -> Records.succeeded("v-" + r.id());
                case FAILED -> Records.failed("v-" + r.id());
                default -> TaskSnapshot.builder(status).vendorTaskId("v-" + r.id()).build();
            };
            store.update(Records.with(r, s, Duration.ofSeconds(1)));
            if (!status.isTerminal()) {
                active.add(r.id());
            }
        }

        assertThat(store.findActive()).extracting(TaskRecord::id).containsExactlyInAnyOrderElementsOf(active);
        assertThat(store.findActive()).extracting(t -> t.snapshot().status())
                .containsExactlyInAnyOrder(TaskStatus.SUBMITTING, TaskStatus.UNKNOWN, TaskStatus.QUEUED, TaskStatus.RUNNING,
                        TaskStatus.NEEDS_INPUT);
    }

    @Test
    @DisplayName("every snapshot a task had is kept as a transition, in order")
    void transitionsKeepHistory() {
        JdbcTaskStore store = openStore();
        TaskRecord r = Records.submitting("gptunnel");
        store.insert(r);
        List<TaskSnapshot> history = List.of(Records.queued("v-9"), Records.running("v-9", 40), Records.running("v-9", 80),
                Records.succeeded("v-9"));
        TaskRecord current = r;
        for (TaskSnapshot s : history) {
            current = Records.with(current, s, Duration.ofSeconds(1));
            store.update(current);
        }

        List<TaskSnapshot> expected = new ArrayList<>();
        expected.add(r.snapshot());
        expected.addAll(history);
        assertThat(store.transitions(r.id())).containsExactlyElementsOf(expected);
        assertThat(store.transitions("no-such-task")).isEmpty();
        assertThat(store.findActive()).isEmpty();
    }

    @Test
    @DisplayName("a task inserted leased is never free for another node's orphan claim, and its owner holds it")
    void insertLeasedIsNeverOrphaned() {
        JdbcTaskStore store = newStore();
        TaskRecord r = Records.submitting("gptunnel");
        store.insertLeased(r, "node-a", T0.plusSeconds(30));
        assertThat(store.find(r.id())).contains(r);
        assertThat(store.transitions(r.id())).containsExactly(r.snapshot());
        assertThat(store.claimOrphans("node-b", T0.plusSeconds(1), T0.plusSeconds(31), 10)).as("leased at insert").isEmpty();
        assertThat(store.acquire(List.of(r.id()), "node-a", T0.plusSeconds(2), T0.plusSeconds(32))).containsExactly(r.id());
        assertThat(store.claimOrphans("node-b", T0.plusSeconds(33), T0.plusSeconds(63), 10)).as("expired").containsExactly(r.id());
        assertThatThrownBy(() -> store.insertLeased(r, "node-a", T0.plusSeconds(30))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("leases: one owner at a time, renewable by its owner, free to claim once expired, never claimed twice")
    void leases() {
        JdbcTaskStore store = newStore();
        TaskRecord a = Records.submitting("gptunnel");
        TaskRecord b = Records.submitting("gptunnel");
        store.insert(a);
        store.insert(b);
        java.time.Instant now = T0;

        assertThat(store.acquire(List.of(a.id()), "node-1", now, now.plusSeconds(30))).containsExactly(a.id());
        assertThat(store.acquire(List.of(a.id()), "node-2", now.plusSeconds(1), now.plusSeconds(31))).as("held by node-1").isEmpty();
        assertThat(store.acquire(List.of(a.id()), "node-1", now.plusSeconds(10), now.plusSeconds(40))).as("renewed").containsExactly(a.id());
        assertThat(store.claimOrphans("node-2", now.plusSeconds(11), now.plusSeconds(41), 10)).as("only b is free").containsExactly(b.id());
        assertThat(store.claimOrphans("node-3", now.plusSeconds(12), now.plusSeconds(42), 10)).as("b was just claimed").isEmpty();
        assertThat(store.claimOrphans("node-3", now.plusSeconds(45), now.plusSeconds(75), 10)).as("both expired")
                .containsExactlyInAnyOrder(a.id(), b.id());
        store.release(a.id(), "node-1");
        assertThat(store.acquire(List.of(a.id()), "node-2", now.plusSeconds(46), now.plusSeconds(76))).as("node-1 no longer holds it")
                .isEmpty();
        store.release(a.id(), "node-3");
        assertThat(store.acquire(List.of(a.id()), "node-2", now.plusSeconds(46), now.plusSeconds(76))).containsExactly(a.id());
        store.update(Records.with(a, Records.succeeded("v-a"), Duration.ofSeconds(1)));
        assertThat(store.claimOrphans("node-4", now.plusSeconds(500), now.plusSeconds(530), 10)).as("finished tasks are never claimed")
                .containsExactly(b.id());
    }

    @Test
    @DisplayName("inserting an id twice fails and leaves the first task as it was")
    void duplicateInsertFails() {
        JdbcTaskStore store = openStore();
        TaskRecord r = Records.submitting("gptunnel");
        store.insert(r);

        TaskRecord again = Records.with(r, Records.queued("v-dup"), Duration.ofSeconds(1));
        assertThatThrownBy(() -> store.insert(again)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(r.id()).hasMessageContaining("already exists");

        assertThat(store.find(r.id())).contains(r);
        assertThat(store.transitions(r.id())).hasSize(1);
    }

    @Test
    @DisplayName("updating a task that was never inserted fails and stores nothing")
    void updateOfMissingFails() {
        JdbcTaskStore store = openStore();
        TaskRecord r = Records.submitting("gptunnel");

        assertThatThrownBy(() -> store.update(r)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(r.id()).hasMessageContaining("does not exist");

        assertThat(store.find(r.id())).isEmpty();
        assertThat(store.transitions(r.id())).isEmpty();
    }

    @Test
    @DisplayName("migrations are applied once; opening the database again changes nothing and keeps the tasks")
    void migrationsAppliedOnce() throws Exception {
        JdbcTaskStore first = openStore();
        TaskRecord r = Records.submitting("gptunnel");
        first.insert(r);
        List<String> history = history();
        first.close();

        JdbcTaskStore second = openStore();

        assertThat(second.schemaVersion()).isEqualTo(Migrations.SCRIPTS.size());
        assertThat(history).hasSize(Migrations.SCRIPTS.size());
        assertThat(history()).as("history after re-open").isEqualTo(history);
        assertThat(second.find(r.id())).contains(r);
    }

    @Test
    @DisplayName("several openers at once migrate the database exactly once")
    void concurrentOpenersMigrateOnce() throws Exception {
        int openers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(openers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JdbcTaskStore>> futures = new ArrayList<>();
            for (int i = 0; i < openers; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return openStore();
                }));
            }
            go.countDown();
            for (Future<JdbcTaskStore> f : futures) {
                assertThat(f.get(60, TimeUnit.SECONDS).schemaVersion()).isEqualTo(Migrations.SCRIPTS.size());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(history()).hasSize(Migrations.SCRIPTS.size());
    }

    @Test
    @DisplayName("concurrent updates from several threads keep every transition, each thread's in its order")
    void concurrentUpdatesKeepEveryTransition() throws Exception {
        JdbcTaskStore store = openStore();
        TaskRecord shared = Records.submitting("gptunnel");
        store.insert(shared);
        int threads = 8;
        int updates = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<TaskRecord> own = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TaskRecord>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<TaskRecord> work = () -> {
                    TaskRecord mine = Records.submitting("acedata");
                    store.insert(mine);
                    go.await();
                    for (int i = 0; i < updates; i++) {
                        TaskSnapshot s = TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId("v-shared").progress(i)
                                .vendorStatus("t" + thread + "-" + i).build();
                        store.update(Records.with(shared, s, Duration.ofMillis(i)));
                        mine = Records.with(mine, Records.running("v-" + thread, i), Duration.ofMillis(1));
                        store.update(mine);
                    }
                    return mine;
                };
                futures.add(pool.submit(work));
            }
            go.countDown();
            for (Future<TaskRecord> f : futures) {
                own.add(f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        List<TaskSnapshot> transitions = store.transitions(shared.id());
        assertThat(transitions).hasSize(1 + threads * updates);
        Set<String> seen = new HashSet<>();
        int[] lastOfThread = new int[threads];
        java.util.Arrays.fill(lastOfThread, -1);
        for (TaskSnapshot s : transitions.subList(1, transitions.size())) {
            String[] parts = s.vendorStatus().orElseThrow().substring(1).split("-");
            int thread = Integer.parseInt(parts[0]);
            int i = Integer.parseInt(parts[1]);
            assertThat(i).as("thread %d's updates in order", thread).isGreaterThan(lastOfThread[thread]);
            lastOfThread[thread] = i;
            seen.add(s.vendorStatus().get());
        }
        assertThat(seen).hasSize(threads * updates);
        for (TaskRecord mine : own) {
            assertThat(store.transitions(mine.id())).hasSize(1 + updates);
            assertThat(store.find(mine.id())).contains(mine);
        }
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM mj4j_task WHERE id = '" + shared.id() + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).as("version counts every write").isEqualTo(1 + threads * updates);
        }
    }

    @Test
    @DisplayName("a closed store refuses work with a store exception, and a new one sees what it wrote")
    void closedStoreRefuses() {
        JdbcTaskStore store = openStore();
        TaskRecord r = Records.submitting("gptunnel");
        store.insert(r);
        store.close();

        assertThatThrownBy(() -> store.find(r.id())).isInstanceOf(JdbcStoreException.class).hasMessageContaining("closed");
        assertThat(openStore().find(r.id())).contains(r);
    }

    @Test
    @DisplayName("a migration changed after it was applied stops the open with a message")
    void changedMigrationRefused() throws Exception {
        openStore().close();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE mj4j_schema_history SET checksum = 'tampered' WHERE version = 1");
        }

        assertThatThrownBy(this::openStore).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("V1__tasks.sql").hasMessageContaining("changed after it was applied");
    }

    @Test
    @DisplayName("a schema newer than this jar knows stops the open with a message")
    void newerSchemaRefused() throws Exception {
        openStore().close();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO mj4j_schema_history (version, description, script, checksum, installed_at)"
                    + " VALUES (99, 'future', 'V99__future.sql', 'x', CURRENT_TIMESTAMP)");
        }

        assertThatThrownBy(this::openStore).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 99").hasMessageContaining("newer than this mj4j knows");
    }

    private List<String> history() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, script, checksum, installed_at FROM mj4j_schema_history ORDER BY version")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getObject(4));
            }
        }
        return rows;
    }
}
