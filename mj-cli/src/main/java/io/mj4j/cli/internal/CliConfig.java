package io.mj4j.cli.internal;

import io.mj4j.core.ProviderConfig;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Where the CLI's settings come from: flags, then environment variables ({@code MJ_PROVIDER},
 * {@code MJ_<ID>_API_KEY}, {@code MJ_<ID>_BASE_URL}, {@code MJ_<ID>_OPT_<NAME>}), then the file
 * {@code ~/.mj4j/config} ({@code provider=acedata}, {@code acedata.api_key=...}, {@code acedata.base_url=...},
 * {@code acedata.<option>=...}). {@code MJ4J_HOME} moves the folder. Keys are never printed.
 */
public final class CliConfig {
    private final Path home;
    private final Map<String, String> env;

    public CliConfig(Map<String, String> systemEnv) {
        Map<String, String> merged = new LinkedHashMap<>();
        this.home = Optional.ofNullable(systemEnv.get("MJ4J_HOME")).filter(s -> !s.isBlank()).map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".mj4j"));
        Path file = home.resolve("config");
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            for (String key : p.stringPropertyNames()) {
                String value = p.getProperty(key).strip();
                if (key.equals("provider")) {
                    merged.put("MJ_PROVIDER", value);
                    continue;
                }
                int dot = key.indexOf('.');
                if (dot <= 0) {
                    continue;
                }
                String prefix = ProviderConfig.envPrefix(key.substring(0, dot));
                String setting = key.substring(dot + 1).toUpperCase(Locale.ROOT);
                merged.put(switch (setting) {
                    case "API_KEY", "BASE_URL", "CALLBACK_URL" -> prefix + setting;
                    default -> prefix + "OPT_" + setting;
                }, value);
            }
        }
        systemEnv.forEach((k, v) -> {
            if (k.startsWith("MJ_")) {
                merged.put(k, v);
            }
        });
        this.env = Map.copyOf(merged);
    }

    /** {@code MJ_SANDBOX_TIME_SCALE}: how fast simulated jobs run (default 0.05, an imagine in about 2 s). */
    public double sandboxTimeScale() {
        String v = env.getOrDefault("MJ_SANDBOX_TIME_SCALE", "0.05");
        try {
            double d = Double.parseDouble(v);
            if (d > 0 && d <= 10) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new io.mj4j.spi.InvalidRequestException("MJ_SANDBOX_TIME_SCALE must be a number in (0, 10], got '" + v + "'");
    }

    /** The CLI's folder (history, sandbox state, config). */
    public Path home() {
        return home;
    }

    /** Environment-style settings, the config file's included. */
    public Map<String, String> environment() {
        return env;
    }

    /** The provider chosen by {@code MJ_PROVIDER} or the config file. */
    public Optional<String> chosenProvider() {
        return Optional.ofNullable(env.get("MJ_PROVIDER")).filter(s -> !s.isBlank());
    }

    /** The providers (among {@code known}) that have a key configured. */
    public Set<String> providersWithKeys(Set<String> known) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String id : known) {
            if (env.containsKey(ProviderConfig.envPrefix(id) + "API_KEY")) {
                out.add(id);
            }
        }
        return out;
    }
}
