package io.mj4j.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mj4j.core.BudgetExceededException;
import io.mj4j.core.store.InMemoryTaskStore;
import io.mj4j.core.Mj;
import io.mj4j.core.Task;
import io.mj4j.core.store.TaskStore;
import io.mj4j.micrometer.MicrometerEvents;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.Action;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.TaskTimeoutException;
import io.mj4j.store.jdbc.JdbcTaskStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The auto-configuration in an {@link ApplicationContextRunner}: each bean, each condition, each property. */
class MjAutoConfigurationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static MjSandbox acedata;
    private static MjSandbox gptunnel;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        acedata = MjSandbox.start("acedata", SandboxOptions.builder().timeScale(0.002).build());
        gptunnel = MjSandbox.start("gptunnel", SandboxOptions.builder().timeScale(0.002).build());
    }

    @AfterAll
    static void stop() {
        acedata.close();
        gptunnel.close();
    }

    /** The simulators' time scale, as an application test passes it (keys and URLs come from the properties). */
    private static MjBuilderCustomizer sandboxClock() {
        Map<String, String> env = new HashMap<>(acedata.environment());
        env.putAll(gptunnel.environment());
        return b -> b.environment(env);
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MjAutoConfiguration.class))
                .withPropertyValues("mj4j.providers.acedata.api-key=" + acedata.apiKey(),
                        "mj4j.providers.acedata.base-url=" + acedata.baseUri(),
                        "mj4j.store.h2-file=" + dir.resolve("tasks"))
                .withBean(MjBuilderCustomizer.class, MjAutoConfigurationTest::sandboxClock);
    }

    @Nested
    @DisplayName("the client")
    class Client {
        @Test
        @DisplayName("is built from mj4j.* properties and runs an imagine on the configured vendor")
        void builtFromProperties() {
            runner().run(ctx -> {
                assertThat(ctx).hasSingleBean(Mj.class);
                long before = acedata.counters().tasksCreated();
                Mj mj = ctx.getBean(Mj.class);
                assertThat(mj.providers()).containsExactly("acedata");
                assertThat(mj.run(Action.Imagine.of("a lighthouse"), WAIT).status()).isEqualTo(TaskStatus.SUCCEEDED);
                assertThat(acedata.counters().tasksCreated()).isEqualTo(before + 1);
            });
        }

        @Test
        @DisplayName("backs off when the application defines its own Mj and TaskStore")
        void backsOff() {
            InMemoryTaskStore own = new InMemoryTaskStore();
            runner().withBean("myStore", TaskStore.class, () -> own)
                    .withBean("myMj", Mj.class, () -> Mj.builder().environment(acedata.environment()).provider("acedata").store(own).build())
                    .run(ctx -> {
                        assertThat(ctx).hasSingleBean(Mj.class).hasBean("myMj").doesNotHaveBean("mj");
                        assertThat(ctx).hasSingleBean(TaskStore.class).getBean(TaskStore.class).isSameAs(own);
                        assertThat(dir.resolve("tasks.mv.db")).doesNotExist();
                    });
        }

        @Test
        @DisplayName("without any provider the context fails naming the property to set")
        void noProvider() {
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MjAutoConfiguration.class))
                    .withPropertyValues("mj4j.store.type=in-memory")
                    .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("mj4j.providers.<id>.api-key"));
        }

        @Test
        @DisplayName("cheapest-first routing follows the price table of the properties")
        void routingAndPrices() {
            String[] gptunnelProps = {"mj4j.providers.gptunnel.api-key=" + gptunnel.apiKey(),
                    "mj4j.providers.gptunnel.base-url=" + gptunnel.baseUri(), "mj4j.routing.policy=cheapest-first",
                    "mj4j.prices.currency=EUR"};
            runner().withPropertyValues(gptunnelProps).withPropertyValues("mj4j.prices.per-task.acedata=0.05", "mj4j.prices.per-task.gptunnel=0.20")
                    .run(ctx -> {
                        Mj mj = ctx.getBean(Mj.class);
                        assertThat(mj.costs().currency()).isEqualTo("EUR");
                        assertThat(mj.imagine("a fox").providerId()).isEqualTo("acedata");
                    });
            runner().withPropertyValues(gptunnelProps).withPropertyValues("mj4j.prices.per-task.acedata=0.30", "mj4j.prices.per-task.gptunnel=0.20")
                    .run(ctx -> assertThat(ctx.getBean(Mj.class).imagine("a fox").providerId()).isEqualTo("gptunnel"));
        }

        @Test
        @DisplayName("the budget refuses a task past it before any request")
        void budget() {
            runner().withPropertyValues("mj4j.prices.per-task.acedata=1", "mj4j.budget=1.5").run(ctx -> {
                Mj mj = ctx.getBean(Mj.class);
                long created = acedata.counters().tasksCreated();
                mj.run(Action.Imagine.of("a fox"), WAIT);
                assertThat(acedata.counters().tasksCreated()).isEqualTo(created + 1);
                long requests = acedata.counters().requests();
                assertThat(catchThrowable(() -> mj.imagine("a heron"))).isInstanceOf(BudgetExceededException.class);
                assertThat(acedata.counters().requests()).as("refused before any request").isEqualTo(requests);
            });
        }

        @Test
        @DisplayName("a budget without prices fails naming mj4j.prices.per-task")
        void budgetWithoutPrices() {
            runner().withPropertyValues("mj4j.budget=10")
                    .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("mj4j.prices.per-task"));
        }

        @Test
        @DisplayName("a per-kind deadline from the properties ends a stalled task with deadlinePassed()")
        void deadline() {
            try (MjSandbox stalling = MjSandbox.start("acedata", SandboxOptions.builder().timeScale(0.002).build())) {
                stalling.faults().stallRate(1.0);
                new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MjAutoConfiguration.class))
                        .withPropertyValues("mj4j.providers.acedata.api-key=" + stalling.apiKey(),
                                "mj4j.providers.acedata.base-url=" + stalling.baseUri(), "mj4j.store.type=in-memory",
                                "mj4j.deadlines.imagine=300ms")
                        .withBean(MjBuilderCustomizer.class, () -> b -> b.environment(stalling.environment()))
                        .run(ctx -> {
                            Task t = ctx.getBean(Mj.class).imagine("a fox");
                            Throwable e = catchThrowable(() -> t.await(WAIT));
                            assertThat(e).isInstanceOf(TaskTimeoutException.class);
                            assertThat(((TaskTimeoutException) e).deadlinePassed()).isTrue();
                            assertThat(((TaskTimeoutException) e).taskGoesOn()).isFalse();
                        });
            }
        }
    }

    @Nested
    @DisplayName("the task store")
    class Store {
        @Test
        @DisplayName("is an H2 file when the application has no DataSource")
        void h2File() {
            runner().run(ctx -> {
                assertThat(ctx.getBean(TaskStore.class)).isInstanceOf(JdbcTaskStore.class);
                assertThat(dir.resolve("tasks.mv.db")).exists();
            });
        }

        @Test
        @DisplayName("is in memory by property")
        void inMemory() {
            runner().withPropertyValues("mj4j.store.type=in-memory").run(ctx -> {
                assertThat(ctx.getBean(TaskStore.class)).isInstanceOf(InMemoryTaskStore.class);
                assertThat(dir.resolve("tasks.mv.db")).doesNotExist();
            });
        }

        @Test
        @DisplayName("uses the application's DataSource when there is one")
        void applicationDataSource() {
            runner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                    .withPropertyValues("spring.datasource.url=jdbc:h2:mem:app-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")
                    .run(ctx -> {
                        assertThat(ctx.getBean(TaskStore.class)).isInstanceOf(JdbcTaskStore.class);
                        assertThat(dir.resolve("tasks.mv.db")).doesNotExist();
                        try (Connection c = ctx.getBean(DataSource.class).getConnection();
                             ResultSet rs = c.getMetaData().getTables(null, null, "MJ4J_SCHEMA_HISTORY", null)) {
                            assertThat(rs.next()).as("mj4j's tables are in the application's database").isTrue();
                        }
                    });
        }

        @Test
        @DisplayName("type data-source without a DataSource fails naming the setting")
        void dataSourceMissing() {
            runner().withPropertyValues("mj4j.store.type=data-source")
                    .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("mj4j.store.type"));
        }

        @Test
        @DisplayName("closing the context closes the client and the store; the next context resumes unfinished tasks")
        void shutdownAndResume() {
            try (MjSandbox slow = MjSandbox.start("acedata", SandboxOptions.builder().timeScale(0.05).build())) {
                ApplicationContextRunner r = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MjAutoConfiguration.class))
                        .withPropertyValues("mj4j.providers.acedata.api-key=" + slow.apiKey(),
                                "mj4j.providers.acedata.base-url=" + slow.baseUri(), "mj4j.store.h2-file=" + dir.resolve("resume"))
                        .withBean(MjBuilderCustomizer.class, () -> b -> b.environment(slow.environment()));
                String[] id = new String[1];
                r.run(ctx -> {
                    Task t = ctx.getBean(Mj.class).imagine("a slow fox");
                    t.accepted().join();
                    id[0] = t.id();
                });
                // the H2 file is released (a second open would fail while the first store holds it)
                try (JdbcTaskStore reopened = JdbcTaskStore.h2File(dir.resolve("resume"))) {
                    assertThat(reopened.find(id[0])).get().extracting(rec -> rec.snapshot().status().isTerminal()).isEqualTo(false);
                }
                r.run(ctx -> {
                    Mj mj = ctx.getBean(Mj.class);
                    assertThat(mj.task(id[0])).as("resumed on start").isPresent();
                    assertThat(mj.task(id[0]).orElseThrow().await(WAIT).status()).isEqualTo(TaskStatus.SUCCEEDED);
                    assertThat(slow.counters().tasksCreated()).as("resumed, never resubmitted").isEqualTo(1);
                });
            }
        }
    }

    @Nested
    @DisplayName("optional parts")
    class Optional {
        @Test
        @DisplayName("Micrometer meters when the application has a MeterRegistry")
        void metrics() {
            runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(ctx -> {
                assertThat(ctx).hasSingleBean(MicrometerEvents.class);
                ctx.getBean(Mj.class).run(Action.Imagine.of("a fox"), WAIT);
                assertThat(ctx.getBean(MeterRegistry.class).find(MicrometerEvents.SUBMITS).counters()).isNotEmpty();
            });
        }

        @Test
        @DisplayName("no meters without a MeterRegistry, nor without mj-micrometer on the classpath")
        void noMetrics() {
            runner().run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(MicrometerEvents.class));
            runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).withClassLoader(new FilteredClassLoader(MicrometerEvents.class))
                    .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean("mjMicrometerEvents"));
        }

        @Test
        @DisplayName("a health indicator per provider with Actuator; none without it")
        void health() {
            runner().run(ctx -> {
                CompositeHealthContributor c = ctx.getBean("mj4jHealthContributor", CompositeHealthContributor.class);
                assertThat(c.getContributor("acedata")).isInstanceOf(MjProviderHealthIndicator.class);
            });
            runner().withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.health"))
                    .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean("mj4jHealthContributor"));
        }

        @Test
        @DisplayName("no callback route without mj4j.callbacks.public-base; a public base without a secret fails naming it")
        void callbacks() {
            runner().run(ctx -> assertThat(ctx).doesNotHaveBean("mjCallbackRoute"));
            runner().withPropertyValues("mj4j.callbacks.public-base=https://app.example.com/mj4j/callbacks")
                    .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("mj4j.callbacks.secret"));
        }

        @Test
        @DisplayName("mj4j.callbacks.confirm-window is taken; a negative one fails naming the property")
        void confirmWindow() {
            String[] callbacks = {"mj4j.callbacks.public-base=https://app.example.com/mj4j/callbacks",
                    "mj4j.callbacks.secret=0123456789abcdef-secret"};
            runner().withPropertyValues(callbacks).withPropertyValues("mj4j.callbacks.confirm-window=250ms")
                    .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(io.mj4j.core.Mj.class));
            runner().withPropertyValues(callbacks).withPropertyValues("mj4j.callbacks.confirm-window=-1s")
                    .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                            .hasMessageContaining("mj4j.callbacks.confirm-window").hasMessageContaining("PT-1S"));
        }
    }
}
