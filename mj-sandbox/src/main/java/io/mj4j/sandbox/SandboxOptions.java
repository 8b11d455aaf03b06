package io.mj4j.sandbox;

import io.mj4j.spi.ActionKind;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a sandbox behaves. Durations are those of real Midjourney jobs (imagine about 45 s, upscale
 * 10 s, video 2 min) multiplied by {@link Builder#timeScale} (default 0.05: an imagine takes about
 * 2 s) with a seeded spread of plus or minus 30 %. Immutable; thread-safe.
 */
public final class SandboxOptions {
    private final double timeScale;
    private final long seed;
    private final Clock clock;
    private final String apiKey;
    private final int port;
    private final Map<ActionKind, Duration> durations;
    private final Duration queueTime;
    private final java.nio.file.Path stateDir;
    private final double durationSigma;

    private SandboxOptions(Builder b) {
        this.timeScale = b.timeScale;
        this.seed = b.seed;
        this.clock = b.clock;
        this.apiKey = b.apiKey;
        this.port = b.port;
        this.durations = Map.copyOf(b.durations);
        this.queueTime = b.queueTime;
        this.stateDir = b.stateDir;
        this.durationSigma = b.durationSigma;
    }

    /** Defaults: time scale 0.05, seed 42, system clock, generated key, any free port. */
    public static SandboxOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public double timeScale() { return timeScale; }
    public long seed() { return seed; }
    public Clock clock() { return clock; }
    /** The key the simulated vendor accepts (null: one is generated). */
    public String apiKey() { return apiKey; }
    public int port() { return port; }
    /** Unscaled duration of a job of {@code kind}. */
    public Duration duration(ActionKind kind) { return durations.get(kind); }
    /** Unscaled time a job waits in the queue before it runs. */
    public Duration queueTime() { return queueTime; }
    /**
     * Spread of job durations: 0 (default) draws a uniform factor in [0.7, 1.3]; above 0, a log-normal
     * factor exp(sigma x N(0,1)) with median 1 (0.5 gives Midjourney's long tail: p95 about 2.3x the median).
     */
    public double durationSigma() { return durationSigma; }
    /** Where jobs and the key persist between runs, if anywhere. */
    public java.util.Optional<java.nio.file.Path> stateDir() { return java.util.Optional.ofNullable(stateDir); }

    /** Builds {@link SandboxOptions}. Not thread-safe. */
    public static final class Builder {
        private double timeScale = 0.05;
        private long seed = 42;
        private Clock clock = Clock.systemUTC();
        private String apiKey;
        private int port;
        private final Map<ActionKind, Duration> durations = new EnumMap<>(ActionKind.class);
        private Duration queueTime = Duration.ofSeconds(4);
        private java.nio.file.Path stateDir;
        private double durationSigma;

        private Builder() {
            for (ActionKind k : ActionKind.values()) {
                durations.put(k, Duration.ofSeconds(45));
            }
            durations.put(ActionKind.UPSCALE, Duration.ofSeconds(10));
            durations.put(ActionKind.UPSCALE_MORE, Duration.ofSeconds(30));
            durations.put(ActionKind.DESCRIBE, Duration.ofSeconds(6));
            durations.put(ActionKind.SHORTEN, Duration.ofSeconds(6));
            durations.put(ActionKind.SEED, Duration.ofSeconds(2));
            durations.put(ActionKind.ANIMATE, Duration.ofSeconds(120));
        }

        /** Multiplier of every duration; 1 is real time, 0.01 a hundred times faster. */
        public Builder timeScale(double s) {
            if (!(s > 0 && s <= 10)) {
                throw new IllegalArgumentException("timeScale must be in (0, 10], got " + s);
            }
            this.timeScale = s;
            return this;
        }

        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder clock(Clock c) { this.clock = Objects.requireNonNull(c); return this; }
        public Builder apiKey(String key) { this.apiKey = key; return this; }
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }
        /** Unscaled duration of jobs of one kind. */
        public Builder duration(ActionKind kind, Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("duration of " + kind + " must be >= 0, got " + d);
            }
            durations.put(kind, d);
            return this;
        }
        public Builder queueTime(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("queueTime must be >= 0, got " + d);
            }
            this.queueTime = d;
            return this;
        }

        /**
         * Keeps the jobs and the key in this folder, so a sandbox started later (another process) knows the
         * jobs of earlier ones: follow-ups of old tasks work, and the same key is accepted.
         */
        public Builder stateDir(java.nio.file.Path dir) { this.stateDir = dir; return this; }

        /** Log-normal spread of durations (see {@link SandboxOptions#durationSigma()}); 0 for the uniform default. */
        public Builder durationSigma(double sigma) {
            if (!(sigma >= 0 && sigma <= 3)) {
                throw new IllegalArgumentException("durationSigma must be in [0, 3], got " + sigma);
            }
            this.durationSigma = sigma;
            return this;
        }

        public SandboxOptions build() {
            return new SandboxOptions(this);
        }
    }
}
