package io.mj4j.store.jdbc;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL the tests may use: {@code MJ_TEST_PG_URL} (+ {@code MJ_TEST_PG_USER}, {@code MJ_TEST_PG_PASSWORD}).
 * Each test gets a schema of its own ({@code currentSchema}), dropped afterwards, so runs never see each other.
 */
final class Postgres {
    static final String HOW_TO = "PostgreSQL tests skipped: set MJ_TEST_PG_URL=jdbc:postgresql://127.0.0.1:5432/mj4j"
            + " (and MJ_TEST_PG_USER, MJ_TEST_PG_PASSWORD) to run them; eval \"$(bash .ci/postgres.sh)\" starts one";

    private Postgres() {
    }

    static String url() {
        return System.getenv("MJ_TEST_PG_URL");
    }

    static String user() {
        return System.getenv("MJ_TEST_PG_USER");
    }

    static String password() {
        return System.getenv("MJ_TEST_PG_PASSWORD");
    }

    static void assumeConfigured() {
        String url = url();
        Assumptions.assumeTrue(url != null && !url.isBlank(), HOW_TO);
    }

    /** Creates a fresh schema and returns the URL that works in it. */
    static String freshSchemaUrl() throws SQLException {
        String schema = "mj4j_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(url(), user(), password()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static void dropSchemaOf(String schemaUrl) throws SQLException {
        String schema = schemaUrl.substring(schemaUrl.lastIndexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(url(), user(), password()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
