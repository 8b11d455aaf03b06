package io.mj4j.store.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

@DisplayName("Crash recovery on PostgreSQL (MJ_TEST_PG_URL)")
class PostgresCrashRecoveryTest extends CrashRecoveryContract {
    private String url;

    @BeforeEach
    void freshSchema() throws SQLException {
        Postgres.assumeConfigured();
        url = Postgres.freshSchemaUrl();
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (url != null) {
            Postgres.dropSchemaOf(url);
        }
    }

    @Override
    protected List<String> childStoreArguments() {
        return List.of("pg", url);
    }

    @Override
    protected JdbcTaskStore openStore() {
        return JdbcTaskStore.postgres(url, Postgres.user(), Postgres.password());
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(url, Postgres.user(), Postgres.password());
    }

    @Override
    protected String databaseName() {
        return "postgresql";
    }
}
