package io.mj4j.gateway.internal;

import io.mj4j.spi.ActionKind;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's own rows, next to the engine's task store in the same database: for each task the client that made
 * it (its key's name, never the secret), the client's {@code state} and {@code notifyHook}, the prompt and
 * description as the protocol shows them, the parent, the modal step it waits for, and the price charged to the
 * client's budget. A row is written before the engine hears of the task (the engine then uses the row's id), so a
 * crash leaves no task the gateway cannot account for. Also the stable callback secret and the images clients
 * upload as base64. Plain JDBC on the shared pool; SQL both H2 2.x and PostgreSQL accept. Thread-safe.
 */
public final class GatewayTasks {
    /** The row's phase: sent to the engine; waiting for /submit/modal; the modal was cancelled; refused before any vendor task. */
    public enum Phase { SUBMITTED, MODAL, CANCELLED, REFUSED }

    /** One task as the gateway knows it. */
    public record Row(String id, String owner, ActionKind kind, String actionWord, String prompt, String description,
                      String state, String notifyHook, String parentId, String modal, Phase phase, BigDecimal price,
                      long submitTime) {
        public Row withPhase(Phase p) {
            return new Row(id, owner, kind, actionWord, prompt, description, state, notifyHook, parentId, modal, p, price, submitTime);
        }
    }

    private static final String COLUMNS = "id, owner, kind, action_word, prompt, description, state, notify_hook, parent_id, modal, phase, price, submit_time";
    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS mj4j_gateway_task (id VARCHAR(128) NOT NULL, owner VARCHAR(128) NOT NULL, "
                    + "kind VARCHAR(32) NOT NULL, action_word VARCHAR(32) NOT NULL, prompt TEXT, description TEXT, state TEXT, "
                    + "notify_hook TEXT, parent_id VARCHAR(128), modal VARCHAR(64), phase VARCHAR(16) NOT NULL, "
                    + "price DECIMAL(18,6) NOT NULL, submit_time BIGINT NOT NULL, CONSTRAINT mj4j_gateway_task_pk PRIMARY KEY (id))",
            "CREATE INDEX IF NOT EXISTS mj4j_gateway_task_owner_idx ON mj4j_gateway_task (owner, submit_time)",
            "CREATE TABLE IF NOT EXISTS mj4j_gateway_setting (name VARCHAR(64) NOT NULL, setting_value TEXT NOT NULL, "
                    + "CONSTRAINT mj4j_gateway_setting_pk PRIMARY KEY (name))",
            "CREATE TABLE IF NOT EXISTS mj4j_gateway_image (id VARCHAR(64) NOT NULL, content_type VARCHAR(64) NOT NULL, "
                    + "data TEXT NOT NULL, CONSTRAINT mj4j_gateway_image_pk PRIMARY KEY (id))");

    private final DataSource ds;

    public GatewayTasks(DataSource ds) {
        this.ds = ds;
        migrate();
    }

