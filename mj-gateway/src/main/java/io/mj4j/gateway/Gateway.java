package io.mj4j.gateway;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mj4j.core.Mj;
import io.mj4j.core.MjConfigurationException;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.routing.RoutingPolicy;
import io.mj4j.gateway.internal.Auth;
import io.mj4j.gateway.internal.GatewayTasks;
import io.mj4j.gateway.internal.Hooks;
import io.mj4j.gateway.internal.Images;
import io.mj4j.gateway.internal.Queries;
import io.mj4j.gateway.internal.Router;
import io.mj4j.gateway.internal.Submits;
import io.mj4j.gateway.internal.TaskView;
import io.mj4j.gateway.internal.Views;
import io.mj4j.spi.Redaction;
import io.mj4j.store.jdbc.JdbcTaskStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running gateway: the midjourney-proxy protocol served over HTTP in front of the configured vendors, backed by
 * the mj4j engine and a durable store.
 *
 * <pre>{@code
 * try (Gateway g = Gateway.start(GatewaySettings.builder().provider("acedata").h2File(Path.of("gw"))
 *         .clientKey(ClientKey.of("app", "a-long-client-secret")).build())) {
 *     // clients POST g.uri() + "/mj/submit/imagine" with header mj-api-secret: a-long-client-secret
 * }
 * }</pre>
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} with a bounded pool of request threads and Jackson: no web
 * framework, a start in well under a second, one jar. On start it resumes every unfinished task in the store (after
 * a crash or a restart: polled again, never resubmitted). Thread-safe; close it to stop serving, tracking and the
 * database pool.
 */
