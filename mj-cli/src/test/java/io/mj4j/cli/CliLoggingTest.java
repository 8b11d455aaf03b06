package io.mj4j.cli;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mj command binds slf4j-simple: warnings reach stderr by default, debug only with --verbose, stdout gets no
 * log line and SLF4J never complains about a missing provider. Each case runs in its own JVM, because
 * slf4j-simple reads its settings once per process.
 */
class CliLoggingTest {

    /** What the child JVM runs: the command's logging set-up, then one line per level. */
    public static final class Probe {
        public static void main(String[] args) {
            CliLogging.configure(args);
            Logger log = LoggerFactory.getLogger("io.mj4j.core.internal.Engine");
            log.warn("probe-warning");
            log.info("probe-info");
            log.debug("probe-debug");
            System.out.println("probe-output");
        }
    }

    private record Run(String out, String err) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("by default warnings go to stderr, info and debug nowhere, and SLF4J finds its provider")
    void warningsToStderrByDefault() throws Exception {
        Run r = run("imagine", "a fox");
        assertThat(r.err()).contains("probe-warning").doesNotContain("probe-info").doesNotContain("probe-debug")
                .doesNotContain("SLF4J(W)").doesNotContain("No SLF4J providers");
        assertThat(r.out()).isEqualTo("probe-output" + System.lineSeparator());
    }

    @Test
    @DisplayName("--verbose adds debug lines, still on stderr only")
    void verboseShowsDebug() throws Exception {
        Run r = run("imagine", "a fox", "--verbose");
        assertThat(r.err()).contains("probe-warning").contains("probe-info").contains("probe-debug").doesNotContain("SLF4J(W)");
        assertThat(r.out()).isEqualTo("probe-output" + System.lineSeparator());
    }
}
