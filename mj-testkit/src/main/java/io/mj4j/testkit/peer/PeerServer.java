package io.mj4j.testkit.peer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real midjourney-proxy server (novicezk OSS v2.6.3, {@code shared/peers/midjourney-proxy-oss-2.6.3.jar}),
 * started once per test class (its {@code @Nested} classes share it) as a JUnit extension: {@code @RegisterExtension static final PeerServer PEER = new
 * PeerServer();}. It listens on a free loopback port with context path {@code /mj} and secret {@link #SECRET}, with no
 * Discord account (shared/peers/README.md lists what it then answers).
 *
 * <p>The jar is found by walking up from the working directory (a module directory in Maven) to the first
 * {@code shared/peers} holding it, or under {@code $MJ4J_PEERS_DIR}. Where it is absent (a checkout outside this
 * environment) every test of the class is skipped with a message saying where it was looked for; in CI it is always
 * present. Readiness is the server's own "Started ProxyApplication" log line (no polling, no sleeps), bounded by
 * {@link #START_TIMEOUT_S}; the process is stopped through its own handle after the class, and by a shutdown hook
 * should the JVM end first. Its output goes to {@code target/peer-<port>.log}.
 */
public final class PeerServer implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {
    public static final String JAR = "midjourney-proxy-oss-2.6.3.jar";
    public static final String SECRET = "S";
    static final long START_TIMEOUT_S = 120;
    private static final String READY = "Started ProxyApplication";

    private Process process;
    private Class<?> owner;
    private Thread hook;
    private int port;
    private final Deque<String> tail = new ArrayDeque<>();

    /** {@code http://127.0.0.1:<port>}: the server root, without the {@code /mj} context path. */
    public URI root() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code http://127.0.0.1:<port>/mj}: the base URL as the server's docs write it. */
    public URI withContextPath() {
        return URI.create(root() + "/mj");
    }

    /** The process, for tests that check it is this server that answered. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Skips the class, saying where the jar was looked for, when it is absent (a checkout outside this environment). */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (locate().isPresent()) {
            return ConditionEvaluationResult.enabled("the real server is at " + locate().get());
        }
        System.err.println(absence());
        return ConditionEvaluationResult.disabled(absence());
    }

    private static String absence() {
        return "SKIPPED: the real midjourney-proxy server " + JAR + " is not "
                + (System.getenv("MJ4J_PEERS_DIR") != null ? "in $MJ4J_PEERS_DIR=" + System.getenv("MJ4J_PEERS_DIR")
                : "in any shared/peers/ above " + Paths.get("").toAbsolutePath()) + "; these interop tests run where it is"
                + " (always in CI)";
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (process != null && process.isAlive()) {
            return; // a @Nested class of the class that started it: one server for all of them
        }
        Path jar = locate().orElseThrow(() -> new IllegalStateException(absence()));
        owner = context.getRequiredTestClass();
        port = freePort();
        Path log = Paths.get("target", "peer-" + port + ".log");
        Files.createDirectories(log.getParent());
        String java = ProcessHandle.current().info().command().orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(),
                "--server.address=127.0.0.1", "--server.port=" + port, "--server.servlet.context-path=/mj",
                "--mj.api-secret=" + SECRET))
                .redirectErrorStream(true)
                .start();
        hook = new Thread(this::stop, "peer-server-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> copy(log, ready), "peer-server-log");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            stop();
            throw new IllegalStateException("the peer server " + jar + " did not start on port " + port + " within "
                    + START_TIMEOUT_S + " s; its last lines:\n" + String.join("\n", tailLines()), e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass() != owner) {
            return; // a @Nested class ended; the class that started the server stops it
        }
        stop();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Copies the server's output to {@code log}, completing {@code ready} at the readiness line (or failing at exit). */
    private void copy(Path log, CompletableFuture<Void> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 20) {
                        tail.removeFirst();
                    }
                }
                if (line.contains(READY)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("the peer server exited before it was ready"));
    }

    private List<String> tailLines() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /**
     * The jar under {@code $MJ4J_PEERS_DIR} when that is set (and only there), else in the first {@code shared/peers}
     * walking up from the working directory.
     */
    static Optional<Path> locate() {
        String env = System.getenv("MJ4J_PEERS_DIR");
        if (env != null && !env.isBlank()) {
            Path jar = Paths.get(env, JAR).toAbsolutePath();
            return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("shared").resolve("peers").resolve(JAR);
            if (Files.isRegularFile(jar)) {
                return Optional.of(jar);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
