package io.mj4j.cli.internal;

import io.mj4j.core.MjConfigurationException;
import io.mj4j.core.ProviderConfig;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
            readFile(file, merged);
        }
        systemEnv.forEach((k, v) -> {
            if (k.startsWith("MJ_")) {
                checkUrl(k, v, "environment variable " + k);
                merged.put(k, v);
            }
        });
        this.env = Map.copyOf(merged);
    }

    /**
     * Reads {@code key=value} lines ({@code #} and {@code !} start comments; no line continuations), checking each
     * so an error names the file and the line: a line without '=', a key without a provider prefix, an empty
     * value, a URL setting that is not an absolute http(s) URL with a host.
     */
    private static void readFile(Path file, Map<String, String> merged) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MjConfigurationException("Cannot read the configuration file " + file + ": " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (sep <= 0) {
                throw new MjConfigurationException(where + ": expected key=value (for example acedata.api_key=...), got '"
                        + shorten(line) + "'");
            }
            String key = line.substring(0, sep).strip();
            String value = line.substring(sep + 1).strip();
            if (key.equals("provider")) {
                if (value.isEmpty()) {
                    throw new MjConfigurationException(where + ": provider is empty; name a provider id (see `mj providers`)");
                }
                merged.put("MJ_PROVIDER", value);
                continue;
            }
            int dot = key.indexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                throw new MjConfigurationException(where + ": unknown setting '" + key + "'; use provider=<id> or <id>.api_key,"
                        + " <id>.base_url, <id>.callback_url, <id>.<option>");
            }
            if (value.isEmpty()) {
                throw new MjConfigurationException(where + ": " + key + " is empty");
            }
            String prefix = ProviderConfig.envPrefix(key.substring(0, dot));
            String setting = key.substring(dot + 1).toUpperCase(Locale.ROOT);
            String name = switch (setting) {
                case "API_KEY", "BASE_URL", "CALLBACK_URL" -> prefix + setting;
                default -> prefix + "OPT_" + setting;
            };
            checkUrl(name, value, where + ": " + key);
            merged.put(name, value);
        }
    }

    /** A base or callback URL must be an absolute http(s) URL with a host: anything else fails before any request. */
    private static void checkUrl(String name, String value, String where) {
        if (!name.endsWith("_BASE_URL") && !name.endsWith("_CALLBACK_URL")) {
            return;
        }
        URI u;
        try {
            u = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new MjConfigurationException(where + " is not a URL: '" + shorten(value) + "' (" + e.getReason() + ")");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getHost().isEmpty()) {
            throw new MjConfigurationException(where + " must be an http(s) URL with a host, for example https://api.example.com,"
                    + " got '" + shorten(value) + "'");
        }
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
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
        throw new MjConfigurationException("MJ_SANDBOX_TIME_SCALE must be a number in (0, 10], got '" + v + "'");
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
