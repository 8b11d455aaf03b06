package io.mj4j.store.jdbc.internal;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.SQLException;

/**
 * Tells HikariCP to drop a connection whose database was closed under it. In H2's automatic mixed mode
 * ({@code AUTO_SERVER=TRUE}, the {@code mj} command's shared history) the process serving the file closes the
 * database when it exits, and every connection other processes hold to it then answers error 90121 ("Database is
 * already closed") instead of a connection error: HikariCP would hand the dead connection out again and again.
 * Evicted, the next connection opens the file anew (this process may become its server). Public with a no-argument
 * constructor because HikariCP instantiates it by class name.
 */
public final class ServerGoneEvicts implements SQLExceptionOverride {
    /** H2's ErrorCode.DATABASE_CALLED_AT_SHUTDOWN. */
    static final int DATABASE_CLOSED = 90121;

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        return serverGone(e) ? SQLExceptionOverride.Override.MUST_EVICT : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }

    /** True when {@code e} or one of its causes says the database was closed under the connection. */
    static boolean serverGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == DATABASE_CLOSED) {
                return true;
            }
        }
        return false;
    }
}
