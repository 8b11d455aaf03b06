package io.mj4j.store.jdbc;

import org.junit.jupiter.api.DisplayName;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/** H2 locks its file to one process: the child is dead before this JVM opens the database. */
@DisplayName("Crash recovery on H2 (file mode)")
class H2CrashRecoveryTest extends CrashRecoveryContract {
    @Override
    protected List<String> childStoreArguments() {
        return List.of("h2", dir.resolve("tasks").toString());
    }

    @Override
    protected JdbcTaskStore openStore() {
        return JdbcTaskStore.h2File(dir.resolve("tasks"));
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(JdbcTaskStore.h2Url(dir.resolve("tasks")), "sa", "");
    }

    @Override
    protected String databaseName() {
        return "h2";
    }
}
