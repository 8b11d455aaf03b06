package io.mj4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code mj} command as real child processes (separate JVMs, one MJ4J_HOME): several at once on one history,
 * a sandbox result fetched by a later process, and what a --verbose run prints to the terminal.
 */
class MjCliProcessesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path home;
    @TempDir
    Path work;
    private final AtomicInteger runs = new AtomicInteger();

    /** A started child and where its output goes. */
    record Child(Process process, Path out, Path err, String command) {
        Result await() throws Exception {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                // a hung child is reported with its threads (where it waits) and its stderr, then killed
                String threads = threadDump(process.pid());
                process.destroyForcibly();
                throw new AssertionError("`mj " + command + "` did not finish within 180 s; stderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8) + "\nthreads:\n" + threads);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), command);
        }
    }

    /** The child's thread dump by the JDK's jstack, or why there is none. */
    private static String threadDump(long pid) {
        try {
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    Long.toString(pid)).redirectErrorStream(true).start();
            String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jstack.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    record Result(int exit, String out, String err, String command) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        Result succeeded() {
            assertThat(exit).as("exit code of `mj %s`; stderr:%n%s", command, err).isZero();
            return this;
        }
    }

    private Child start(Map<String, String> extraEnv, String... args) throws IOException {
        int n = runs.incrementAndGet();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), MjCli.class.getName()));
        command.addAll(List.of(args));
        Path out = work.resolve("run-" + n + ".out");
        Path err = work.resolve("run-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MJ_") || k.equals("MJ4J_HOME"));
        pb.environment().put("MJ4J_HOME", home.toString());
        pb.environment().put("MJ_SANDBOX_TIME_SCALE", "0.01");
        pb.environment().putAll(extraEnv);
        return new Child(pb.start(), out, err, String.join(" ", args));
    }

    private Child start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    @Test
    @DisplayName("five `imagine --no-wait` at once, then five `wait` and a `list` at once, on one history: all succeed")
    void severalProcessesOnOneHistory() throws Exception {
        List<Child> imagines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            imagines.add(start("imagine", "--no-wait", "--json", "a lighthouse number " + i));
        }
        List<String> ids = new ArrayList<>();
        for (Child c : imagines) {
            ids.add(c.await().succeeded().json().path("id").asText());
        }
        assertThat(new LinkedHashSet<>(ids)).hasSize(5);

        List<Child> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(start("wait", "--json", "--out", work.resolve("out-" + i).toString(), ids.get(i)));
        }
        Child list = start("list", "--json", "--limit", "50");
        for (int i = 0; i < 5; i++) {
            JsonNode done = waits.get(i).await().succeeded().json();
            assertThat(done.path("id").asText()).isEqualTo(ids.get(i));
            assertThat(done.path("snapshot").path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(work.resolve("out-" + i).resolve(ids.get(i) + ".png")).isRegularFile();
        }
        Set<String> listed = new LinkedHashSet<>(list.await().succeeded().json().findValuesAsText("id"));
        assertThat(listed).containsAll(ids);
    }

    @Test
    @DisplayName("a sandbox task finished (and its sandbox gone) in one process is downloaded again by a later one")
    void sandboxResultSurvivesTheProcess() throws Exception {
        JsonNode first = start("imagine", "--json", "--out", work.resolve("first").toString(), "a red kite --ar 3:2")
                .await().succeeded().json();
        String id = first.path("id").asText();
        String gridUrl = first.path("snapshot").path("result").path("grid").path("url").asText();
        assertThat(gridUrl).as("the first process's sandbox URL").startsWith("http://127.0.0.1:").contains("/sandbox/files/");

        JsonNode later = start("wait", "--json", "--out", work.resolve("later").toString(), id).await().succeeded().json();
        assertThat(later.path("files")).hasSize(5);
        assertThat(Files.readAllBytes(work.resolve("later").resolve(id + ".png")))
                .isEqualTo(Files.readAllBytes(work.resolve("first").resolve(id + ".png")));
    }

    @Test
    @DisplayName("--verbose output (stdout and stderr of the real process) never shows the key, raw or JSON-escaped, even when the vendor echoes it")
    void verboseNeverPrintsTheKey() throws Exception {
        String key = "sk-live/Echo+Key=42";
        String escaped = key.replace("/", "\\/"); // how PHP's json_encode and others write it
        AtomicInteger requests = new AtomicInteger();
        HttpServer vendor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        vendor.createContext("/", x -> {
            requests.incrementAndGet();
            String auth = String.valueOf(x.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"code\":400,\"message\":\"invalid key " + auth + "\",\"detail\":\"key=" + auth.replace("/", "\\/")
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.getResponseHeaders().add("X-Echo", auth);
            x.sendResponseHeaders(400, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        vendor.start();
        try {
            Files.writeString(home.resolve("config"), "provider=gptunnel\ngptunnel.api_key=" + key
                    + "\ngptunnel.base_url=http://127.0.0.1:" + vendor.getAddress().getPort() + "\n");
            Result r = start("imagine", "--verbose", "--timeout", "20s", "a fox").await();
            assertThat(r.out() + r.err()).doesNotContain(key).doesNotContain(escaped).doesNotContain("Echo+Key");
            assertThat(requests.get()).as("the vendor was asked (and echoed the key)").isPositive();
            assertThat(r.err()).as("--verbose logged the exchange").contains("127.0.0.1:" + vendor.getAddress().getPort());
            assertThat(r.exit()).as("the vendor refused the request").isNotZero();
        } finally {
            vendor.stop(0);
        }
    }
}