    private void migrate() {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (String sql : SCHEMA) {
                    s.execute(sql);
                }
                return;
            } catch (SQLException e) {
                // two instances creating the tables at once on PostgreSQL: one loses a catalog race; the next try sees them
                if (attempt >= 3) {
                    throw new IllegalStateException("cannot create the gateway's tables: " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Inserts {@code row}, then checks the owner's spend including it against {@code budget}, in one transaction: two
     * instances racing for the last of a budget may both refuse, never both pass.
     *
     * @return false when the budget would be passed (nothing stored)
     * @throws IllegalStateException when the id exists (the caller draws another)
     */
    public boolean insert(Row row, Optional<BigDecimal> budget) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO mj4j_gateway_task (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    bind(p, row);
                    p.executeUpdate();
                } catch (SQLException e) {
                    c.rollback();
                    if (find(row.id()).isPresent()) {
                        throw new IllegalStateException("task id " + row.id() + " exists");
                    }
                    throw e;
                }
                if (budget.isPresent()) {
                    BigDecimal spent;
                    try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(SUM(price), 0) FROM mj4j_gateway_task "
                            + "WHERE owner = ? AND phase IN ('SUBMITTED', 'MODAL')")) {
                        p.setString(1, row.owner());
                        try (ResultSet rs = p.executeQuery()) {
                            rs.next();
                            spent = rs.getBigDecimal(1);
                        }
                    }
                    if (spent.compareTo(budget.get()) > 0) {
                        c.rollback();
                        return false;
                    }
                }
                c.commit();
                return true;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store gateway task " + row.id() + ": " + e.getMessage(), e);
        }
    }

    /** The owner's spend on tasks not refused. */
    public BigDecimal spent(String owner) {
        return query("SELECT COALESCE(SUM(price), 0) FROM mj4j_gateway_task WHERE owner = ? AND phase IN ('SUBMITTED', 'MODAL')",
                p -> p.setString(1, owner), rs -> rs.getBigDecimal(1)).get(0);
    }

    public void setPhase(String id, Phase phase) {
        update("UPDATE mj4j_gateway_task SET phase = ? WHERE id = ?", p -> {
            p.setString(1, phase.name());
            p.setString(2, id);
        });
    }

    /** Moves a MODAL row to SUBMITTED once, returning false when another request did it first. */
    public boolean claimModal(String id) {
        return update("UPDATE mj4j_gateway_task SET phase = 'SUBMITTED' WHERE id = ? AND phase = 'MODAL'", p -> p.setString(1, id)) == 1;
    }

    public void delete(String id) {
        update("DELETE FROM mj4j_gateway_task WHERE id = ?", p -> p.setString(1, id));
    }

    public Optional<Row> find(String id) {
        List<Row> rows = query("SELECT " + COLUMNS + " FROM mj4j_gateway_task WHERE id = ?", p -> p.setString(1, id), GatewayTasks::row);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The owner's newest tasks first. */
    public List<Row> recent(String owner, int limit) {
        return query("SELECT " + COLUMNS + " FROM mj4j_gateway_task WHERE owner = ? ORDER BY submit_time DESC, id DESC LIMIT " + limit,
                p -> p.setString(1, owner), GatewayTasks::row);
    }

    /** The owner's tasks with this {@code state}, newest first. */
    public List<Row> byState(String owner, String state, int limit) {
        return query("SELECT " + COLUMNS + " FROM mj4j_gateway_task WHERE owner = ? AND state = ? ORDER BY submit_time DESC, id DESC LIMIT "
                + limit, p -> {
            p.setString(1, owner);
            p.setString(2, state);
        }, GatewayTasks::row);
    }

    /** A setting, created with {@code initial} by the first instance to ask (every later one reads that value). */
    public String setting(String name, java.util.function.Supplier<String> initial) {
        for (int attempt = 0; attempt < 3; attempt++) {
            List<String> v = query("SELECT setting_value FROM mj4j_gateway_setting WHERE name = ?", p -> p.setString(1, name), rs -> rs.getString(1));
            if (!v.isEmpty()) {
                return v.get(0);
            }
            try {
                update("INSERT INTO mj4j_gateway_setting (name, setting_value) VALUES (?, ?)", p -> {
                    p.setString(1, name);
                    p.setString(2, initial.get());
                });
            } catch (IllegalStateException raced) {
                // another instance inserted it first: read it on the next round
            }
        }
        throw new IllegalStateException("cannot read or create gateway setting " + name);
    }

    /** A random secret of {@code bytes} bytes, base64. */
    public static String randomSecret(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** Keeps an uploaded image under its content hash (a second upload of the same bytes is the same row). */
    public void putImage(String id, String contentType, byte[] data) {
        if (!query("SELECT 1 FROM mj4j_gateway_image WHERE id = ?", p -> p.setString(1, id), rs -> 1).isEmpty()) {
            return;
        }
        try {
            update("INSERT INTO mj4j_gateway_image (id, content_type, data) VALUES (?, ?, ?)", p -> {
                p.setString(1, id);
                p.setString(2, contentType);
                p.setString(3, Base64.getEncoder().encodeToString(data));
            });
        } catch (IllegalStateException raced) {
            // the same image uploaded at once by two requests: one row is enough
        }
    }

    /** An uploaded image: content type and bytes. */
    public Optional<java.util.Map.Entry<String, byte[]>> image(String id) {
        List<java.util.Map.Entry<String, byte[]>> found = query("SELECT content_type, data FROM mj4j_gateway_image WHERE id = ?",
                p -> p.setString(1, id), rs -> java.util.Map.entry(rs.getString(1), Base64.getDecoder().decode(rs.getString(2))));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static void bind(PreparedStatement p, Row r) throws SQLException {
        p.setString(1, r.id());
        p.setString(2, r.owner());
        p.setString(3, r.kind().name());
        p.setString(4, r.actionWord());
        p.setString(5, r.prompt());
        p.setString(6, r.description());
        p.setString(7, r.state());
        p.setString(8, r.notifyHook());
        p.setString(9, r.parentId());
        p.setString(10, r.modal());
        p.setString(11, r.phase().name());
        p.setBigDecimal(12, r.price());
        p.setLong(13, r.submitTime());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), ActionKind.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), Phase.valueOf(rs.getString(11)),
                rs.getBigDecimal(12), rs.getLong(13));
    }

    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Reader<T> reader) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            binder.bind(p);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("gateway table query failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Binder binder) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            binder.bind(p);
            return p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("gateway table update failed: " + e.getMessage(), e);
        }
    }
}
