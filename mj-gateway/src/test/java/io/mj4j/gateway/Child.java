package io.mj4j.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link GatewayChild} process: started with the test classpath, ready when it prints its address. */
final class Child implements AutoCloseable {
    static final long READY_TIMEOUT_S = 120;
    final Process process;
    private final CompletableFuture<URI> ready = new CompletableFuture<>();

    Child(Path h2, String provider, Map<String, String> env, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                GatewayChild.class.getName(), h2.toString(), provider));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        pb.environment().putAll(env);
        process = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("listening ")) {
                        ready.complete(URI.create(line.substring("listening ".length()).strip()));
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("the gateway child exited before it served; see " + log));
        }, "gateway-child-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Its address, once it printed it (bounded by {@link #READY_TIMEOUT_S}). */
    URI uri() throws Exception {
        return ready.get(READY_TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** SIGKILL: no shutdown hook, no close, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
