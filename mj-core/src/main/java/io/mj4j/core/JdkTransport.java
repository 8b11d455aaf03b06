package io.mj4j.core;

import io.mj4j.spi.HttpCall;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.Transport;
import io.mj4j.spi.TransportException;
import io.mj4j.spi.TransportException.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link Transport} over {@code java.net.http.HttpClient}: connect and request timeouts, a user
 * agent, SLF4J logging (logger {@code io.mj4j.transport}) of method, URI, status and time with every
 * registered secret replaced by "****" and no header values at all, and the classification of failures
 * into {@link Delivery#NOT_SENT} (connection refused, unknown host, connect timeout) and
 * {@link Delivery#MAYBE_SENT} (reset, read timeout, malformed or empty reply). Registered secrets are also
 * replaced in reply bodies, since some vendors echo the request in their errors.
 *
 * <p>It never retries by itself. One retry happens inside the JDK client: a GET whose kept-alive
 * connection turns out to be closed before any byte of the reply is re-sent once on a new connection.
 * That never applies to POST, so a submit is sent at most once.
 *
 * <p>Immutable after build except for {@link #addSecret(String)}; thread-safe.
 */
public final class JdkTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger("io.mj4j.transport");
    /** Headers the JDK client refuses to set; silently skipping them is what a caller expects. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpClient client;
    private final Duration requestTimeout;
    private final String userAgent;
    private volatile Redaction redaction = Redaction.none();

    private JdkTransport(Builder b) {
        this.client = HttpClient.newBuilder().connectTimeout(b.connectTimeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).executor(SharedPool.EXECUTOR).build();
        this.requestTimeout = b.requestTimeout;
        this.userAgent = b.userAgent;
    }

    /** A builder with defaults: connect timeout 10 s, request timeout 60 s, user agent "mj4j/VERSION". */
    public static Builder builder() {
        return new Builder();
    }

    /** Registers a secret (an API key) to hide in every log line. */
    public JdkTransport addSecret(String secret) {
        redaction = redaction.with(secret);
        return this;
    }

    @Override
    public HttpReply send(HttpCall call) {
        Objects.requireNonNull(call, "call");
        HttpRequest.Builder rb = HttpRequest.newBuilder(call.uri())
                .timeout(call.timeout().orElse(requestTimeout))
                .header("User-Agent", userAgent);
        call.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> rb.header(name, v));
            }
        });
        byte[] body = call.body();
        rb.method(call.method(), body.length == 0 && (call.method().equals("GET") || call.method().equals("HEAD"))
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        String target = redaction.apply(call.method() + " " + call.uri());
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} -> {} in {} ms", target, response.statusCode(), (System.nanoTime() - start) / 1_000_000);
            }
            return new HttpReply(response.statusCode(), response.headers().map(), scrub(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(target, e, Delivery.MAYBE_SENT);
        } catch (IOException | RuntimeException e) {
            throw failure(target, e, classify(e));
        }
    }

    /**
     * Hides registered secrets in a reply body: some vendors echo the request (key included) in error
     * bodies, and providers quote error bodies in exception messages.
     */
    private byte[] scrub(byte[] body) {
        if (body.length == 0 || body.length > 4_000_000) {
            return body;
        }
        String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
        String clean = redaction.apply(text);
        return clean.equals(text) ? body : clean.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static Delivery classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof UnresolvedAddressException) {
                return Delivery.NOT_SENT;
            }
            if (t instanceof HttpTimeoutException) {
                return Delivery.MAYBE_SENT;
            }
        }
        return Delivery.MAYBE_SENT;
    }

    private TransportException failure(String target, Exception e, Delivery delivery) {
        String reason = redaction.apply(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        LOG.warn("{} failed ({}): {}", target, delivery, reason);
        return new TransportException(target + " failed (" + (delivery == Delivery.NOT_SENT ? "request not sent" : "request may have reached the vendor")
                + "): " + reason, null, delivery);
    }

    /**
     * One bounded pool, shared by every JdkTransport of the JVM, for the JDK client's own work (left alone,
     * the JDK grows a pool per client without limit under load; measured in mj-bench). Daemon threads named
     * {@code mj4j-http-N}.
     */
    private static final class SharedPool {
        static final java.util.concurrent.ExecutorService EXECUTOR;

        static {
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            EXECUTOR = java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "mj4j-http-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        private SharedPool() {
        }
    }

    @Override
    public String toString() {
        return "JdkTransport[requestTimeout=" + requestTimeout + ", userAgent=" + userAgent + "]";
    }

    /** Builds a {@link JdkTransport}. Not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private String userAgent = "mj4j/" + Version.VERSION;

        private Builder() {
        }

        public Builder connectTimeout(Duration d) { this.connectTimeout = positive("connectTimeout", d); return this; }
        public Builder requestTimeout(Duration d) { this.requestTimeout = positive("requestTimeout", d); return this; }
        public Builder userAgent(String ua) { this.userAgent = Objects.requireNonNull(ua, "userAgent"); return this; }

        public JdkTransport build() {
            return new JdkTransport(this);
        }

        private static Duration positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
