package io.mj4j.cli;

import com.sun.net.httpserver.HttpServer;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.spi.Action;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.store.jdbc.JdbcTaskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input is refused with exit code 2 and one plain message before anything reaches the vendor:
 * a loopback server stands in for the configured vendor and counts the requests it gets.
 */
class MjCliInputTest {
    @TempDir
    Path home;
    @TempDir
    Path work;
    private HttpServer vendor;
    private final AtomicInteger vendorRequests = new AtomicInteger();
    private final Map<String, String> env = new HashMap<>();

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void vendor() throws Exception {
        vendor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        vendor.createContext("/", x -> {
            vendorRequests.incrementAndGet();
            x.sendResponseHeaders(500, -1);
            x.close();
        });
        vendor.start();
        env.put("MJ4J_HOME", home.toString());
        config("provider=gptunnel", "gptunnel.api_key=sk-input-test-key", "gptunnel.base_url=http://127.0.0.1:" + vendor.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        vendor.stop(0);
    }

    private void config(String... lines) throws Exception {
        Files.writeString(home.resolve("config"), String.join("\n", lines) + "\n");
    }

    private Run mj(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MjCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a command that must be refused as bad input, with nothing sent. */
    private String refused(String... args) {
        Run r = mj(args);
        assertThat(r.exit()).as("exit code of %s; stderr: %s", String.join(" ", args), r.err()).isEqualTo(2);
        assertThat(vendorRequests).as("requests the vendor got for %s", String.join(" ", args)).hasValue(0);
        assertThat(r.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
        return r.err();
    }

    @Test
    @DisplayName("the control: a good command does reach the vendor (so zero requests above means something)")
    void controlReachesTheVendor() {
        Run r = mj("imagine", "--no-wait", "--timeout", "20s", "a fox");
        assertThat(vendorRequests.get()).isPositive();
        assertThat(r.exit()).isNotZero(); // the stand-in vendor answers 500
    }

    @Test
    @DisplayName("--out naming an existing file is refused before the task is paid for")
    void outIsAFile() throws Exception {
        Path file = Files.writeString(work.resolve("results.txt"), "not a folder");
        assertThat(refused("imagine", "--out", file.toString(), "a fox")).contains("--out " + file + " is a file, not a folder");
        assertThat(refused("imagine", "--out", file.resolve("sub").toString(), "a fox")).contains("is not a folder");
    }

    @Test
    @DisplayName("--timeout -1, 0 and nonsense are refused")
    void timeouts() {
        assertThat(refused("imagine", "--timeout", "-1", "a fox")).contains("--timeout").contains("must be positive, got '-1'");
        assertThat(refused("imagine", "--timeout", "0", "a fox")).contains("must be positive, got '0'");
        assertThat(refused("imagine", "--timeout", "PT0S", "a fox")).contains("must be positive");
        assertThat(refused("imagine", "--timeout", "soon", "a fox")).contains("not a duration: 'soon'");
    }

    @Test
    @DisplayName("masks: missing, a device (/dev/zero, never read), larger than the limit (size read, not the bytes), not a PNG")
    void masks() throws Exception {
        assertThat(refused("vary-region", "abcd1234", "--mask", work.resolve("missing.png").toString()))
                .contains("--mask: no such file: " + work.resolve("missing.png"));
        if (Files.exists(Path.of("/dev/zero"))) {
            assertThat(refused("vary-region", "abcd1234", "--mask", "/dev/zero")).contains("/dev/zero is not a regular file");
        }
        Path huge = work.resolve("huge.png");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(Action.VaryRegion.MAX_MASK_BYTES + 1L); // sparse: nothing to read, only a size
        }
        assertThat(refused("vary-region", "abcd1234", "--mask", huge.toString()))
                .contains("has " + (Action.VaryRegion.MAX_MASK_BYTES + 1L) + " bytes, more than the limit of " + Action.VaryRegion.MAX_MASK_BYTES);
        Path text = Files.writeString(work.resolve("mask.png"), "just text");
        assertThat(refused("vary-region", "abcd1234", "--mask", text.toString())).contains("is not a PNG image");
    }

    @Test
    @DisplayName("an ambiguous task prefix lists the candidates; an unknown one says so")
    void ambiguousPrefix() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        try (JdbcTaskStore store = JdbcTaskStore.h2Shared(home.resolve("history"))) {
            for (String id : new String[]{"abcd0001-aaaa", "abcd0002-bbbb", "ffff0003-cccc"}) {
                store.insert(new TaskRecord(id, "gptunnel", Action.Imagine.of("a fox"), Optional.empty(),
                        TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("v-" + id).build(), now, now, now.plusSeconds(600)));
            }
        }
        assertThat(refused("upscale", "abcd", "1")).contains("Task 'abcd' is ambiguous").contains("abcd0001-aaaa").contains("abcd0002-bbbb")
                .doesNotContain("ffff0003");
        assertThat(refused("status", "abcd000")).contains("ambiguous");
        assertThat(refused("wait", "9999")).contains("Unknown task '9999'");
    }

    @Test
    @DisplayName("config errors name the file and the line (base_url=file:///, a line without '=', an unknown setting)")
    void configErrors() throws Exception {
        Path file = home.resolve("config");
        config("provider=gptunnel", "gptunnel.api_key=sk-input-test-key", "gptunnel.base_url=file:///");
        assertThat(refused("imagine", "a fox")).contains(file + " line 3: gptunnel.base_url must be an http(s) URL with a host")
                .contains("'file:///'").doesNotContain("may have reached");
        config("provider=gptunnel", "just some words", "gptunnel.api_key=sk-input-test-key");
        assertThat(refused("imagine", "a fox")).contains(file + " line 2: expected key=value");
        config("# comment", "", "apikey=sk-input-test-key");
        assertThat(refused("imagine", "a fox")).contains(file + " line 3: unknown setting 'apikey'");
        config("provider=gptunnel", "gptunnel.api_key=sk-input-test-key");
        env.put("MJ_GPTUNNEL_BASE_URL", "ftp://example.com");
        assertThat(refused("imagine", "a fox")).contains("environment variable MJ_GPTUNNEL_BASE_URL must be an http(s) URL");
    }

    @Test
    @DisplayName("blend: one plain line for a local path or a missing image, no usage dump; --shape is case-insensitive")
    void blendMessages() {
        String local = refused("blend", "a.png", "b.png");
        assertThat(local).contains("'a.png' is not an http(s) URL").doesNotContain("Usage:").hasLineCount(2);
        String one = refused("blend", "https://example.com/a.png");
        assertThat(one).doesNotContain("Usage:").hasLineCount(2);
        assertThat(refused("blend", "--shape", "sideways", "https://example.com/a.png", "https://example.com/b.png"))
                .contains("sideways").contains("LANDSCAPE");
        assertThat(refused("vary", "abcd1234", "gentle")).contains("strength: must be one of [subtle, strong], got 'gentle'");
    }

    @Test
    @DisplayName("--shape landscape (as the README writes it) is accepted and the blend runs")
    void shapeCaseInsensitive() {
        Run r = mj("blend", "--sandbox", "mjproxy", "--no-wait", "--shape", "landscape", "https://example.com/a.png", "https://example.com/b.png");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("BLEND");
    }
}
