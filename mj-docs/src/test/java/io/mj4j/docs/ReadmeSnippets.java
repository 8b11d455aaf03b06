package io.mj4j.docs;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mj4j.core.Budget;
import io.mj4j.core.callback.CallbackServer;
import io.mj4j.core.HealthOptions;
import io.mj4j.core.Mj;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderLimits;
import io.mj4j.core.Task;
import io.mj4j.core.TaskListener;
import io.mj4j.core.guice.MjModule;
import io.mj4j.core.routing.PriceTable;
import io.mj4j.core.routing.RoutingPolicy;
import io.mj4j.micrometer.MicrometerEvents;
import io.mj4j.micrometer.MjMetricsModule;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.Action;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.store.jdbc.JdbcTaskStore;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's Java snippets, word for word between the {@code snippet} markers ({@link ReadmeSnippetsTest}
 * compares them). Those that need only the sandbox run in {@link ReadmeSnippetsTest}; those that need real
 * vendor keys, a public port or a file in the working folder are compiled only.
 */
final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    /** Runs. */
    static Mj guice(String key) {
        // snippet: guice
        MeterRegistry registry = new SimpleMeterRegistry();                 // your application's registry
        Injector injector = Guice.createInjector(
                new MjModule(b -> b.provider("acedata", ProviderConfig.apiKey(key))), // io.mj4j.core.guice.MjModule
                new MjMetricsModule(),                                      // optional, mj-micrometer
                binder -> binder.bind(MeterRegistry.class).toInstance(registry)); // MjMetricsModule needs this binding
        Mj mj = injector.getInstance(Mj.class);
        // end snippet
        return mj;
    }

    /** Runs. */
    static void sandboxFaults() {
        // snippet: sandbox-faults
        try (MjSandbox vendor = MjSandbox.start("acedata", SandboxOptions.builder().timeScale(0.001).build());
             Mj mj = Mj.builder().environment(vendor.environment()).provider("acedata").build()) {
            vendor.faults().rateLimitNext(1, Duration.ofSeconds(1));          // the next request (the submit) gets a 429
            TaskSnapshot grid = mj.run(Action.Imagine.of("a red fox --ar 3:2"), Duration.ofSeconds(30));
            assertThat(vendor.counters().faultsInjected()).isEqualTo(1);      // the 429 was served; the engine waited 1 s, resent
            assertThat(vendor.counters().tasksCreated()).isEqualTo(1);        // and exactly one paid task exists
        }
        // end snippet
    }

    /** Compiled only: real vendors, keys from the environment. */
    static Task severalProviders() {
        // snippet: several-providers
        MeterRegistry registry = new SimpleMeterRegistry();                         // or your application's registry
        Mj mj = Mj.builder()
                .provider("acedata").provider("kolersky").provider("gptunnel")      // keys from the environment
                .routing(RoutingPolicy.cheapestFirst().healthAware())               // or ordered(..), weighted(..), your own
                .prices(PriceTable.in("USD").price("acedata", new BigDecimal("0.04"))
                        .price("kolersky", new BigDecimal("0.05")).price("gptunnel", new BigDecimal("0.20")).build())
                .budget(new Budget(new BigDecimal("25")))                           // refuses new tasks past 25 USD
                .limits("kolersky", new ProviderLimits(3, 20))                      // 3 running, 20 waiting, then refused
                .health(new HealthOptions(5, Duration.ofSeconds(30)))               // circuit: 5 failures in a row, 30 s
                .events(new MicrometerEvents(registry))                             // optional mj-micrometer
                .build();
        Task grid = mj.imagine("a lighthouse --ar 16:9");   // routed; grid.upscale(2) stays with grid's provider
        // end snippet
        return grid;
    }

    /** Compiled only: writes data/mj4j in the working folder and uses the real AceData. */
    static Mj durableStore() {
        // snippet: durable-store
        TaskListener myListener = (task, snapshot) -> System.out.println(task.id() + " " + snapshot.status());
        JdbcTaskStore store = JdbcTaskStore.h2File(Path.of("data/mj4j"));                     // embedded default
        // JdbcTaskStore store = JdbcTaskStore.postgres("jdbc:postgresql://db/app", "app", pw);  // several instances
        Mj mj = Mj.builder().provider("acedata").store(store).onUpdate(myListener).build();
        mj.resumeActive();   // after a restart: polling resumes; interrupted submits are looked up, never resent
        // end snippet
        return mj;
    }

    /** Compiled only: listens on a public port and needs a secret from the environment. */
    static CallbackServer callbacks() {
        // snippet: callbacks
        byte[] secret = System.getenv("MJ_CALLBACK_SECRET").getBytes(StandardCharsets.UTF_8); // >= 16 bytes, stable across restarts
        CallbackServer server = CallbackServer.start(new InetSocketAddress("0.0.0.0", 8085), "/mj4j/callbacks");
        Mj mj = Mj.builder().provider("acedata").callbacks(URI.create("https://app.example.com/mj4j/callbacks"), secret).build();
        server.serve(mj.callbackReceiver().orElseThrow());   // or call receiver.handle(path, query, headers, body) from your framework
        // end snippet
        return server;
    }
}
