package io.mj4j.store.jdbc.internal;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A {@link DataSource} over {@link DriverManager}: a JDBC URL plus an optional user and password. The password is
 * kept only to open connections; {@link #toString()} shows the URL without credentials. Thread-safe.
 */
public final class UrlDataSource implements DataSource {
    private final String url;
    private final Properties credentials = new Properties();

    public UrlDataSource(String url, String user, String password) {
        this.url = Objects.requireNonNull(url, "url");
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
    }

    /** The URL with any user information and password parameter masked, for messages. */
    public static String redact(String url) {
        if (url == null) {
            return "null";
        }
        return url.replaceAll("(?i)(password|passwd|pwd)=[^&;]*", "$1=***").replaceAll("//[^/@]*@", "//***@");
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties p = new Properties();
        p.putAll(credentials);
        return DriverManager.getConnection(url, p);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties p = new Properties();
        if (username != null) {
            p.setProperty("user", username);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(url, p);
    }

    @Override
    public PrintWriter getLogWriter() {
        return DriverManager.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        DriverManager.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "UrlDataSource[" + redact(url) + "]";
    }
}
