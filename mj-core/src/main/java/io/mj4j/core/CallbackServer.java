package io.mj4j.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An embeddable callback endpoint on the JDK's HTTP server, for applications without a web framework.
 * Start it first (so its address is known), build the client with
 * {@code .callbacks(server.uri().resolve(path), secret)}, then {@link #serve} the client's
 * {@link CallbackReceiver}; until then it answers 503. Only POSTs are taken, and a body is read up to the
 * receiver's limit plus one byte; an oversized body is refused with 413 after draining at most eight times
 * the limit (so the client can read the answer), and the connection is closed beyond that.
 */
public final class CallbackServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool;
    private final String path;
    private volatile CallbackReceiver receiver;

    private CallbackServer(HttpServer server, ExecutorService pool, String path) {
        this.server = server;
        this.pool = pool;
        this.path = path;
    }

    /** Listens on {@code address} (for example {@code new InetSocketAddress("0.0.0.0", 8085)}) under {@code path}. */
    public static CallbackServer start(InetSocketAddress address, String path) {
        Objects.requireNonNull(path, "path");
        try {
            HttpServer server = HttpServer.create(address, 128);
            ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "mj-callbacks");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(pool);
            CallbackServer cs = new CallbackServer(server, pool, path);
            server.createContext(path, cs::serve);
            server.start();
            return cs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for callbacks on " + address, e);
        }
    }

    /** Starts handing requests to {@code r}; returns this. */
    public CallbackServer serve(CallbackReceiver r) {
        this.receiver = Objects.requireNonNull(r, "receiver");
        return this;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            CallbackReceiver r = receiver;
            CallbackReceiver.Response response;
            if (r == null) {
                response = new CallbackReceiver.Response(503, "not ready");
            } else if (!exchange.getRequestMethod().equalsIgnoreCase("POST")) {
                response = new CallbackReceiver.Response(405, "POST only");
            } else {
                byte[] body = in.readNBytes(r.maxBodyBytes() + 1);
                if (body.length > r.maxBodyBytes()) {
                    // drain a bounded rest so the client can read the 413; beyond that the connection just closes
                    long left = 8L * r.maxBodyBytes();
                    byte[] sink = new byte[8192];
                    for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
                        left -= n;
                    }
                }
                response = r.handle(exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders(), body);
            }
            byte[] msg = response.message().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(response.status(), msg.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(msg);
            }
        }
    }

    /** The base URL of the callbacks: scheme, the bound address and port, and the path. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + path);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
