package io.mj4j.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A client's notifyHook endpoint: keeps every body it receives; a future completes on the first body matching a rule. */
final class HookReceiver implements AutoCloseable {
    final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private record Waiter(Predicate<JsonNode> rule, CompletableFuture<JsonNode> future) {
    }

    HookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/hook", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                bodies.add(body);
                JsonNode n = Wire.JSON.readTree(body);
                waiters.forEach(w -> {
                    if (w.rule().test(n)) {
                        w.future().complete(n);
                    }
                });
                ex.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    CompletableFuture<JsonNode> first(Predicate<JsonNode> rule) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        waiters.add(new Waiter(rule, f));
        return f;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook?k=client-side-token");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
