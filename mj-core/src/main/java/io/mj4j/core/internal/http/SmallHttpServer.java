package io.mj4j.core.internal.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * A small HTTP/1.1 server for short requests (vendor callbacks): one selector thread reads every connection
 * without blocking and hands only fully read requests to a few worker threads, so a client that sends its
 * head or body slowly costs a buffer, never a thread, and cannot delay anyone else's request.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: it reads the request head on the executor's thread,
 * blocking, so four clients sending partial headers held all four threads of the old callback server
 * (issue 17: a vendor's real callback was lost); its only request timeouts are JVM-wide system properties
 * ({@code sun.net.httpserver.maxReqTime}), read once by whichever server starts first, in whole seconds, and
 * it has no connection limit. Jetty or Undertow would do, but would put a web server into mj-core's
 * dependencies for one POST route; applications with one already should route callbacks through it to
 * {@code CallbackReceiver}.
 *
 * <p>Limits: at most {@code maxConnections} open connections; when full, a new connection closes the oldest one
 * still being read (it has had the most time), so a flood of idle connections cannot keep a quick caller out.
 * The head must arrive within {@code headerTimeout} of the accept and the whole request within
 * {@code requestTimeout} (else 408 and close). Complete requests wait in a queue of {@code queue}; when it is
 * full the answer is 503 at once. Every answer closes the connection. Thread-safe.
 */
public final class SmallHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmallHttpServer.class);

    /** What a handler answers; the message is sent as plain text. */
    public record Reply(int status, String message) {
    }

    /** The server's bounds; see the class comment. */
    public record Limits(int maxConnections, Duration headerTimeout, Duration requestTimeout, int workers, int queue,
                         int maxHeaderBytes) {
    }

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Limits limits;
    private final IntSupplier maxBodyBytes;
    private final Function<RequestReader.Request, Reply> handler;
    private final ThreadPoolExecutor workers;
    private final Thread io;
    private final Queue<Runnable> toIo = new ConcurrentLinkedQueue<>();
    /** Open connections, oldest first; touched by the I/O thread only. */
    private final Map<SocketChannel, Conn> conns = new LinkedHashMap<>();
    private volatile boolean closed;

    private SmallHttpServer(ServerSocketChannel listener, Selector selector, Limits limits, IntSupplier maxBodyBytes,
                            Function<RequestReader.Request, Reply> handler, String name) {
        this.listener = listener;
        this.selector = selector;
        this.limits = limits;
        this.maxBodyBytes = maxBodyBytes;
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(limits.queue()), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.io = new Thread(this::loop, name + "-io");
        io.setDaemon(true);
    }

    /**
     * Binds {@code address} and starts serving.
     *
     * @param maxBodyBytes the largest body kept, asked once per request head
     * @param handler      called on a worker thread with each fully read request
     */
    public static SmallHttpServer start(InetSocketAddress address, Limits limits, IntSupplier maxBodyBytes,
                                        Function<RequestReader.Request, Reply> handler, String name) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        Selector sel = null;
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(address, 128);
            ch.configureBlocking(false);
            sel = Selector.open();
            ch.register(sel, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (sel != null) {
                sel.close();
            }
            throw e;
        }
        SmallHttpServer s = new SmallHttpServer(ch, sel, limits, maxBodyBytes, handler, name);
        s.io.start();
        return s;
    }

    /** The bound address (the port is known here when 0 was asked). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            io.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }

    // ------------------------------------------------------------------ the I/O thread

    private final class Conn {
        final SocketChannel ch;
        final SelectionKey key;
        final long acceptedAt = System.nanoTime();
        final RequestReader reader;
        ByteBuffer out;
        /** {@code out} holds a 100 Continue, after which reading goes on. */
        boolean continuing;
        long deadline;

        Conn(SocketChannel ch, SelectionKey key) {
            this.ch = ch;
            this.key = key;
            this.reader = new RequestReader(limits.maxHeaderBytes(), Math.max(0, maxBodyBytes.getAsInt()));
            this.deadline = acceptedAt + limits.headerTimeout().toNanos();
        }

        boolean reading() {
            return out == null && reader.state() == RequestReader.State.READING;
        }
    }

    private void loop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(16 * 1024);
        try {
            while (!closed) {
                selector.select(100);
                for (Runnable r; (r = toIo.poll()) != null; ) {
                    r.run();
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isAcceptable()) {
                        accept();
                    } else {
                        Conn c = (Conn) k.attachment();
                        if (k.isValid() && k.isWritable()) {
                            write(c);
                        } else if (k.isValid() && k.isReadable()) {
                            read(c, buf);
                        }
                    }
                }
                expire();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                LOG.error("The callback server stopped: {}", e.toString());
            }
        } finally {
            conns.keySet().forEach(SmallHttpServer::quietClose);
            conns.clear();
            quietClose(listener);
            quietClose(selector);
        }
    }

    private void accept() throws IOException {
        for (SocketChannel ch; (ch = listener.accept()) != null; ) {
            if (conns.size() >= limits.maxConnections()) {
                Conn oldest = conns.values().stream().filter(Conn::reading).findFirst().orElse(null);
                if (oldest == null) {
                    quietClose(ch); // every slot holds a request being answered
                    continue;
                }
                LOG.debug("Callback server full ({} connections): closing the oldest unfinished one", conns.size());
                drop(oldest);
            }
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            Conn c = new Conn(ch, key);
            key.attach(c);
            conns.put(ch, c);
        }
    }

    private void read(Conn c, ByteBuffer buf) {
        buf.clear();
        int n;
        try {
            n = c.ch.read(buf);
        } catch (IOException e) {
            drop(c);
            return;
        }
        if (n < 0) {
            drop(c); // the client gave up before finishing its request
            return;
        }
        buf.flip();
        boolean hadHead = c.reader.headComplete();
        RequestReader.State state = c.reader.feed(buf);
        if (!hadHead && c.reader.headComplete()) {
            c.deadline = c.acceptedAt + limits.requestTimeout().toNanos();
        }
        if (state == RequestReader.State.FAILED) {
            respond(c, new Reply(c.reader.failStatus(), c.reader.failReason()));
        } else if (state == RequestReader.State.DONE) {
            c.key.interestOps(0);
            RequestReader.Request request = c.reader.request();
            try {
                workers.execute(() -> handle(c, request));
            } catch (RejectedExecutionException e) {
                respond(c, new Reply(503, "busy, try again"));
            }
        } else if (c.reader.takeExpectContinue()) {
            c.out = ByteBuffer.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            c.continuing = true;
            write(c);
        }
    }

    private void handle(Conn c, RequestReader.Request request) {
        Reply reply;
        try {
            reply = handler.apply(request);
        } catch (RuntimeException e) {
            LOG.warn("Callback handler failed: {}", e.toString());
            reply = new Reply(500, "internal error");
        }
        Reply r = reply;
        toIo.add(() -> respond(c, r));
        selector.wakeup();
    }

    private void respond(Conn c, Reply reply) {
        if (!c.ch.isOpen()) {
            return;
        }
        byte[] msg = reply.message().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + reply.status() + " " + reason(reply.status()) + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + msg.length + "\r\nConnection: close\r\n\r\n";
        ByteBuffer b = ByteBuffer.allocate(head.length() + msg.length);
        b.put(head.getBytes(StandardCharsets.ISO_8859_1)).put(msg).flip();
        c.out = b;
        c.continuing = false;
        c.key.interestOps(0);
        c.deadline = System.nanoTime() + limits.requestTimeout().toNanos();
        write(c);
    }

    private void write(Conn c) {
        try {
            c.ch.write(c.out);
        } catch (IOException e) {
            drop(c);
            return;
        }
        if (c.out.hasRemaining()) {
            c.key.interestOps(SelectionKey.OP_WRITE);
        } else if (c.continuing) {
            c.out = null; // the 100 Continue went out: read on
            c.continuing = false;
            c.key.interestOps(SelectionKey.OP_READ);
        } else {
            // answered: stop sending, then close without waiting for the client (it reads our answer first)
            try {
                c.ch.shutdownOutput();
            } catch (IOException ignored) {
                // closing below anyway
            }
            drop(c);
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (Conn c : conns.values().toArray(new Conn[0])) {
            if (now - c.deadline < 0) {
                continue;
            }
            if (c.out == null && c.reader.state() == RequestReader.State.READING) {
                respond(c, new Reply(408, c.reader.headComplete() ? "request body too slow" : "request head too slow"));
                if (conns.containsKey(c.ch)) {
                    c.deadline = now + Duration.ofSeconds(1).toNanos(); // a last second to read the 408
                }
            } else if (c.out != null) {
                drop(c); // the client does not read its answer
            }
        }
    }

    private void drop(Conn c) {
        conns.remove(c.ch);
        c.key.cancel();
        quietClose(c.ch);
    }

    private static void quietClose(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}
