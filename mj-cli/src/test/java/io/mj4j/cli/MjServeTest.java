package io.mj4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mj serve} as a user runs it: its own JVM, nothing configured, a free port. It must say it serves the sandbox,
 * print where it listens, and answer an imagine with code 1 and a fetchable task; a public bind without client keys is
 * refused with the setting to change. Waits on the child's output line (bounded), never on a clock.
 */
class MjServeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+/mj)");

    @TempDir
    Path home;

    private ProcessBuilder serve(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), MjCli.class.getName(), "serve"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(home.resolve("serve.err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MJ_") || k.equals("MJ4J_HOME"));
        pb.environment().put("MJ4J_HOME", home.toString());
        pb.environment().put("MJ_SANDBOX_TIME_SCALE", "0.01");
        return pb;
    }

    @Test
    @DisplayName("`mj serve` with nothing configured serves the sandbox on loopback and answers an imagine")
    void servesTheSandbox() throws Exception {
        Process p = serve("--port", "0").start();
        try {
            CompletableFuture<String> base = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            base.complete(m.group(1));
                        }
                    }
                } catch (Exception e) {
                    base.completeExceptionally(e);
                }
                base.completeExceptionally(new IllegalStateException("mj serve exited"));
            });
            reader.setDaemon(true);
            reader.start();
            String mj = base.get(120, TimeUnit.SECONDS);
            assertThat(mj).startsWith("http://127.0.0.1:");
            assertThat(Files.readString(home.resolve("serve.err"))).contains("No provider configured: serving the built-in sandbox");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(mj + "/submit/imagine"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a red fox\"}")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode reply = JSON.readTree(r.body());
            assertThat(reply.path("code").asInt()).as(r.body()).isEqualTo(1);
            String id = reply.path("result").asText();
            JsonNode task = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(mj + "/task/" + id + "/fetch")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(task.path("id").asText()).isEqualTo(id);
            assertThat(task.path("action").asText()).isEqualTo("IMAGINE");
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    @DisplayName("`mj serve --bind 0.0.0.0` without client keys is refused, naming MJ_GATEWAY_KEYS")
    void refusesAnOpenPublicBind() throws Exception {
        Process p = serve("--port", "0", "--bind", "0.0.0.0").start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(Files.readString(home.resolve("serve.err"))).contains("MJ_GATEWAY_KEYS");
    }
}
