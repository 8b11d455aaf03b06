package io.mj4j.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The databases the store runs on, told apart by the driver's product name. */
public enum Dialect {
    /** H2 2.x; in file mode one process owns the database file. */
    H2,
    /** PostgreSQL 12 or later; several processes may share one database. */
    POSTGRESQL;

    /**
     * The dialect of the database behind {@code c}.
     *
     * @throws IllegalStateException naming the product when it is neither H2 nor PostgreSQL
     */
    public static Dialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.equals("h2")) {
            return H2;
        }
        if (p.contains("postgresql")) {
            return POSTGRESQL;
        }
        throw new IllegalStateException("The mj4j JDBC task store runs on H2 or PostgreSQL; this database is '" + product + "'");
    }
}
