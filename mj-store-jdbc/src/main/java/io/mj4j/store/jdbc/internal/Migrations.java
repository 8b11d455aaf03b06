package io.mj4j.store.jdbc.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's versioned schema: the scripts {@code io/mj4j/store/jdbc/migration/V<n>__<what>.sql}, applied in order
 * on open and recorded in {@value #HISTORY}, each exactly once.
 *
 * <p>Two openers never migrate at once. On PostgreSQL the whole run is one transaction that first takes a
 * transaction-level advisory lock ({@code pg_advisory_xact_lock}), so a second process waits, then finds the
 * history up to date; PostgreSQL's DDL is transactional, so a failed run leaves nothing behind. On H2 a file
 * database belongs to one process (H2 locks the file), so a lock per database inside this JVM is enough; H2 commits
 * each DDL statement by itself, which is why every script is written to be re-runnable (IF NOT EXISTS).
 *
 * <p>A recorded script whose text changed since (checksum), or a history newer than the scripts this jar knows, stops
 * the open with a message: the store never guesses at a schema it does not know.
 */
public final class Migrations {
    /** The history table; its own name so that it never collides with an application's. */
    public static final String HISTORY = "mj4j_schema_history";
    /** Every script, in order. A test checks that this list and the folder agree. */
    public static final List<String> SCRIPTS = List.of("V1__tasks.sql", "V2__leases.sql");

    static final String FOLDER = "/io/mj4j/store/jdbc/migration/";
    /** "mj4jstor" as a number: the advisory lock key of the migrations on PostgreSQL. */
    static final long ADVISORY_LOCK_KEY = 0x6d6a346a73746f72L;

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    private static final Map<String, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    /** One script. */
    public record Script(int version, String description, String name, String sql, String checksum) {
    }

    private Migrations() {
    }

    /** The scripts of this jar, in version order. */
    public static List<Script> scripts() {
        List<Script> out = new ArrayList<>();
        int last = 0;
        for (String name : SCRIPTS) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("migration script name '" + name + "' is not V<n>__<what>.sql");
            }
            int version = Integer.parseInt(m.group(1));
            if (version != last + 1) {
                throw new IllegalStateException("migration " + name + " breaks the sequence after V" + last);
            }
            last = version;
            String sql = read(name);
            out.add(new Script(version, m.group(2).replace('_', ' '), name, sql, checksum(sql)));
        }
        return out;
    }

    /**
     * Brings the schema up to the newest script, as one migration run at a time per database.
     *
     * @param lockKey what identifies the database inside this JVM (its URL), for dialects without a database lock
     * @return the schema version after the run
     */
    public static int migrate(Transactions connections, Dialect dialect, String lockKey) throws SQLException {
        List<Script> scripts = scripts();
        ReentrantLock jvmLock = dialect == Dialect.POSTGRESQL ? null : JVM_LOCKS.computeIfAbsent(lockKey, k -> new ReentrantLock());
        if (jvmLock != null) {
            jvmLock.lock();
        }
        try {
            return connections.transaction(c -> run(c, dialect, scripts));
        } finally {
            if (jvmLock != null) {
                jvmLock.unlock();
            }
        }
    }

    private static int run(Connection c, Dialect dialect, List<Script> scripts) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, ADVISORY_LOCK_KEY);
                lock.executeQuery().close();
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + HISTORY + " ("
                    + "version INTEGER NOT NULL, "
                    + "description VARCHAR(200) NOT NULL, "
                    + "script VARCHAR(200) NOT NULL, "
                    + "checksum VARCHAR(64) NOT NULL, "
                    + "installed_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "CONSTRAINT " + HISTORY + "_pk PRIMARY KEY (version))");
        }
        TreeMap<Integer, String> applied = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, checksum FROM " + HISTORY + " ORDER BY version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        int known = scripts.isEmpty() ? 0 : scripts.get(scripts.size() - 1).version();
        for (Map.Entry<Integer, String> e : applied.entrySet()) {
            if (e.getKey() > known) {
                throw new IllegalStateException("The task store's schema is at version " + e.getKey()
                        + ", newer than this mj4j knows (" + known + "); use a newer mj-store-jdbc with this database");
            }
            Script s = scripts.get(e.getKey() - 1);
            if (!s.checksum().equals(e.getValue())) {
                throw new IllegalStateException("Migration " + s.name() + " was changed after it was applied to this database"
                        + " (checksum " + e.getValue() + ", now " + s.checksum() + "); restore the original script");
            }
        }
        int version = applied.isEmpty() ? 0 : applied.lastKey();
        for (Script script : scripts) {
            if (applied.containsKey(script.version())) {
                continue;
            }
            try (Statement s = c.createStatement()) {
                for (String statement : statements(script.sql())) {
                    s.execute(statement);
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + HISTORY
                    + " (version, description, script, checksum, installed_at) VALUES (?, ?, ?, ?, ?)")) {
                p.setInt(1, script.version());
                p.setString(2, script.description());
                p.setString(3, script.name());
                p.setString(4, script.checksum());
                p.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
                p.executeUpdate();
            }
            LOG.info("mj4j task store: applied migration {} ({})", script.name(), dialect);
            version = script.version();
        }
        return version;
    }

    /** The statements of a script: split at semicolons that end a line; "--" comment lines dropped. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String read(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + FOLDER + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration script " + name, e);
        }
    }

    static String checksum(String sql) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
