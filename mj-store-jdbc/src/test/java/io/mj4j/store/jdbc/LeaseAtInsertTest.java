package io.mj4j.store.jdbc;

import io.mj4j.core.Mj;
import io.mj4j.core.Task;
import io.mj4j.core.store.TaskLeases;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.core.store.TaskStore;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interleaving of issue 18: node A stores a new task; node B runs its periodic orphan claim right after the
 * task's row is committed, before A's submit is sent. Were the insert and the lease two transactions, B would take
 * the task (and could park it UNKNOWN); with one transaction B finds nothing to claim. B's claim runs inside the
 * store call that created the row, so the interleaving is forced, not left to timing.
 */
@DisplayName("A new task and its lease are written in one transaction: another node's orphan claim never takes it")
class LeaseAtInsertTest {
    @TempDir
    Path dir;
    private MjSandbox sandbox;
    private String pgUrl;

    @BeforeEach
    void start() {
        sandbox = MjSandbox.start("gptunnel", SandboxOptions.builder().timeScale(0.2).seed(5).build());
    }

    @AfterEach
    void stop() throws Exception {
        sandbox.close();
        if (pgUrl != null) {
            Postgres.dropSchemaOf(pgUrl);
        }
    }

    @Test
    @DisplayName("H2: node B's claim right after the insert finds nothing; node A keeps the lease and the task is sent")
    void h2() throws Exception {
        run(JdbcTaskStore.h2File(dir.resolve("tasks")));
    }

    @Test
    @DisplayName("PostgreSQL: node B's claim right after the insert finds nothing; node A keeps the lease and the task is sent")
    void postgres() throws Exception {
        Postgres.assumeConfigured();
        pgUrl = Postgres.freshSchemaUrl();
        run(JdbcTaskStore.postgres(pgUrl, Postgres.user(), Postgres.password()));
    }

    private void run(JdbcTaskStore store) throws Exception {
        ClaimAfterInsert watched = new ClaimAfterInsert(store);
        try (store; Mj a = Mj.builder().environment(sandbox.environment()).provider("gptunnel").store(watched)
                .leases("node-a", Duration.ofSeconds(30)).build()) {
            Task t = a.imagine("a lighthouse at dawn");

            assertThat(watched.created).containsExactly(t.id());
            assertThat(watched.claimedByB).as("node B's orphan claim just after the task row was committed").isEmpty();
            Instant now = Instant.now();
            assertThat(store.acquire(List.of(t.id()), "node-b", now, now.plusSeconds(30))).as("the lease is node A's").isEmpty();
            TaskSnapshot accepted = t.accepted().get(60, TimeUnit.SECONDS);
            assertThat(accepted.status()).isNotEqualTo(TaskStatus.UNKNOWN);
            assertThat(sandbox.counters().tasksCreated()).isEqualTo(1);
        }
    }

    /** Node A's store; right after any call that created a task row, node B claims orphans on the same database. */
    private static final class ClaimAfterInsert implements TaskStore, TaskLeases {
        final JdbcTaskStore inner;
        final List<String> created = new CopyOnWriteArrayList<>();
        final List<String> claimedByB = new CopyOnWriteArrayList<>();

        ClaimAfterInsert(JdbcTaskStore inner) {
            this.inner = inner;
        }

        private void nodeBClaims(TaskRecord r) {
            created.add(r.id());
            Instant now = Instant.now();
            claimedByB.addAll(inner.claimOrphans("node-b", now, now.plusSeconds(30), 100));
        }

        @Override public void insert(TaskRecord record) { inner.insert(record); nodeBClaims(record); }
        @Override public void insertLeased(TaskRecord record, String owner, Instant until) { inner.insertLeased(record, owner, until); nodeBClaims(record); }
        @Override public void update(TaskRecord record) { inner.update(record); }
        @Override public Optional<TaskRecord> find(String id) { return inner.find(id); }
        @Override public Optional<TaskRecord> findByVendorId(String providerId, String vendorTaskId) { return inner.findByVendorId(providerId, vendorTaskId); }
        @Override public List<TaskRecord> findActive() { return inner.findActive(); }
        @Override public Set<String> acquire(Collection<String> taskIds, String owner, Instant now, Instant until) { return inner.acquire(taskIds, owner, now, until); }
        @Override public List<String> claimOrphans(String owner, Instant now, Instant until, int limit) { return inner.claimOrphans(owner, now, until, limit); }
        @Override public void release(String taskId, String owner) { inner.release(taskId, owner); }
    }
}
