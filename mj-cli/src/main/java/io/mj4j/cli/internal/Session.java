package io.mj4j.cli.internal;

import io.mj4j.core.Mj;
import io.mj4j.core.MjConfigurationException;
import io.mj4j.core.PollOptions;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.store.jdbc.JdbcTaskStore;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** One CLI run: the chosen provider (real or sandboxed), the client, and the history. */
public final class Session implements AutoCloseable {
    /** The simulated vendor used when nothing is configured. */
    public static final List<String> DEFAULT_SANDBOX_ORDER = List.of("mjproxy", "gptunnel", "ohmygpt", "acedata", "kolersky");

    private final Mj mj;
    private final MjSandbox sandbox;
    private final JdbcTaskStore history;
    private final String provider;

    private Session(Mj mj, MjSandbox sandbox, JdbcTaskStore history, String provider) {
        this.mj = mj;
        this.sandbox = sandbox;
        this.history = history;
        this.provider = provider;
    }

    /**
     * Opens a session.
     *
     * @param explicitProvider {@code --provider}, or null
     * @param sandboxVendor    {@code --sandbox}, or null
     * @param note             where the one-line "running on the sandbox" notice goes
     */
    public static Session open(CliConfig config, String explicitProvider, String sandboxVendor, PrintStream note) {
        ProviderRegistry registry = ProviderRegistry.load();
        String sandboxed = sandboxVendor;
        String provider = explicitProvider != null ? explicitProvider : config.chosenProvider().orElse(null);
        if (sandboxed == null && provider == null) {
            Set<String> withKeys = config.providersWithKeys(registry.ids());
            if (withKeys.size() == 1) {
                provider = withKeys.iterator().next();
            } else if (withKeys.size() > 1) {
                throw new MjConfigurationException("Keys are configured for " + withKeys
                        + "; choose one with --provider or MJ_PROVIDER");
            } else {
                Set<String> available = MjSandbox.vendors();
                sandboxed = DEFAULT_SANDBOX_ORDER.stream().filter(available::contains).findFirst()
                        .orElseThrow(() -> new MjConfigurationException("No provider configured and no sandbox simulator available"));
                note.println("No provider configured: running on the built-in sandbox (simulated " + sandboxed
                        + "). Set MJ_PROVIDER and MJ_<ID>_API_KEY to use a real vendor.");
            }
        }
        if (sandboxed != null) {
            if (!MjSandbox.vendors().contains(sandboxed)) {
                throw new MjConfigurationException("No sandbox for '" + sandboxed + "'; available: " + MjSandbox.vendors());
            }
            MjSandbox sb = MjSandbox.start(sandboxed, SandboxOptions.builder().timeScale(config.sandboxTimeScale())
                    .stateDir(config.home().resolve("sandbox").resolve(sandboxed)).seed(System.nanoTime()).build());
            JdbcTaskStore history = JdbcTaskStore.h2File(config.home().resolve("history-sandbox"));
            try {
                // the sandbox's environment carries its time scale: the engine polls it at that pace by itself
                Mj mj = Mj.builder().registry(registry).environment(sb.environment()).provider(sandboxed).store(history).build();
                return new Session(mj, sb, history, sandboxed);
            } catch (RuntimeException e) {
                history.close();
                sb.close();
                throw e;
            }
        }
        registry.get(provider);
        JdbcTaskStore history = JdbcTaskStore.h2File(config.home().resolve("history"));
        try {
            Mj mj = Mj.builder().registry(registry).environment(config.environment()).provider(provider).store(history)
                    .pollOptions(PollOptions.DEFAULT.withInterval(Duration.ofSeconds(3))).build();
            return new Session(mj, null, history, provider);
        } catch (RuntimeException e) {
            history.close();
            throw e;
        }
    }

    public Mj mj() {
        return mj;
    }

    public JdbcTaskStore history() {
        return history;
    }

    public String provider() {
        return provider;
    }

    public boolean sandboxed() {
        return sandbox != null;
    }

    @Override
    public void close() {
        mj.close();
        history.close();
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
