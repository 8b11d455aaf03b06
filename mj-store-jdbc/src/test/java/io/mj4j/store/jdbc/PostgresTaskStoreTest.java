package io.mj4j.store.jdbc;

import io.mj4j.store.jdbc.internal.Migrations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("JdbcTaskStore on PostgreSQL (MJ_TEST_PG_URL)")
class PostgresTaskStoreTest extends TaskStoreContract {
    private String url;

    @BeforeEach
    void freshSchema() throws SQLException {
        Postgres.assumeConfigured();
        url = Postgres.freshSchemaUrl();
    }

    @AfterEach
    void dropSchema() throws SQLException {
        closeStores();
        if (url != null) {
            Postgres.dropSchemaOf(url);
        }
    }

    @Override
    protected JdbcTaskStore newStore() {
        return JdbcTaskStore.postgres(url, Postgres.user(), Postgres.password());
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(url, Postgres.user(), Postgres.password());
    }

    @Test
    @DisplayName("a wrong password fails the open with a message that does not repeat it")
    void wrongPasswordHidden() {
        assertThatThrownBy(() -> JdbcTaskStore.postgres(url, Postgres.user(), "not-the-password-s3cr3t"))
                .isInstanceOf(JdbcStoreException.class)
                .hasMessageContaining("Cannot open the mj4j task store")
                .hasMessageNotContaining("not-the-password-s3cr3t");
    }

    @Test
    @DisplayName("its description names PostgreSQL and hides credentials in the URL")
    void describesItself() {
        try (JdbcTaskStore store = JdbcTaskStore.postgres(url + "&password=" + Postgres.password(), Postgres.user(), null)) {
            assertThat(store.toString()).contains("POSTGRESQL").contains("password=***")
                    .doesNotContain("password=" + Postgres.password()).endsWith("schema v" + Migrations.SCRIPTS.size() + "]");
        }
    }
}