public final class Gateway implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService requests;
    private final ExecutorService hookPool;
    private final Mj mj;
    private final JdbcTaskStore store;
    private final HikariDataSource dataSource;
    private final URI uri;
    private final URI publicUri;

    private Gateway(HttpServer server, ExecutorService requests, ExecutorService hookPool, Mj mj, JdbcTaskStore store,
                    HikariDataSource dataSource, URI uri, URI publicUri) {
        this.server = server;
        this.requests = requests;
        this.hookPool = hookPool;
        this.mj = mj;
        this.store = store;
        this.dataSource = dataSource;
        this.uri = uri;
        this.publicUri = publicUri;
    }

    /**
     * Opens the database, builds the engine, resumes stored tasks and starts serving.
     *
     * @throws MjConfigurationException for settings that cannot work (an open gateway on a public address, unknown
     *                                  providers, missing vendor keys), naming the setting to change
     * @throws UncheckedIOException     when the address cannot be bound
     */
    public static Gateway start(GatewaySettings s) {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(s.bindAddress);
        } catch (IOException e) {
            throw new MjConfigurationException("Cannot resolve the bind address '" + s.bindAddress + "' (--bind)");
        }
        if (s.clientKeys.isEmpty() && !bind.isLoopbackAddress()) {
            throw new MjConfigurationException("Refusing to serve " + s.bindAddress + " without client keys: anyone on the network "
                    + "could spend your vendor accounts. Set MJ_GATEWAY_KEYS=name:secret[:budget],... (or --keys-file), or bind to 127.0.0.1");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, s.port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + s.bindAddress + ":" + s.port + " (--bind/--port): " + e.getMessage(), e);
        }
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getAddress().getHostAddress();
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort());
        URI publicUri = s.publicUri.orElse(uri);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            HikariDataSource ds = dataSource(s);
            opened.add(ds);
            GatewayTasks tasks = new GatewayTasks(ds);
            JdbcTaskStore store = JdbcTaskStore.open(ds);
            opened.add(store);
            List<String> secrets = new ArrayList<>(s.extraSecrets);
            for (String p : s.providers) {
                ProviderConfig.fromEnvironment(p, s.environment).apiKey().ifPresent(secrets::add);
            }
            s.clientKeys.forEach(k -> secrets.add(k.secret()));
            String callbackSecret = tasks.setting("callback-secret", () -> GatewayTasks.randomSecret(32));
            secrets.add(callbackSecret);
            Redaction redaction = Redaction.of(secrets);
            ExecutorService hookPool = Executors.newFixedThreadPool(2, daemon("mj-gateway-hook"));
            opened.add(hookPool::shutdownNow);
            Hooks hooks = new Hooks(hookPool, redaction);
            Clock clock = Clock.systemUTC();
            Mj.Builder b = Mj.builder().environment(s.environment).store(store).prices(s.prices)
                    .onUpdate((task, snapshot) -> hooks.changed(task.id(), new TaskView.Engine(snapshot, task.providerId(), clock.instant())));
            s.providers.forEach(b::provider);
            if (s.providers.size() > 1) {
                b.routing(RoutingPolicy.ordered(s.providers.toArray(String[]::new)).healthAware());
            }
            s.budget.ifPresent(b::budget);
            if (s.vendorCallbacks) {
                b.callbacks(URI.create(publicUri.toString().replaceAll("/+$", "") + Router.CALLBACK_PATH),
                        Base64.getDecoder().decode(callbackSecret));
            }
            s.nodeId.ifPresent(n -> b.leases(n, s.lease));
            s.engine.accept(b);
            Mj mj = b.build();
            opened.add(mj);
            Views views = new Views(mj, store, tasks, clock);
            hooks.renderer((id, heard) -> tasks.find(id).filter(r -> r.notifyHook() != null).map(r -> new Hooks.Delivery(
                    URI.create(r.notifyHook()), io.mj4j.gateway.internal.Json.write(TaskView.render(r, Optional.of(heard), false)),
                    heard.snapshot().isTerminal())));
            Submits submits = new Submits(mj, tasks, views, new Images(tasks, publicUri), clock, s.prices, s.submitWait);
            Queries queries = new Queries(mj, tasks, views, s.submitWait);
            ThreadPoolExecutor requests = new ThreadPoolExecutor(s.threads, s.threads, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(1024), daemon("mj-gateway-http"));
            requests.allowCoreThreadTimeOut(true);
            server.createContext("/", new Router(new Auth(s.clientKeys), submits, queries, tasks, mj.callbackReceiver(), redaction,
                    s.maxBodyBytes));
            server.setExecutor(requests);
            mj.resumeActive(); // after a crash or restart: polled again, never resubmitted
            server.start();
            return new Gateway(server, requests, hookPool, mj, store, ds, uri, publicUri);
        } catch (RuntimeException e) {
            server.stop(0);
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception ignored) {
                    // already failing; the first error is the one to report
                }
            }
            throw e;
        }
    }

    private static HikariDataSource dataSource(GatewaySettings s) {
        HikariConfig c = new HikariConfig();
        if (s.jdbcUrl.isPresent()) {
            c.setJdbcUrl(s.jdbcUrl.get());
            c.setUsername(s.jdbcUser);
            c.setPassword(s.jdbcPassword);
        } else {
            Path file = s.h2File.orElse(Path.of("mj-gateway")).toAbsolutePath().normalize();
            String path = file.toString().endsWith(".mv.db") ? file.toString().substring(0, file.toString().length() - 6) : file.toString();
            // as JdbcTaskStore.h2File: one process owns the file, every commit written at once
            c.setJdbcUrl("jdbc:h2:file:" + path + ";AUTO_SERVER=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000");
            c.setUsername("sa");
            c.setPassword("");
        }
        c.setMaximumPoolSize(16);
        c.setPoolName("mj-gateway");
        c.setConnectionTimeout(10_000);
        return new HikariDataSource(c);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:8080}; clients use {@code uri() + "/mj/..."}. */
    public URI uri() {
        return uri;
    }

    /** The URL given to vendors (uploaded images, callbacks). */
    public URI publicUri() {
        return publicUri;
    }

    /** The engine behind it. */
    public Mj mj() {
        return mj;
    }

    /** Stops serving (requests in flight get up to a second), then the engine, the store and the pool. */
    @Override
    public void close() {
        server.stop(1);
        requests.shutdown();
        mj.close();
        store.close();
        hookPool.shutdownNow();
        dataSource.close();
    }

    @Override
    public String toString() {
        return "Gateway[" + uri + ", providers=" + mj.providers() + "]";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
