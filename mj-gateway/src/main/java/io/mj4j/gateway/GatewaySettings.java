package io.mj4j.gateway;

import io.mj4j.core.Budget;
import io.mj4j.core.Mj;
import io.mj4j.core.routing.PriceTable;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a {@link Gateway} runs: the vendors behind it (mj4j provider ids, configured from {@code environment} as
 * everywhere in mj4j: {@code MJ_<ID>_API_KEY}, {@code MJ_<ID>_BASE_URL}...), the database (an H2 file by default,
 * PostgreSQL for several instances), the address it listens on (loopback by default), its client keys, and bounds.
 * Immutable and thread-safe; build with {@link #builder()}.
 */
public final class GatewaySettings {
    /** Default port, the OSS server's. */
    public static final int DEFAULT_PORT = 8080;

    final List<String> providers;
    final Map<String, String> environment;
    final Optional<Path> h2File;
    final Optional<String> jdbcUrl;
    final String jdbcUser;
    final String jdbcPassword;
    final String bindAddress;
    final int port;
    final Optional<URI> publicUri;
    final boolean vendorCallbacks;
    final List<ClientKey> clientKeys;
    final PriceTable prices;
    final Optional<Budget> budget;
    final Optional<String> nodeId;
    final Duration lease;
    final Duration submitWait;
    final int threads;
    final int maxBodyBytes;
    final List<String> extraSecrets;
    final Consumer<Mj.Builder> engine;

    private GatewaySettings(Builder b) {
        this.providers = List.copyOf(b.providers);
        this.environment = Map.copyOf(b.environment);
        this.h2File = Optional.ofNullable(b.h2File);
        this.jdbcUrl = Optional.ofNullable(b.jdbcUrl);
        this.jdbcUser = b.jdbcUser;
        this.jdbcPassword = b.jdbcPassword;
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.publicUri = Optional.ofNullable(b.publicUri);
        this.vendorCallbacks = b.vendorCallbacks;
        this.clientKeys = List.copyOf(b.clientKeys);
        this.prices = b.prices;
        this.budget = Optional.ofNullable(b.budget);
        this.nodeId = Optional.ofNullable(b.nodeId);
        this.lease = b.lease;
        this.submitWait = b.submitWait;
        this.threads = b.threads;
        this.maxBodyBytes = b.maxBodyBytes;
        this.extraSecrets = List.copyOf(b.extraSecrets);
        this.engine = b.engine;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> providers() {
        return providers;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return "GatewaySettings[providers=" + providers + ", bind=" + bindAddress + ":" + port + ", store="
                + h2File.map(p -> "H2 " + p).or(() -> jdbcUrl.map(u -> u.replaceAll("password=[^&;]*", "password=****"))).orElse("H2 ./mj-gateway")
                + ", clientKeys=" + clientKeys.size() + nodeId.map(n -> ", node=" + n).orElse("") + "]";
    }

    /** Builds {@link GatewaySettings}. Not thread-safe. */
    public static final class Builder {
        private final List<String> providers = new ArrayList<>();
        private Map<String, String> environment = System.getenv();
        private Path h2File;
        private String jdbcUrl;
        private String jdbcUser = "";
        private String jdbcPassword = "";
        private String bindAddress = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private URI publicUri;
        private boolean vendorCallbacks;
        private final List<ClientKey> clientKeys = new ArrayList<>();
        private PriceTable prices = PriceTable.none();
        private Budget budget;
        private String nodeId;
        private Duration lease = Duration.ofSeconds(30);
        private Duration submitWait = Duration.ofSeconds(30);
        private int threads = 32;
        private int maxBodyBytes = 32 * 1024 * 1024;
        private final List<String> extraSecrets = new ArrayList<>();
        private Consumer<Mj.Builder> engine = b -> { };

        private Builder() {
        }

        /** A vendor behind the gateway; the first is the default, the others take root actions it cannot (failover, in order). */
        public Builder provider(String id) {
            providers.add(Objects.requireNonNull(id, "id"));
            return this;
        }

        /** Where provider settings are read (default: the process environment). */
        public Builder environment(Map<String, String> env) {
            this.environment = Map.copyOf(env);
            return this;
        }

        /** The H2 file holding tasks (default {@code ./mj-gateway}); one process at a time. */
        public Builder h2File(Path file) {
            this.h2File = Objects.requireNonNull(file);
            this.jdbcUrl = null;
            return this;
        }

        /** A JDBC database (PostgreSQL for several instances: {@code jdbc:postgresql://host:5432/db}). */
        public Builder jdbc(String url, String user, String password) {
            this.jdbcUrl = Objects.requireNonNull(url);
            this.jdbcUser = user == null ? "" : user;
            this.jdbcPassword = password == null ? "" : password;
            this.h2File = null;
            return this;
        }

        /** The address to listen on (default 127.0.0.1: only this machine; 0.0.0.0 for every interface). */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address);
            return this;
        }

        /** The port (default 8080; 0 picks a free one). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The URL vendors and clients reach this gateway at (uploaded images, vendor callbacks); default the bound address. */
        public Builder publicUri(URI uri) {
            this.publicUri = Objects.requireNonNull(uri);
            return this;
        }

        /** Receive vendor callbacks at {@code <public URL>/mj4j/callbacks/} (HMAC per task); polling goes on either way. */
        public Builder vendorCallbacks(boolean on) {
            this.vendorCallbacks = on;
            return this;
        }

        /** A client allowed in; with none the gateway is open (refused unless it listens on loopback only). */
        public Builder clientKey(ClientKey key) {
            if (clientKeys.stream().anyMatch(k -> k.name().equals(key.name()))) {
                throw new IllegalArgumentException("client key '" + key.name() + "' is given twice");
            }
            clientKeys.add(key);
            return this;
        }

        public Builder clientKeys(List<ClientKey> keys) {
            keys.forEach(this::clientKey);
            return this;
        }

        /** Prices per provider and action: what client budgets and the engine's budget count. */
        public Builder prices(PriceTable table) {
            this.prices = Objects.requireNonNull(table);
            return this;
        }

        /** The engine's overall budget, on top of each client's. */
        public Builder budget(Budget b) {
            this.budget = Objects.requireNonNull(b);
            return this;
        }

        /** Several instances on one PostgreSQL: this instance's node id; unfinished tasks are leased per node. */
        public Builder node(String nodeId, Duration lease) {
            this.nodeId = Objects.requireNonNull(nodeId);
            this.lease = Objects.requireNonNull(lease);
            return this;
        }

        /** How long a submit waits for the vendor's acknowledgement before answering code 22 (default 30 s). */
        public Builder submitWait(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("submitWait must be positive, got " + d);
            }
            this.submitWait = d;
            return this;
        }

        /** Request threads (default 32); requests beyond them queue, up to 1024, then the connection is refused. */
        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + n);
            }
            this.threads = n;
            return this;
        }

        /** Largest request body (default 32 MiB: blends carry up to five images). */
        public Builder maxBodyBytes(int n) {
            if (n < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 1024, got " + n);
            }
            this.maxBodyBytes = n;
            return this;
        }

        /** Another secret no answer may contain (the vendor keys from the environment are always hidden). */
        public Builder secret(String s) {
            extraSecrets.add(s);
            return this;
        }

        /** Further engine settings (poll options, deadlines, a registry...), applied last. */
        public Builder engine(Consumer<Mj.Builder> customizer) {
            this.engine = Objects.requireNonNull(customizer);
            return this;
        }

        public GatewaySettings build() {
            if (providers.isEmpty()) {
                throw new IllegalArgumentException("the gateway needs at least one provider (GatewaySettings.builder().provider(\"acedata\"))");
            }
            return new GatewaySettings(this);
        }
    }
}
