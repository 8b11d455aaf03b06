package io.mj4j.cli;

import java.util.List;

/**
 * The {@code mj} command's logging: the command (not the library) binds SLF4J to slf4j-simple, writing to
 * stderr so that stdout stays the command's output (and {@code --json} stays parseable). Warnings and errors
 * show by default; {@code --verbose} adds debug lines (HTTP exchanges, keys always hidden). A setting given
 * with {@code -Dorg.slf4j.simpleLogger...} on the java command line wins.
 */
final class CliLogging {
    static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    static final String FILE = "org.slf4j.simpleLogger.logFile";

    private CliLogging() {
    }

    /** Sets slf4j-simple's properties; call before the first logger is created. */
    static void configure(String[] args) {
        boolean verbose = List.of(args).contains("--verbose");
        setIfAbsent(LEVEL, verbose ? "debug" : "warn");
        setIfAbsent(FILE, "System.err");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        // HikariCP warns, with a stack trace, each time it drops a connection to the shared history while another mj
        // process hands the file over (expected; the store reconnects and says so itself if it cannot): errors only
        setIfAbsent("org.slf4j.simpleLogger.log.com.zaxxer.hikari", verbose ? "debug" : "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
