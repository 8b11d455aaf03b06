package io.mj4j.core.callback;

import io.mj4j.core.internal.http.SmallHttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * An embeddable callback endpoint for applications without a web framework. Start it first (so its address is
 * known), build the client with {@code .callbacks(server.uri().resolve(path), secret)}, then {@link #serve} the
 * client's {@link CallbackReceiver}; until then it answers 503. Only POSTs under the path are taken (others: 405,
 * 404); a body is kept up to the receiver's limit, a larger one is refused with 413 after discarding at most
 * eight times the limit (so the client can read the answer), and the connection is closed beyond that.
 *
 * <p>It is built to stay available to the vendor while someone else misbehaves (see {@link Limits}): a slow or
 * idle client holds a small buffer, never a thread (one selector thread reads every connection; a few worker
 * threads only see complete requests), so slow clients cannot delay a real callback; the request head must
 * arrive within {@link Limits#headerTimeout()} and the whole request within {@link Limits#requestTimeout()};
 * open connections are capped, and when the cap is reached a new connection closes the oldest one still being
 * read. The JDK's {@code com.sun.net.httpserver} cannot do this (it reads headers on a worker thread, blocking,
 * and its timeouts are JVM-wide system properties), which is why the old server lost callbacks to four
 * slow-loris connections.
 */
public final class CallbackServer implements AutoCloseable {
    /**
     * Bounds of the callback server.
     *
     * @param maxConnections connections open at once; a new one beyond closes the oldest still being read
     * @param headerTimeout  time from accept to the end of the request head
     * @param requestTimeout time from accept to the end of the body (and to send the answer)
     * @param workers        threads that hand complete requests to the receiver
     * @param queue          complete requests waiting for a worker; beyond it the answer is 503 at once
     * @param maxHeaderBytes largest request head (request line and headers); beyond it 431
     */
    public record Limits(int maxConnections, Duration headerTimeout, Duration requestTimeout, int workers, int queue,
                         int maxHeaderBytes) {
        /** 256 connections, 10 s for the head, 30 s for the request, 4 workers, 64 queued, 16 KiB of head. */
        public static final Limits DEFAULT = new Limits(256, Duration.ofSeconds(10), Duration.ofSeconds(30), 4, 64, 16 * 1024);

        public Limits {
            Objects.requireNonNull(headerTimeout, "headerTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (maxConnections < 1 || workers < 1 || queue < 1 || maxHeaderBytes < 256) {
                throw new IllegalArgumentException("callback server limits must be positive (maxHeaderBytes at least 256): "
                        + "maxConnections=" + maxConnections + ", workers=" + workers + ", queue=" + queue
                        + ", maxHeaderBytes=" + maxHeaderBytes);
            }
            if (headerTimeout.isNegative() || headerTimeout.isZero() || requestTimeout.compareTo(headerTimeout) < 0) {
                throw new IllegalArgumentException("callback server timeouts: headerTimeout must be positive and requestTimeout"
                        + " at least as long, got headerTimeout=" + headerTimeout + ", requestTimeout=" + requestTimeout);
            }
        }

        public Limits withHeaderTimeout(Duration d) {
            return new Limits(maxConnections, d, requestTimeout.compareTo(d) < 0 ? d : requestTimeout, workers, queue, maxHeaderBytes);
        }

        public Limits withMaxConnections(int n) {
            return new Limits(n, headerTimeout, requestTimeout, workers, queue, maxHeaderBytes);
        }
    }

    private final SmallHttpServer server;
    private final String path;
    private volatile CallbackReceiver receiver;

    private CallbackServer(String path, InetSocketAddress address, Limits limits) throws IOException {
        this.path = path;
        this.server = SmallHttpServer.start(address, new SmallHttpServer.Limits(limits.maxConnections(), limits.headerTimeout(),
                        limits.requestTimeout(), limits.workers(), limits.queue(), limits.maxHeaderBytes()),
                () -> {
                    CallbackReceiver r = receiver;
                    return r == null ? 64 * 1024 : r.maxBodyBytes(); // before serve(): read it, then answer 503
                }, this::handle, "mj-callbacks");
    }

    /** Listens on {@code address} (for example {@code new InetSocketAddress("0.0.0.0", 8085)}) under {@code path}. */
    public static CallbackServer start(InetSocketAddress address, String path) {
        return start(address, path, Limits.DEFAULT);
    }

    /** Listens on {@code address} under {@code path} with the given bounds. */
    public static CallbackServer start(InetSocketAddress address, String path, Limits limits) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(limits, "limits");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the callback path must start with '/', got '" + path + "'");
        }
        try {
            return new CallbackServer(path, address, limits);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for callbacks on " + address, e);
        }
    }

    /** Starts handing requests to {@code r}; returns this. */
    public CallbackServer serve(CallbackReceiver r) {
        this.receiver = Objects.requireNonNull(r, "receiver");
        return this;
    }

    private SmallHttpServer.Reply handle(io.mj4j.core.internal.http.RequestReader.Request request) {
        CallbackReceiver r = receiver;
        String p = request.rawPath();
        if (!(p.equals(path) || p.startsWith(path.endsWith("/") ? path : path + "/"))) {
            return new SmallHttpServer.Reply(404, "not found");
        }
        if (r == null) {
            return new SmallHttpServer.Reply(503, "not ready");
        }
        if (!request.method().equalsIgnoreCase("POST")) {
            return new SmallHttpServer.Reply(405, "POST only");
        }
        CallbackReceiver.Response response = r.handle(p, request.rawQuery(), request.headers(), request.body());
        return new SmallHttpServer.Reply(response.status(), response.message());
    }

    /** The base URL of the callbacks: scheme, the bound address and port, and the path. */
    public URI uri() {
        InetSocketAddress a = server.address();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + path);
    }

    @Override
    public void close() {
        server.close();
    }
}
