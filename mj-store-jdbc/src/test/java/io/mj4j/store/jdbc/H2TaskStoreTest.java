package io.mj4j.store.jdbc;

import io.mj4j.core.store.TaskRecord;
import io.mj4j.store.jdbc.internal.Migrations;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("JdbcTaskStore on H2 (file mode)")
class H2TaskStoreTest extends TaskStoreContract {
    @TempDir
    Path dir;

    @Override
    protected JdbcTaskStore newStore() {
        return JdbcTaskStore.h2File(dir.resolve("tasks"));
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(JdbcTaskStore.h2Url(dir.resolve("tasks")), "sa", "");
    }

    @Test
    @DisplayName("the database is one file in the folder given, created on first open")
    void createsTheFile() {
        try (JdbcTaskStore store = openStore()) {
            assertThat(Files.exists(dir.resolve("tasks.mv.db"))).isTrue();
            assertThat(store.toString()).contains("H2").contains("schema v" + Migrations.SCRIPTS.size());
        }
    }

    @Test
    @DisplayName("a name given with H2's .mv.db ending opens the same database")
    void acceptsTheFileEnding() {
        TaskRecord r = Records.submitting("gptunnel");
        try (JdbcTaskStore store = openStore()) {
            store.insert(r);
        }
        try (JdbcTaskStore same = JdbcTaskStore.h2File(dir.resolve("tasks.mv.db"))) {
            assertThat(same.find(r.id())).contains(r);
        }
    }

    @Test
    @DisplayName("an application's DataSource works as well as a path")
    void opensOnADataSource() {
        TaskRecord r = Records.submitting("gptunnel");
        try (JdbcTaskStore store = openStore()) {
            store.insert(r);
        }
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(JdbcTaskStore.h2Url(dir.resolve("tasks")));
        ds.setUser("sa");
        try (JdbcTaskStore store = JdbcTaskStore.open(ds, 2)) {
            assertThat(store.find(r.id())).contains(r);
            assertThat(store.schemaVersion()).isEqualTo(Migrations.SCRIPTS.size());
        }
    }

    @Test
    @DisplayName("an H2 file opened by plain URL is switched to write each commit at once (WRITE_DELAY 0)")
    void writesEachCommitAtOnce() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("plain").toAbsolutePath() + ";AUTO_SERVER=FALSE";
        try (JdbcTaskStore store = JdbcTaskStore.open(url, "sa", ""); Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(store.schemaVersion()).isEqualTo(Migrations.SCRIPTS.size());
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("H2's default of 500 ms would lose the last commits to a kill").isEqualTo("0");
        }
    }
}
