package io.mj4j.store.jdbc;

/**
 * The database failed a {@link JdbcTaskStore} operation (connection lost, lock timeout, disk full, a row it cannot
 * read). The cause is the driver's {@link java.sql.SQLException} where there is one. Whether the operation took
 * effect is unknown when the connection was lost during a commit; the engine treats a failed write as "not stored"
 * and does not go on with that step.
 */
public class JdbcStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JdbcStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
