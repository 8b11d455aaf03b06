package io.mj4j.spring.boot;

import io.mj4j.spi.ActionKind;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code mj4j.*} settings the auto-configured {@link io.mj4j.core.Mj} is built from. Every value is optional:
 * an unset one keeps the mj4j default (and an unset key of a provider is read from {@code MJ_<ID>_API_KEY}, as
 * without Spring). Keys are never shown by {@link #toString()}.
 */
@ConfigurationProperties(prefix = "mj4j")
public class Mj4jProperties {
    /** The providers to use, by id (acedata, gptunnel, ohmygpt, kolersky, mjproxy, or a third-party id), in order. */
    private Map<String, Provider> providers = new LinkedHashMap<>();
    /** The provider for root actions without a routing policy (default: the first configured). */
    private String defaultProvider;
    /** How root actions choose among several providers. */
    private final Routing routing = new Routing();
    /** Normalized prices (for cheapest-first routing, cost totals and the budget). */
    private final Prices prices = new Prices();
    /** The most the client may spend, in the price table's currency; new tasks past it are refused. */
    private BigDecimal budget;
    /** The deadline of every action kind without its own (default 10 min): a task still running then ends FAILED with TIMEOUT. */
    private Duration defaultDeadline;
    /** Deadlines per action kind, for example {@code animate: 15m}. */
    private Map<ActionKind, Duration> deadlines = new EnumMap<>(ActionKind.class);
    /** Where tasks are kept. */
    private final Store store = new Store();
    /** Vendor callbacks, served as a Spring MVC route. */
    private final Callbacks callbacks = new Callbacks();
    /** When a provider's circuit opens and for how long. */
    private final Health health = new Health();
    /** Threads for HTTP work (default 4). */
    private Integer workerThreads;
    /** Adaptive polling (default on). */
    private Boolean adaptivePolling;
    /** On start, resume polling the unfinished tasks the store holds (default on). */
    private boolean resumeOnStart = true;

    public Map<String, Provider> getProviders() { return providers; }
    public void setProviders(Map<String, Provider> providers) { this.providers = providers; }
    public String getDefaultProvider() { return defaultProvider; }
    public void setDefaultProvider(String defaultProvider) { this.defaultProvider = defaultProvider; }
    public Routing getRouting() { return routing; }
    public Prices getPrices() { return prices; }
    public BigDecimal getBudget() { return budget; }
    public void setBudget(BigDecimal budget) { this.budget = budget; }
    public Duration getDefaultDeadline() { return defaultDeadline; }
    public void setDefaultDeadline(Duration defaultDeadline) { this.defaultDeadline = defaultDeadline; }
    public Map<ActionKind, Duration> getDeadlines() { return deadlines; }
    public void setDeadlines(Map<ActionKind, Duration> deadlines) { this.deadlines = deadlines; }
    public Store getStore() { return store; }
    public Callbacks getCallbacks() { return callbacks; }
    public Health getHealth() { return health; }
    public Integer getWorkerThreads() { return workerThreads; }
    public void setWorkerThreads(Integer workerThreads) { this.workerThreads = workerThreads; }
    public Boolean getAdaptivePolling() { return adaptivePolling; }
    public void setAdaptivePolling(Boolean adaptivePolling) { this.adaptivePolling = adaptivePolling; }
    public boolean isResumeOnStart() { return resumeOnStart; }
    public void setResumeOnStart(boolean resumeOnStart) { this.resumeOnStart = resumeOnStart; }

    @Override
    public String toString() {
        return "Mj4jProperties[providers=" + providers + ", defaultProvider=" + defaultProvider + "]";
    }

    /** One provider account. */
    public static class Provider {
        /** The API key (unset: {@code MJ_<ID>_API_KEY}). */
        private String apiKey;
        /** The vendor's base URL (unset: {@code MJ_<ID>_BASE_URL}, else the vendor's public one). */
        private URI baseUrl;
        /** A fixed callback URL for the vendor (most apps use {@code mj4j.callbacks} instead). */
        private URI callbackUrl;
        /** Vendor options (see each provider's README), for example {@code mode: fast}. */
        private Map<String, String> options = new LinkedHashMap<>();
        /** Poll options of this provider (unset values: mj4j's defaults). */
        private final Poll poll = new Poll();
        /** Most tasks running at once at this provider (unset: no limit). */
        private Integer maxConcurrent;
        /** Most tasks waiting for a slot when {@code max-concurrent} is reached (default 0). */
        private int maxQueued;

        public String getApiKey() { return apiKey; }
        public void setApiKey(String apiKey) { this.apiKey = apiKey; }
        public URI getBaseUrl() { return baseUrl; }
        public void setBaseUrl(URI baseUrl) { this.baseUrl = baseUrl; }
        public URI getCallbackUrl() { return callbackUrl; }
        public void setCallbackUrl(URI callbackUrl) { this.callbackUrl = callbackUrl; }
        public Map<String, String> getOptions() { return options; }
        public void setOptions(Map<String, String> options) { this.options = options; }
        public Poll getPoll() { return poll; }
        public Integer getMaxConcurrent() { return maxConcurrent; }
        public void setMaxConcurrent(Integer maxConcurrent) { this.maxConcurrent = maxConcurrent; }
        public int getMaxQueued() { return maxQueued; }
        public void setMaxQueued(int maxQueued) { this.maxQueued = maxQueued; }

        @Override
        public String toString() {
            return "Provider[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "unset" : "****") + ", options=" + options.keySet() + "]";
        }
    }

    /** Poll options; unset values keep {@link io.mj4j.core.PollOptions#DEFAULT}'s. */
    public static class Poll {
        private Duration firstPoll;
        private Duration interval;
        private Duration maxInterval;
        private Double backoff;
        private Double jitter;

        public Duration getFirstPoll() { return firstPoll; }
        public void setFirstPoll(Duration firstPoll) { this.firstPoll = firstPoll; }
        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = interval; }
        public Duration getMaxInterval() { return maxInterval; }
        public void setMaxInterval(Duration maxInterval) { this.maxInterval = maxInterval; }
        public Double getBackoff() { return backoff; }
        public void setBackoff(Double backoff) { this.backoff = backoff; }
        public Double getJitter() { return jitter; }
        public void setJitter(Double jitter) { this.jitter = jitter; }

        boolean isSet() {
            return firstPoll != null || interval != null || maxInterval != null || backoff != null || jitter != null;
        }
    }

    /** The routing policy. */
    public static class Routing {
        /** The policy: ordered, configuration-order, weighted or cheapest-first (unset: every root action to the default provider). */
        private Policy policy;
        /** Provider ids for {@code ordered}. */
        private List<String> order = new ArrayList<>();
        /** Weights for {@code weighted}. */
        private Map<String, Integer> weights = new LinkedHashMap<>();
        /** Move providers whose circuit is open to the end (default true). */
        private boolean healthAware = true;

        public Policy getPolicy() { return policy; }
        public void setPolicy(Policy policy) { this.policy = policy; }
        public List<String> getOrder() { return order; }
        public void setOrder(List<String> order) { this.order = order; }
        public Map<String, Integer> getWeights() { return weights; }
        public void setWeights(Map<String, Integer> weights) { this.weights = weights; }
        public boolean isHealthAware() { return healthAware; }
        public void setHealthAware(boolean healthAware) { this.healthAware = healthAware; }
    }

    /** Routing policies. */
    public enum Policy { ORDERED, CONFIGURATION_ORDER, WEIGHTED, CHEAPEST_FIRST }

    /** The price table. */
    public static class Prices {
        /** Currency of the normalized totals and the budget (default USD). */
        private String currency = "USD";
        /** Price of one task per provider id. */
        private Map<String, BigDecimal> perTask = new LinkedHashMap<>();

        public String getCurrency() { return currency; }
        public void setCurrency(String currency) { this.currency = currency; }
        public Map<String, BigDecimal> getPerTask() { return perTask; }
        public void setPerTask(Map<String, BigDecimal> perTask) { this.perTask = perTask; }
    }

    /** Where tasks are kept. */
    public static class Store {
        /** auto (the application's DataSource if it has one, else an H2 file), data-source, h2-file or in-memory. */
        private StoreType type = StoreType.AUTO;
        /** The H2 file of {@code h2-file} (and of {@code auto} without a DataSource). */
        private Path h2File = Path.of("data", "mj4j");
        /** Most connections the store takes from the application's DataSource. */
        private int maxConnections = 2;

        public StoreType getType() { return type; }
        public void setType(StoreType type) { this.type = type; }
        public Path getH2File() { return h2File; }
        public void setH2File(Path h2File) { this.h2File = h2File; }
        public int getMaxConnections() { return maxConnections; }
        public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
    }

    /** Store kinds. */
    public enum StoreType { AUTO, DATA_SOURCE, H2_FILE, IN_MEMORY }

    /** Per-task HMAC callback URLs served by this application. */
    public static class Callbacks {
        /**
         * The public URL of the callback route as vendors reach it, for example
         * {@code https://app.example.com/mj4j/callbacks}; unset: no callbacks (polling only).
         */
        private URI publicBase;
        /** The path this application serves them at (default: the path of {@code public-base}). */
        private String path;
        /** The HMAC secret, at least 16 characters; keep it stable across restarts. */
        private String secret;
        /** The largest callback body accepted, in bytes (default 1 MiB). */
        private Integer bodyLimit;
        /**
         * How long a "done" callback waits for its confirming status query on a provider with batch fetch, so that
         * confirmations close together share one request (default 500 ms; 0 for at once; at most 1 minute).
         */
        private Duration confirmWindow;

        public URI getPublicBase() { return publicBase; }
        public void setPublicBase(URI publicBase) { this.publicBase = publicBase; }
        public String getPath() { return path; }
        public void setPath(String path) { this.path = path; }
        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret; }
        public Integer getBodyLimit() { return bodyLimit; }
        public void setBodyLimit(Integer bodyLimit) { this.bodyLimit = bodyLimit; }
        public Duration getConfirmWindow() { return confirmWindow; }
        public void setConfirmWindow(Duration confirmWindow) { this.confirmWindow = confirmWindow; }

        /** The route's path: {@code path}, else the path of {@code public-base}, without a trailing slash. */
        String routePath() {
            String p = path != null && !path.isBlank() ? path : publicBase.getPath();
            if (p == null || p.isEmpty()) {
                p = "/";
            }
            return p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
        }

        @Override
        public String toString() {
            return "Callbacks[publicBase=" + publicBase + ", secret=" + (secret == null ? "unset" : "****") + "]";
        }
    }

    /** Circuit breaker per provider. */
    public static class Health {
        /** Consecutive failures that open a provider's circuit (default 5). */
        private Integer failureThreshold;
        /** How long it stays open (default 30 s). */
        private Duration cooldown;

        public Integer getFailureThreshold() { return failureThreshold; }
        public void setFailureThreshold(Integer failureThreshold) { this.failureThreshold = failureThreshold; }
        public Duration getCooldown() { return cooldown; }
        public void setCooldown(Duration cooldown) { this.cooldown = cooldown; }
    }
}
