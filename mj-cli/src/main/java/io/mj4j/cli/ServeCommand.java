package io.mj4j.cli;

import io.mj4j.cli.internal.CliConfig;
import io.mj4j.cli.internal.Session;
import io.mj4j.core.MjConfigurationException;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.routing.PriceTable;
import io.mj4j.gateway.ClientKey;
import io.mj4j.gateway.Gateway;
import io.mj4j.gateway.GatewaySettings;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mj serve}: the mj-gateway, serving the midjourney-proxy protocol on this machine in front of the configured
 * vendors (or the built-in sandbox when none is, saying so), until the process is stopped. Tasks are kept in an H2
 * file under MJ4J_HOME, or in PostgreSQL with {@code --store jdbc:postgresql://...} (several instances, each with its
 * {@code --node}). Client keys come from {@code MJ_GATEWAY_KEYS} or {@code --keys-file}; without any the gateway is
 * open and stays on loopback.
 */
@Command(name = "serve", sortOptions = false,
        description = "Serve the midjourney-proxy protocol (/mj/submit/imagine, /mj/task/{id}/fetch...) in front of the configured vendors.",
        footer = {"", "Client keys: MJ_GATEWAY_KEYS=name:secret[:budget],... (budgets need --price). PostgreSQL credentials:",
                "MJ_GATEWAY_DB_USER, MJ_GATEWAY_DB_PASSWORD. Example: curl -s localhost:8080/mj/submit/imagine -H 'Content-Type: application/json' -d '{\"prompt\":\"a red fox\"}'"})
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    MjCli parent;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", description = "Port (default 8080; 0 picks a free one).", defaultValue = "8080")
    int port;
    @Option(names = "--bind", description = "Address to listen on (default 127.0.0.1: this machine only).", defaultValue = "127.0.0.1")
    String bind;
    @Option(names = "--public-url", description = "URL vendors reach this gateway at (uploaded images, vendor callbacks).",
            converter = MjCli.HttpUrlConverter.class)
    URI publicUrl;
    @Option(names = "--provider", description = "A vendor behind the gateway (repeatable; the first is the default, the others take over root actions in order).")
    List<String> providers = new ArrayList<>();
    @Option(names = "--sandbox", description = "Serve the built-in simulator of this vendor.")
    String sandbox;
    @Option(names = "--store", description = "H2 file path, or a jdbc:postgresql:// URL for several instances (default MJ4J_HOME/gateway).")
    String store;
    @Option(names = "--node", description = "This instance's id when several share PostgreSQL (default: host name and process id).")
    String node;
    @Option(names = "--keys-file", description = "File of client keys, one name:secret[:budget] a line.")
    Path keysFile;
    @Option(names = "--price", description = "Price of every action of a provider, e.g. acedata=0.05 (repeatable; client budgets count these).")
    Map<String, BigDecimal> prices = new java.util.LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = parent.environment();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CliConfig config = new CliConfig(env);
        ProviderRegistry registry = ProviderRegistry.load();
        List<String> chosen = new ArrayList<>(providers);
        if (chosen.isEmpty() && sandbox == null) {
            config.chosenProvider().ifPresent(chosen::add);
            if (chosen.isEmpty()) {
                chosen.addAll(config.providersWithKeys(registry.ids()));
            }
        }
        MjSandbox sim = null;
        Map<String, String> providerEnv = config.environment();
        if (chosen.isEmpty()) {
            String vendor = sandbox;
            if (vendor == null) {
                Set<String> available = MjSandbox.vendors();
                vendor = Session.DEFAULT_SANDBOX_ORDER.stream().filter(available::contains).findFirst()
                        .orElseThrow(() -> new MjConfigurationException("No provider configured and no sandbox simulator available"));
                err.println("No provider configured: serving the built-in sandbox (simulated " + vendor
                        + "). Set MJ_PROVIDER and MJ_<ID>_API_KEY to serve a real vendor.");
            } else if (!MjSandbox.vendors().contains(vendor)) {
                throw new MjConfigurationException("No sandbox for '" + vendor + "'; available: " + MjSandbox.vendors());
            }
            sim = MjSandbox.start(vendor, SandboxOptions.builder().timeScale(config.sandboxTimeScale())
                    .stateDir(config.home().resolve("sandbox-gateway").resolve(vendor)).seed(System.nanoTime()).build());
            providerEnv = sim.environment();
            chosen.add(vendor);
        }
        chosen.forEach(registry::get); // an unknown id fails here, listing the known ones
        GatewaySettings.Builder b = GatewaySettings.builder().environment(providerEnv).bindAddress(bind).port(port)
                .clientKeys(keys(env)).vendorCallbacks(sim != null || publicUrl != null);
        chosen.forEach(b::provider);
        if (publicUrl != null) {
            b.publicUri(publicUrl);
        }
        if (!prices.isEmpty()) {
            PriceTable.Builder t = PriceTable.in("units");
            prices.forEach(t::price);
            b.prices(t.build());
        }
        String where = store != null ? store : config.home().resolve(sim != null ? "gateway-sandbox" : "gateway").toString();
        if (where.startsWith("jdbc:")) {
            b.jdbc(where, env.getOrDefault("MJ_GATEWAY_DB_USER", ""), env.getOrDefault("MJ_GATEWAY_DB_PASSWORD", ""));
            b.node(node != null ? node : defaultNode(), java.time.Duration.ofSeconds(30));
        } else {
            b.h2File(Path.of(where));
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(b.build());
        } catch (RuntimeException e) {
            if (sim != null) {
                sim.close();
            }
            throw e;
        }
        MjSandbox started = sim;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            if (started != null) {
                started.close();
            }
            stopped.countDown();
        }, "mj-serve-stop"));
        out.println("mj gateway listening on " + gateway.uri() + "/mj (vendors: " + String.join(", ", chosen)
                + (sim != null ? ", simulated" : "") + "; store: " + (where.startsWith("jdbc:") ? "PostgreSQL" : "H2 " + where)
                + "; client keys: " + (keys(env).isEmpty() ? "none, open on loopback" : keys(env).size()) + ")");
        out.println("try: curl -s " + gateway.uri() + "/mj/submit/imagine -H 'Content-Type: application/json' -d '{\"prompt\":\"a red fox\"}'");
        out.flush();
        stopped.await();
        return 0;
    }

    private List<ClientKey> keys(Map<String, String> env) throws IOException {
        List<ClientKey> keys = new ArrayList<>();
        try {
            keys.addAll(ClientKey.parseAll(env.get("MJ_GATEWAY_KEYS")));
            if (keysFile != null) {
                keys.addAll(ClientKey.parseAll(Files.readString(keysFile)));
            }
        } catch (IllegalArgumentException e) {
            throw new MjConfigurationException("Client keys (MJ_GATEWAY_KEYS / --keys-file): " + e.getMessage());
        }
        return keys;
    }

    private static String defaultNode() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "host";
        }
        return (host + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
