package io.mj4j.core;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.mj4j.core.guice.MjModule;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MjBuilderTest {

    @Test
    @DisplayName("building without any provider lists the providers found on the classpath")
    void noProviderConfigured() {
        assertThatThrownBy(() -> Mj.builder().build()).isInstanceOf(MjConfigurationException.class)
                .hasMessageContaining("No provider configured").hasMessageContaining("fake");
    }

    @Test
    @DisplayName("an unknown provider id lists the ids found")
    void unknownProvider() {
        assertThatThrownBy(() -> Mj.builder().provider("acedata").build()).isInstanceOf(MjConfigurationException.class)
                .hasMessageContaining("'acedata'").hasMessageContaining("fake");
    }

    @Test
    @DisplayName("the provider's context gets the key and base URL from the environment map")
    void contextFromEnvironment() {
        FakeVendor.CONTEXTS.clear();
        try (Mj mj = Mj.builder().environment(Map.of("MJ_FAKE_API_KEY", "k-12345", "MJ_FAKE_BASE_URL", "http://127.0.0.1:1"))
                .provider("fake").build()) {
            assertThat(mj.providers()).containsExactly("fake");
            assertThat(FakeVendor.CONTEXTS).singleElement().satisfies(c -> {
                assertThat(c.credentials().apiKey()).hasValue("k-12345");
                assertThat(c.baseUri().toString()).isEqualTo("http://127.0.0.1:1");
            });
        }
    }

    @Test
    @DisplayName("the blocking one-liner runs a task to the end with the default threads")
    void blockingOneLiner() {
        try (Mj mj = Mj.builder().environment(Map.of()).provider("fake")
                .pollOptions(new PollOptions(Duration.ZERO, Duration.ofMillis(10), Duration.ofMillis(10), 1.0, 0.0)).build()) {
            TaskSnapshot s = mj.run(io.mj4j.spi.Action.Imagine.of("a fox"), Duration.ofSeconds(30));
            assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
        }
    }

    @Test
    @DisplayName("MjModule binds one singleton client configured like the builder")
    void guiceModule() {
        Injector injector = Guice.createInjector(new MjModule(b -> b.environment(Map.of()).provider("fake")));
        Mj a = injector.getInstance(Mj.class);
        Mj b = injector.getInstance(Mj.class);
        assertThat(a).isSameAs(b);
        assertThat(a.defaultProvider()).isEqualTo("fake");
        a.close();
    }

    @Test
    @DisplayName("MjModule hands a bound routing policy and bound event listeners to the client")
    void guiceRoutingAndEvents() {
        java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.mj4j.core.MjEvents listener = new io.mj4j.core.MjEvents() {
            @Override
            public void submitted(String providerId, io.mj4j.spi.ActionKind kind, SubmitOutcome outcome, Duration took) {
                heard.add(providerId + " " + outcome);
            }
        };
        Injector injector = Guice.createInjector(
                new MjModule(b -> b.registry(ProviderRegistry.of(new FakeVendor("one"), new FakeVendor("two"))).environment(Map.of())
                        .provider("one").provider("two")),
                new com.google.inject.AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(io.mj4j.core.routing.RoutingPolicy.class).toInstance(io.mj4j.core.routing.RoutingPolicy.ordered("two", "one"));
                        com.google.inject.multibindings.Multibinder.newSetBinder(binder(), io.mj4j.core.MjEvents.class)
                                .addBinding().toInstance(listener);
                    }
                });
        try (Mj mj = injector.getInstance(Mj.class)) {
            TaskSnapshot s = mj.imagine("a fox").accepted().join();
            assertThat(s.vendorTaskId()).isPresent();
            assertThat(heard).containsExactly("two ACCEPTED");
            assertThat(injector.getInstance(CostTracker.class)).isSameAs(mj.costs());
        }
    }

    @Test
    @DisplayName("options are validated with messages naming the value")
    void optionsValidated() {
        assertThatThrownBy(() -> new PollOptions(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1), 2, 0))
                .hasMessageContaining("interval");
        assertThatThrownBy(() -> new PollOptions(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1), 2, 0))
                .hasMessageContaining("maxInterval");
        assertThatThrownBy(() -> new RetryOptions(0, Duration.ZERO, Duration.ZERO, 1)).hasMessageContaining("maxAttempts");
        assertThat(RetryOptions.DEFAULT.delayBefore(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryOptions.DEFAULT.delayBefore(3)).isEqualTo(Duration.ofSeconds(2));
    }
}
