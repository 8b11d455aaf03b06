package io.mj4j.sandbox.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A loopback JDK HttpServer handing every exchange to one handler. */
public final class SimServer implements AutoCloseable {
    /**
     * What the handler answers: status + headers + body; status 0 drops the connection; a negative status
     * sends {@code -status} with the full Content-Length but only half the body, then closes (a truncated reply).
     */
    public record Reply(int status, java.util.Map<String, String> headers, byte[] body) {
    }

    /** One request read off the wire. */
    public record Incoming(String method, URI uri, java.util.Map<String, java.util.List<String>> headers, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService pool;

    public SimServer(int port, Function<Incoming, Reply> handler) throws IOException {
        // without TCP_NODELAY every small reply waits ~40 ms for a delayed ACK (measured in mj-bench); the JDK
        // server reads this property once, so set it before the first server of the process is made
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "mj-sandbox-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", exchange -> serve(exchange, handler));
        server.start();
    }

    private static void serve(HttpExchange exchange, Function<Incoming, Reply> handler) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Reply reply = handler.apply(new Incoming(exchange.getRequestMethod(), exchange.getRequestURI(),
                    exchange.getRequestHeaders(), body));
            if (reply.status() == 0) {
                return; // closing without response headers drops the connection
            }
            if (reply.status() < 0) {
                reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.sendResponseHeaders(-reply.status(), Math.max(2, reply.body().length));
                OutputStream out = exchange.getResponseBody();
                out.write(reply.body(), 0, reply.body().length / 2);
                out.flush();
                throw new java.io.IOException("truncated on purpose");
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (RuntimeException e) {
            byte[] msg = ("sandbox error: " + e).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, msg.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(msg);
            }
        }
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
