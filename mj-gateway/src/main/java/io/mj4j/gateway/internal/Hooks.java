package io.mj4j.gateway.internal;

import io.mj4j.spi.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Sends the client's {@code notifyHook} callbacks (mjproxy.md §9): a POST of the full task object on every change
 * the engine accepts, per task in the order the engine heard them (each task's posts are chained), one attempt
 * each with a timeout, as real servers do; a failing hook is logged, never retried, and never slows the engine (its
 * listener only enqueues). Bodies pass the vendor-key redaction like every other answer. Thread-safe.
 */
public final class Hooks {
    private static final Logger LOG = LoggerFactory.getLogger(Hooks.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final Executor executor;
    private final Redaction redaction;
    private final Map<String, CompletableFuture<Void>> chains = new ConcurrentHashMap<>();
    private volatile java.util.function.BiFunction<String, TaskView.Engine, Optional<Delivery>> renderer = (id, e) -> Optional.empty();

    /** Where and what to send for one task at one moment. */
    public record Delivery(URI hook, String body, boolean terminal) {
    }

    public Hooks(Executor executor, Redaction redaction) {
        this.executor = executor;
        this.redaction = redaction;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
    }

    /** How a task's current view is built (set once the gateway is wired). */
    public void renderer(java.util.function.BiFunction<String, TaskView.Engine, Optional<Delivery>> r) {
        this.renderer = r;
    }

    /** Called from the engine's listener with the snapshot it heard: enqueue, return at once. */
    public void changed(String taskId, TaskView.Engine heard) {
        CompletableFuture<Void> next = chains.compute(taskId, (id, prev) -> (prev == null ? CompletableFuture.<Void>completedFuture(null) : prev)
                .thenComposeAsync(x -> send(id, heard), executor)
                .exceptionally(e -> {
                    LOG.warn("notifyHook of task {} failed: {}", id, redaction.apply(String.valueOf(e.getMessage())));
                    return null;
                }));
        if (heard.snapshot().isTerminal()) {
            // the task's last change: forget its chain once sent (unless a later change joined it), hook or not
            next.whenComplete((x, e) -> chains.remove(taskId, next));
        }
    }

    private CompletableFuture<Void> send(String taskId, TaskView.Engine heard) {
        Optional<Delivery> d = renderer.apply(taskId, heard);
        if (d.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Delivery delivery = d.get();
        HttpRequest request = HttpRequest.newBuilder(delivery.hook()).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(redaction.apply(delivery.body()), StandardCharsets.UTF_8)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
            if (e != null) {
                LOG.info("notifyHook of task {} to {} failed: {}", taskId, delivery.hook().getHost(), e.toString());
            } else if (r.statusCode() / 100 != 2) {
                LOG.info("notifyHook of task {} to {} answered HTTP {}", taskId, delivery.hook().getHost(), r.statusCode());
            }
            return null;
        });
    }
}
