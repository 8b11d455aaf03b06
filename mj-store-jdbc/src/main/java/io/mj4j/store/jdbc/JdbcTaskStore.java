package io.mj4j.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.core.store.TaskLeases;
import io.mj4j.core.store.TaskStore;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.store.jdbc.internal.Dialect;
import io.mj4j.store.jdbc.internal.GroupCommit;
import io.mj4j.store.jdbc.internal.H2Housekeeping;
import io.mj4j.store.jdbc.internal.Migrations;
import io.mj4j.store.jdbc.internal.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A durable {@link TaskStore} on JDBC: H2 in file mode (the embedded default, {@link #h2File(Path)}) or PostgreSQL
 * ({@link #postgres(String, String, String)}) when several processes share the tasks.
 *
 * <pre>{@code
 * try (JdbcTaskStore store = JdbcTaskStore.h2File(Path.of("data/mj4j-tasks"));
 *      Mj mj = Mj.builder().provider("acedata").store(store).build()) {
 *     mj.resumeActive();                       // tasks an earlier run left unfinished are tracked again
 *     Task t = mj.imagine("a lighthouse at dawn --ar 16:9");
 * }
 * }</pre>
 *
 * <p>Opening a store applies the schema migrations it lacks ({@code mj4j_schema_history} records them; two
 * processes opening one PostgreSQL database at once migrate it once). Tables: {@code mj4j_task}, one row per task
 * with its latest snapshot, and {@code mj4j_task_transition}, every snapshot the task ever had: each
 * {@link #insert} and {@link #update} writes the task row and appends its transition in one transaction, so the
 * history is complete even when several threads or processes write at once. Times are kept to the microsecond (the
 * returned record's instants are truncated so); the action and the snapshots are kept as {@link TaskJson}. The
 * records hold no API keys, so neither does the database.
 *
 * <p>Commits: the single-task writes ({@link #insert}, {@link #insertLeased}, {@link #update}) of threads writing at the
 * same moment share one transaction (group commit: a caller returns once the transaction holding its write has
 * committed; a write that fails alone fails alone), and {@link #updateAll} writes a batch poll's snapshots in one.
 *
 * <p>Durability: PostgreSQL commits are durable as the server is configured. H2 is opened with
 * {@code WRITE_DELAY=0}, so a committed write survives the process being killed (H2 would otherwise keep the last
 * half second of commits in memory); it is not flushed to the disk on each commit, so an operating-system crash
 * can still lose the last writes.
 *
 * <p>File size: with {@code WRITE_DELAY=0} H2 writes each commit as a new chunk and never compacts the file itself
 * (its background writer, which would, runs only with a write delay), so an H2 file embedded in this process gets
 * housekeeping: every 5 s, on one daemon thread named {@code mj4j-store-housekeeping}, the compaction steps of H2's
 * background writer, which keep the file near its live data (10,000 tasks: about 630 MB after the burst, about
 * 20 MB two minutes later, once H2's 45 s retention time has passed; see the module's README). It stops with
 * {@link #close()}.
 *
 * <p>Connections: a store opened from a path or URL pools its connections with HikariCP (at most
 * {@link #DEFAULT_MAX_CONNECTIONS}, pool name {@code mj4j-store}) and closes the pool on {@link #close()}; a store on
 * the application's {@link DataSource} borrows a connection per transaction and returns it at once, never pooling
 * on top of the application's pool. {@link #close()} waits for writes in flight to end before it closes anything.
 *
 * <p>Thread-safe. A database failure surfaces as {@link JdbcStoreException}.
 */
public final class JdbcTaskStore implements TaskStore, TaskLeases, AutoCloseable {
    /** Connections a store opens at most, unless told otherwise. */
    public static final int DEFAULT_MAX_CONNECTIONS = 8;
    /** How long an operation waits for a free connection. */
    static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTaskStore.class);
    private static final String TERMINAL = Arrays.stream(TaskStatus.values()).filter(TaskStatus::isTerminal)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    private static final String COLUMNS = "id, provider_id, action, parent_id, snapshot, created_at, updated_at, deadline";

    private final Transactions connections;
    /** Single-task writes (insert, update) of concurrent threads share commits. */
    private final GroupCommit writes;
    private final Dialect dialect;
    private final String description;
    private final int schemaVersion;
    /** Compacts an embedded H2 file as H2's background writer would; null for PostgreSQL and H2 not in this process. */
    private final H2Housekeeping housekeeping;

    private JdbcTaskStore(Transactions connections, Dialect dialect, String description, int schemaVersion, H2Housekeeping housekeeping) {
        this.connections = connections;
        this.writes = new GroupCommit(connections);
        this.dialect = dialect;
        this.description = description;
        this.schemaVersion = schemaVersion;
        this.housekeeping = housekeeping;
    }

    /**
     * The embedded default: an H2 database in {@code file} (H2 adds {@code .mv.db}; a name given with that ending is
     * accepted too), created with its folder when missing. One process at a time may open it (H2 locks the file).
     *
     * @throws JdbcStoreException when the database cannot be opened or migrated (for example: another process has it)
     */
    public static JdbcTaskStore h2File(Path file) {
        Objects.requireNonNull(file, "file");
        return open(pool(h2Url(file), "sa", ""), "H2 " + h2Path(file));
    }

    /**
     * Like {@link #h2File}, but several processes on this machine may open the file at once (the {@code mj} command
     * line: one command waits for a task while others start or list tasks). H2's automatic mixed mode
     * ({@code AUTO_SERVER=TRUE}): the first process opens the file and serves it to the others over loopback TCP
     * (with a random key kept next to the database), and when it closes, one of the others takes over and the rest
     * reconnect; work cut off by the handover is run again on a new connection. Slower than {@link #h2File} for the
     * processes that connect remotely; for several machines use
     * {@link #postgres}.
     *
     * @throws JdbcStoreException when the database cannot be opened or migrated
     */
    public static JdbcTaskStore h2Shared(Path file) {
        Objects.requireNonNull(file, "file");
        // Processes opening the file at the same moment race for H2's lock file ("Lock file recently modified",
        // "Database may be already in use"); the loser succeeds a moment later as a client of the winner.
        // Opening (and migrating) is also done one process at a time, under an OS file lock next to the database:
        // two processes migrating one fresh database at once corrupt its schema (H2 has no advisory locks).
        long deadline = System.nanoTime() + SHARED_OPEN_PATIENCE.toNanos();
        Path guard = Path.of(h2Path(file) + ".mj4j-open.lock");
        for (int attempt = 1; ; attempt++) {
            try {
                synchronized (SHARED_OPEN_GUARDS.computeIfAbsent(guard.toString(), k -> new Object())) {
                    Files.createDirectories(guard.getParent());
                    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(guard,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                         java.nio.channels.FileLock ignored = ch.lock()) {
                        return open(Transactions.pooled(h2SharedUrl(file), "sa", "", DEFAULT_MAX_CONNECTIONS, SHARED_ACQUIRE_TIMEOUT,
                                        "mj4j-store").reconnecting(SHARED_WRITE_PATIENCE),
                                "H2 shared " + h2Path(file));
                    }
                }
            } catch (java.io.IOException e) {
                throw new JdbcStoreException("Cannot open the mj4j task store (H2 shared " + h2Path(file) + "): cannot lock "
                        + guard + ": " + e.getMessage(), e);
            } catch (JdbcStoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.debug("H2 shared open attempt {} failed ({}); trying again", attempt, e.getMessage());
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(50, 50 + 50L * Math.min(attempt, 6)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** One monitor per guard file in this JVM (a second OS lock on one file from one JVM would overlap). */
    private static final java.util.Map<String, Object> SHARED_OPEN_GUARDS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * How long {@link #h2Shared} keeps trying to open the file while other processes hold or are taking its lock file.
     */
    static final Duration SHARED_OPEN_PATIENCE = Duration.ofSeconds(20);

    /**
     * How long a write of {@link #h2Shared} is tried again while the file changes hands (the serving process exited,
     * another takes over; on a loaded machine with many processes that takes several seconds), in steps of at most
     * {@link #SHARED_ACQUIRE_TIMEOUT} each.
     */
    static final Duration SHARED_WRITE_PATIENCE = Duration.ofSeconds(60);

    /** How long one attempt of {@link #h2Shared} waits for a connection before the attempt counts as broken. */
    static final Duration SHARED_ACQUIRE_TIMEOUT = Duration.ofSeconds(8);

    /** The URL {@link #h2Shared} opens: {@link #h2Url}'s options with the automatic server on. */
    static String h2SharedUrl(Path file) {
        return "jdbc:h2:file:" + h2Path(file) + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
    }

    /**
     * The URL {@link #h2File} opens: file mode, no automatic server (one process owns the file), every commit written
     * at once ({@code WRITE_DELAY=0}), and 10 s to wait for a row lock.
     */
    static String h2Url(Path file) {
        return "jdbc:h2:file:" + h2Path(file) + ";AUTO_SERVER=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
    }

    private static String h2Path(Path file) {
        String path = file.toAbsolutePath().normalize().toString();
        if (path.endsWith(".mv.db")) {
            path = path.substring(0, path.length() - ".mv.db".length());
        }
        if (path.contains(";")) {
            throw new IllegalArgumentException("an H2 database path may not contain ';': " + path);
        }
        return path;
    }

    /**
     * A PostgreSQL database, e.g. {@code jdbc:postgresql://db:5432/app}; the PostgreSQL driver
     * ({@code org.postgresql:postgresql}) must be on the classpath. Several processes may share it.
     *
     * @throws IllegalStateException when the driver is missing
     * @throws JdbcStoreException    when the database cannot be reached or migrated
     */
    public static JdbcTaskStore postgres(String url, String user, String password) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): "
                    + redact(url));
        }
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("The PostgreSQL driver is not on the classpath: add the dependency "
                    + "org.postgresql:postgresql (42.7 or later) to keep mj4j tasks in PostgreSQL", e);
        }
        return open(url, user, password);
    }

    /**
     * A store on any H2 or PostgreSQL JDBC URL, its connections pooled by HikariCP. For an H2 file database prefer
     * {@link #h2File(Path)}, which sets the options durability needs.
     */
    public static JdbcTaskStore open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        return open(pool(jdbcUrl, user, password), redact(jdbcUrl));
    }

    private static Transactions pool(String url, String user, String password) {
        return Transactions.pooled(url, user, password, DEFAULT_MAX_CONNECTIONS, ACQUIRE_TIMEOUT, "mj4j-store");
    }

    /**
     * A store on the application's {@link DataSource} (H2 or PostgreSQL), used as given: a connection is borrowed
     * for each transaction and returned at once, at most {@link #DEFAULT_MAX_CONNECTIONS} at a time. Closing the
     * store leaves the {@code DataSource} open.
     */
    public static JdbcTaskStore open(DataSource dataSource) {
        return open(dataSource, DEFAULT_MAX_CONNECTIONS);
    }

    /** A store on the application's {@link DataSource}, with at most {@code maxConnections} of its connections in use at once. */
    public static JdbcTaskStore open(DataSource dataSource, int maxConnections) {
        Objects.requireNonNull(dataSource, "dataSource");
        return open(Transactions.borrowed(dataSource, maxConnections, ACQUIRE_TIMEOUT), dataSource.getClass().getSimpleName());
    }

    /** The URL with any user information and password parameter masked, for messages. */
    static String redact(String url) {
        if (url == null) {
            return "null";
        }
        return url.replaceAll("(?i)(password|passwd|pwd)=[^&;]*", "$1=***").replaceAll("//[^/@]*@", "//***@");
    }

    private static JdbcTaskStore open(Transactions connections, String description) {
        try {
            String[] url = new String[1];
            Dialect dialect = connections.transaction(c -> {
                url[0] = c.getMetaData().getURL();
                return Dialect.of(c);
            });
            if (dialect == Dialect.H2) {
                connections.transaction(JdbcTaskStore::h2Durability);
            }
            int version = Migrations.migrate(connections, dialect, dialect + " " + url[0]);
            H2Housekeeping housekeeping = dialect == Dialect.H2 ? housekeeping(connections, description) : null;
            return new JdbcTaskStore(connections, dialect, description, version, housekeeping == null ? null : housekeeping.start());
        } catch (SQLException e) {
            connections.close();
            throw new JdbcStoreException("Cannot open the mj4j task store (" + description + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
    }

    /**
     * Housekeeping for an embedded H2 file (see {@link H2Housekeeping}: with WRITE_DELAY 0, H2 itself never compacts
     * the file); null for H2 in memory or in another process, or when this H2's engine classes are not the ones
     * housekeeping was written for (logged: the store works, its file only grows).
     */
    private static H2Housekeeping housekeeping(Transactions connections, String description) throws SQLException {
        try {
            return connections.transaction(c -> H2Housekeeping.of(c, description)).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("mj4j task store ({}): H2 file housekeeping unavailable, the file will not shrink: {}", description, e.toString());
            return null;
        }
    }

    /**
     * H2 keeps commits in memory for WRITE_DELAY ms (default 500) before writing them: a killed process would lose
     * them, which breaks write-ahead. A file database gets 0 (a persistent setting of that database).
     */
    private static Void h2Durability(Connection c) throws SQLException {
        String url = c.getMetaData().getURL();
        if (url != null && url.startsWith("jdbc:h2:mem:")) {
            return null;
        }
        String delay = null;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            if (rs.next()) {
                delay = rs.getString(1);
            }
        }
        if (!"0".equals(delay)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET WRITE_DELAY 0");
            } catch (SQLException e) {
                LOG.warn("mj4j task store: H2 WRITE_DELAY is {} ms and cannot be set to 0 ({}); commits of the last {} ms"
                        + " are lost if the process is killed", delay, e.getMessage(), delay);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ TaskStore

    /**
     * Inserts the task and its first transition in one transaction.
     *
     * @throws IllegalStateException if a task with this id exists
     * @throws JdbcStoreException    on a database failure
     */
    @Override
    public void insert(TaskRecord record) {
        insert(record, null, null);
    }

    /**
     * Inserts the task, its first transition and its lease in one transaction: another node's
     * {@link #claimOrphans} never sees the task unleased.
     *
     * @throws IllegalStateException if a task with this id exists
     * @throws JdbcStoreException    on a database failure
     */
    @Override
    public void insertLeased(TaskRecord record, String owner, Instant until) {
        insert(record, Objects.requireNonNull(owner, "owner"), Objects.requireNonNull(until, "until"));
    }

    private void insert(TaskRecord record, String owner, Instant until) {
        Objects.requireNonNull(record, "record");
        String action = json(TaskJson.action(record.action()));
        String snapshot = json(TaskJson.snapshot(record.snapshot()));
        try {
            writes.write(c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO mj4j_task (id, provider_id, vendor_task_id, action,"
                        + " parent_id, status, snapshot, created_at, updated_at, deadline, next_poll_at, version, lease_owner, lease_until)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1, ?, ?)")) {
                    p.setString(1, record.id());
                    p.setString(2, record.providerId());
                    p.setString(3, record.snapshot().vendorTaskId().orElse(null));
                    p.setString(4, action);
                    p.setString(5, record.parentId().orElse(null));
                    p.setString(6, record.snapshot().status().name());
                    p.setString(7, snapshot);
                    p.setObject(8, time(record.createdAt()));
                    p.setObject(9, time(record.updatedAt()));
                    p.setObject(10, time(record.deadline()));
                    p.setString(11, owner);
                    p.setObject(12, until == null ? null : time(until), Types.TIMESTAMP_WITH_TIMEZONE);
                    p.executeUpdate();
                }
                appendTransition(c, record.id(), 1, record.snapshot(), snapshot, record.createdAt());
                return null;
            });
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                if (landedBefore(record, owner)) {
                    // the shared H2 file changed hands after this insert committed but before the commit was answered:
                    // the retry on a new connection finds the row it wrote itself (ids are random UUIDs)
                    return;
                }
                throw new IllegalStateException("task " + record.id() + " already exists", e);
            }
            throw failure("insert task " + record.id(), e);
        }
    }

    /**
     * True when the stored task {@code record.id()} is this very insert: same provider, action, parent, snapshot and
     * times, and leased to the same {@code owner} (none for a plain insert) — not another node's claim since.
     */
    private boolean landedBefore(TaskRecord record, String owner) {
        Optional<TaskRecord> stored = find(record.id());
        if (stored.isEmpty() || !stored.get().providerId().equals(record.providerId())
                || !stored.get().action().equals(record.action()) || !stored.get().parentId().equals(record.parentId())
                || !stored.get().snapshot().equals(record.snapshot())
                || Duration.between(stored.get().createdAt(), record.createdAt()).abs().toNanos() >= 1_000
                || Duration.between(stored.get().updatedAt(), record.updatedAt()).abs().toNanos() >= 1_000) {
            return false;
        }
        try {
            return connections.transaction(c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT lease_owner FROM mj4j_task WHERE id = ?")) {
                    p.setString(1, record.id());
                    try (ResultSet rs = p.executeQuery()) {
                        return rs.next() && Objects.equals(rs.getString(1), owner);
                    }
                }
            });
        } catch (SQLException e) {
            throw failure("read the lease of task " + record.id(), e);
        }
    }

    /**
     * Replaces the stored task and appends the new snapshot to its transitions, in one transaction; concurrent
     * updates of one task are serialised by a row lock and each keeps its transition.
     *
     * @throws IllegalStateException if no task has this id
     * @throws JdbcStoreException    on a database failure
     */
    @Override
    public void update(TaskRecord record) {
        Objects.requireNonNull(record, "record");
        String action = json(TaskJson.action(record.action()));
        String snapshot = json(TaskJson.snapshot(record.snapshot()));
        boolean found;
        try {
            found = writes.write(c -> {
                long version;
                try (PreparedStatement p = c.prepareStatement("SELECT version FROM mj4j_task WHERE id = ? FOR UPDATE")) {
                    p.setString(1, record.id());
                    try (ResultSet rs = p.executeQuery()) {
                        if (!rs.next()) {
                            return false;
                        }
                        version = rs.getLong(1);
                    }
                }
                try (PreparedStatement p = c.prepareStatement("UPDATE mj4j_task SET provider_id = ?,"
                        + " vendor_task_id = COALESCE(?, vendor_task_id), action = ?, parent_id = ?, status = ?, snapshot = ?,"
                        + " created_at = ?, updated_at = ?, deadline = ?, version = ? WHERE id = ? AND version = ?")) {
                    p.setString(1, record.providerId());
                    p.setString(2, record.snapshot().vendorTaskId().orElse(null));
                    p.setString(3, action);
                    p.setString(4, record.parentId().orElse(null));
                    p.setString(5, record.snapshot().status().name());
                    p.setString(6, snapshot);
                    p.setObject(7, time(record.createdAt()));
                    p.setObject(8, time(record.updatedAt()));
                    p.setObject(9, time(record.deadline()));
                    p.setLong(10, version + 1);
                    p.setString(11, record.id());
                    p.setLong(12, version);
                    if (p.executeUpdate() != 1) {
                        // the row is locked above, so only a database that ignores FOR UPDATE gets here
                        throw new SQLException("task " + record.id() + " changed underneath (version " + version + ")", "40001");
                    }
                }
                appendTransition(c, record.id(), version + 1, record.snapshot(), snapshot, record.updatedAt());
                return true;
            });
        } catch (SQLException e) {
            throw failure("update task " + record.id(), e);
        }
        if (!found) {
            throw new IllegalStateException("task " + record.id() + " does not exist");
        }
    }

    /**
     * Replaces several tasks and appends their transitions in ONE transaction (the snapshots of one batch poll):
     * one commit for the batch, all written or none. Rows are locked in id order, so two batches that share tasks
     * cannot deadlock; the statements go to the database as JDBC batches.
     *
     * @throws IllegalStateException if one of the tasks does not exist (then none is written)
     * @throws JdbcStoreException    on a database failure (then none is written)
     */
    @Override
    public void updateAll(List<TaskRecord> records) {
        Objects.requireNonNull(records, "records");
        if (records.isEmpty()) {
            return;
        }
        if (records.size() == 1) {
            update(records.get(0));
            return;
        }
        List<TaskRecord> sorted = records.stream().sorted(java.util.Comparator.comparing(TaskRecord::id)).toList();
        Set<String> ids = new LinkedHashSet<>();
        for (TaskRecord r : sorted) {
            if (!ids.add(r.id())) {
                throw new IllegalArgumentException("task " + r.id() + " appears twice in one updateAll");
            }
        }
        List<String> actions = new ArrayList<>(sorted.size());
        List<String> snapshots = new ArrayList<>(sorted.size());
        for (TaskRecord r : sorted) {
            actions.add(json(TaskJson.action(r.action())));
            snapshots.add(json(TaskJson.snapshot(r.snapshot())));
        }
        String[] missing = new String[1];
        try {
            connections.transaction(c -> {
                java.util.Map<String, Long> versions = new java.util.HashMap<>();
                String marks = String.join(", ", java.util.Collections.nCopies(sorted.size(), "?"));
                try (PreparedStatement p = c.prepareStatement("SELECT id, version FROM mj4j_task WHERE id IN (" + marks
                        + ") ORDER BY id FOR UPDATE")) {
                    for (int i = 0; i < sorted.size(); i++) {
                        p.setString(i + 1, sorted.get(i).id());
                    }
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            versions.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
                for (TaskRecord r : sorted) {
                    if (!versions.containsKey(r.id())) {
                        missing[0] = r.id();
                        throw new SQLException("task " + r.id() + " does not exist", "02000");
                    }
                }
                try (PreparedStatement p = c.prepareStatement("UPDATE mj4j_task SET provider_id = ?,"
                        + " vendor_task_id = COALESCE(?, vendor_task_id), action = ?, parent_id = ?, status = ?, snapshot = ?,"
                        + " created_at = ?, updated_at = ?, deadline = ?, version = ? WHERE id = ? AND version = ?")) {
                    for (int i = 0; i < sorted.size(); i++) {
                        TaskRecord r = sorted.get(i);
                        long version = versions.get(r.id());
                        p.setString(1, r.providerId());
                        p.setString(2, r.snapshot().vendorTaskId().orElse(null));
                        p.setString(3, actions.get(i));
                        p.setString(4, r.parentId().orElse(null));
                        p.setString(5, r.snapshot().status().name());
                        p.setString(6, snapshots.get(i));
                        p.setObject(7, time(r.createdAt()));
                        p.setObject(8, time(r.updatedAt()));
                        p.setObject(9, time(r.deadline()));
                        p.setLong(10, version + 1);
                        p.setString(11, r.id());
                        p.setLong(12, version);
                        p.addBatch();
                    }
                    int[] counts = p.executeBatch();
                    for (int i = 0; i < counts.length; i++) {
                        // the rows are locked above, so only a database that ignores FOR UPDATE gets here
                        if (counts[i] != 1 && counts[i] != Statement.SUCCESS_NO_INFO) {
                            throw new SQLException("task " + sorted.get(i).id() + " changed underneath", "40001");
                        }
                    }
                }
                try (PreparedStatement p = c.prepareStatement(TRANSITION_INSERT)) {
                    for (int i = 0; i < sorted.size(); i++) {
                        TaskRecord r = sorted.get(i);
                        bindTransition(p, r.id(), versions.get(r.id()) + 1, r.snapshot(), snapshots.get(i), r.updatedAt());
                        p.addBatch();
                    }
                    p.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            if (missing[0] != null) {
                throw new IllegalStateException("task " + missing[0] + " does not exist", e);
            }
            throw failure("update " + sorted.size() + " tasks", e);
        }
    }

    private static final String TRANSITION_INSERT = "INSERT INTO mj4j_task_transition"
            + " (task_id, seq, status, progress, snapshot, recorded_at) VALUES (?, ?, ?, ?, ?, ?)";

    private static void bindTransition(PreparedStatement p, String id, long seq, TaskSnapshot s, String json, Instant at)
            throws SQLException {
        p.setString(1, id);
        p.setLong(2, seq);
        p.setString(3, s.status().name());
        if (s.progress().isPresent()) {
            p.setInt(4, s.progress().getAsInt());
        } else {
            p.setNull(4, Types.INTEGER);
        }
        p.setString(5, json);
        p.setObject(6, time(at));
    }

    private static void appendTransition(Connection c, String id, long seq, TaskSnapshot s, String json, Instant at)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(TRANSITION_INSERT)) {
            bindTransition(p, id, seq, s, json, at);
            p.executeUpdate();
        }
    }

    @Override
    public Optional<TaskRecord> find(String id) {
        Objects.requireNonNull(id, "id");
        List<TaskRecord> found = query("find task " + id, "SELECT " + COLUMNS + " FROM mj4j_task WHERE id = ?", id);
        return found.stream().findFirst();
    }

    /** The newest task of {@code providerId} whose snapshot carries {@code vendorTaskId}. */
    @Override
    public Optional<TaskRecord> findByVendorId(String providerId, String vendorTaskId) {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(vendorTaskId, "vendorTaskId");
        List<TaskRecord> found = query("find the task " + providerId + " knows as " + vendorTaskId, "SELECT " + COLUMNS
                + " FROM mj4j_task WHERE provider_id = ? AND vendor_task_id = ? ORDER BY created_at DESC, id"
                + " FETCH FIRST 1 ROWS ONLY", providerId, vendorTaskId);
        return found.stream().findFirst();
    }

    /** Every task whose status is not terminal (UNKNOWN included), oldest first. */
    @Override
    public List<TaskRecord> findActive() {
        return query("find the active tasks", "SELECT " + COLUMNS + " FROM mj4j_task WHERE status NOT IN (" + TERMINAL + ")"
                + " ORDER BY created_at, id");
    }

    // ------------------------------------------------------------------ leases (several engine processes)

    @Override
    public Set<String> acquire(Collection<String> taskIds, String owner, Instant now, Instant until) {
        Objects.requireNonNull(owner, "owner");
        if (taskIds.isEmpty()) {
            return Set.of();
        }
        try {
            return connections.transaction(c -> {
                Set<String> held = new LinkedHashSet<>();
                try (PreparedStatement p = c.prepareStatement("UPDATE mj4j_task SET lease_owner = ?, lease_until = ? WHERE id = ?"
                        + " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until IS NULL OR lease_until < ?)")) {
                    for (String id : taskIds) {
                        p.setString(1, owner);
                        p.setObject(2, time(until));
                        p.setString(3, id);
                        p.setString(4, owner);
                        p.setObject(5, time(now));
                        if (p.executeUpdate() == 1) {
                            held.add(id);
                        }
                    }
                }
                return held;
            });
        } catch (SQLException e) {
            throw failure("lease " + taskIds.size() + " tasks for " + owner, e);
        }
    }

    @Override
    public List<String> claimOrphans(String owner, Instant now, Instant until, int limit) {
        Objects.requireNonNull(owner, "owner");
        if (limit <= 0) {
            return List.of();
        }
        // PostgreSQL: rows another claimer has locked are skipped, so two nodes never claim the same task.
        // H2 in file mode has one process; FOR UPDATE is enough there.
        String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
        try {
            return connections.transaction(c -> {
                List<String> ids = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement("SELECT id FROM mj4j_task WHERE status NOT IN (" + TERMINAL + ")"
                        + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY created_at, id FETCH FIRST " + limit + " ROWS ONLY" + lock)) {
                    p.setObject(1, time(now));
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                        }
                    }
                }
                try (PreparedStatement p = c.prepareStatement("UPDATE mj4j_task SET lease_owner = ?, lease_until = ? WHERE id = ?")) {
                    for (String id : ids) {
                        p.setString(1, owner);
                        p.setObject(2, time(until));
                        p.setString(3, id);
                        p.executeUpdate();
                    }
                }
                return ids;
            });
        } catch (SQLException e) {
            throw failure("claim orphaned tasks for " + owner, e);
        }
    }

    @Override
    public void release(String taskId, String owner) {
        try {
            connections.transaction(c -> {
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE mj4j_task SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?")) {
                    p.setString(1, taskId);
                    p.setString(2, owner);
                    return p.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw failure("release the lease of task " + taskId, e);
        }
    }

    /** The newest {@code limit} tasks, newest first (a history listing). */
    public List<TaskRecord> recent(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        return query("list the newest tasks", "SELECT " + COLUMNS + " FROM mj4j_task ORDER BY created_at DESC, id"
                + " FETCH FIRST " + limit + " ROWS ONLY");
    }

    /** A full task id, or the one id starting with {@code prefix} (at least 4 characters); empty when none or several. */
    public Optional<String> resolveId(String idOrPrefix) {
        Objects.requireNonNull(idOrPrefix, "idOrPrefix");
        if (find(idOrPrefix).isPresent()) {
            return Optional.of(idOrPrefix);
        }
        if (idOrPrefix.length() < 4 || idOrPrefix.contains("%") || idOrPrefix.contains("_")) {
            return Optional.empty();
        }
        List<TaskRecord> found = query("resolve task prefix " + idOrPrefix, "SELECT " + COLUMNS
                + " FROM mj4j_task WHERE id LIKE ? ORDER BY id FETCH FIRST 2 ROWS ONLY", idOrPrefix + "%");
        return found.size() == 1 ? Optional.of(found.get(0).id()) : Optional.empty();
    }

    /**
     * Ids of the tasks whose id starts with {@code prefix}, in id order, at most {@code limit} (so a command line can
     * list the candidates of an ambiguous prefix). Empty for a prefix holding the LIKE wildcards {@code %} or {@code _}.
     */
    public List<String> idsStartingWith(String prefix, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty() || prefix.contains("%") || prefix.contains("_") || limit < 1) {
            return List.of();
        }
        return query("find task ids starting with " + prefix, "SELECT " + COLUMNS
                + " FROM mj4j_task WHERE id LIKE ? ORDER BY id FETCH FIRST " + limit + " ROWS ONLY", prefix + "%")
                .stream().map(TaskRecord::id).toList();
    }

    /**
     * Every snapshot task {@code taskId} had, oldest first: the one it was inserted with, then one per update.
     * Empty for an unknown task.
     */
    public List<TaskSnapshot> transitions(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        try {
            return connections.transaction(c -> {
                List<TaskSnapshot> out = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT seq, snapshot FROM mj4j_task_transition WHERE task_id = ? ORDER BY seq")) {
                    p.setString(1, taskId);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            out.add(TaskJson.snapshot(parse(rs.getString(2), "transition " + rs.getLong(1) + " of task " + taskId)));
                        }
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw failure("read the transitions of task " + taskId, e);
        }
    }

    /**
     * Transactions this store committed since it was opened (reads included; the migrations at open too): with group
     * commit and {@link #updateAll}, fewer than the writes. For measurements.
     */
    public long commits() {
        return connections.commits();
    }

    /** The schema version the database is at (the newest migration applied). */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** Closes the store's connections; with an embedded H2 database this closes the database file. */
    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.close();
        }
        connections.close();
    }

    /**
     * One step of the H2 file's housekeeping now (it also runs every few seconds on its own); false when there is
     * none (PostgreSQL) or it found nothing to do. For tests and measurements.
     */
    boolean compactNow() {
        return housekeeping != null && housekeeping.step();
    }

    @Override
    public String toString() {
        return "JdbcTaskStore[" + dialect + ", " + description + ", schema v" + schemaVersion + "]";
    }

    // ------------------------------------------------------------------ rows

    private List<TaskRecord> query(String what, String sql, String... params) {
        try {
            return connections.transaction(c -> {
                List<TaskRecord> out = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    for (int i = 0; i < params.length; i++) {
                        p.setString(i + 1, params[i]);
                    }
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            out.add(record(rs));
                        }
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static TaskRecord record(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        return new TaskRecord(id, rs.getString("provider_id"),
                TaskJson.action(parse(rs.getString("action"), "the action of task " + id)),
                Optional.ofNullable(rs.getString("parent_id")),
                TaskJson.snapshot(parse(rs.getString("snapshot"), "the snapshot of task " + id)),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "deadline"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime time(Instant i) {
        return i.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static JsonNode parse(String json, String what) {
        try {
            return TaskJson.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new JdbcStoreException("Cannot read " + what + " from the task store: " + e.getOriginalMessage(), e);
        }
    }

    private static String json(JsonNode node) {
        try {
            return TaskJson.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private JdbcStoreException failure(String what, SQLException e) {
        return new JdbcStoreException("The mj4j task store (" + description + ") could not " + what + ": " + e.getMessage(), e);
    }
}
