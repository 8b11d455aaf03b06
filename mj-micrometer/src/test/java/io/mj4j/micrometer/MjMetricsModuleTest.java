package io.mj4j.micrometer;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mj4j.core.Mj;
import io.mj4j.core.MjEvents;
import io.mj4j.core.guice.MjModule;
import io.mj4j.sandbox.MjSandbox;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.mj4j.micrometer.MicrometerEventsSandboxTest.FAST;
import static io.mj4j.micrometer.MicrometerEventsSandboxTest.QUICK_POLLS;
import static io.mj4j.micrometer.MicrometerEventsSandboxTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("MjMetricsModule")
class MjMetricsModuleTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    final AbstractModule registryModule = new AbstractModule() {
        @Override
        protected void configure() {
            bind(MeterRegistry.class).toInstance(registry);
        }
    };

    @Test
    @DisplayName("an application installing MjModule, MjMetricsModule and a MeterRegistry gets an Mj that records into that registry")
    void injectedClientRecords() {
        try (MjSandbox gptunnel = MjSandbox.start("gptunnel", FAST)) {
            Injector injector = Guice.createInjector(
                    new MjModule(b -> b.environment(gptunnel.environment()).provider("gptunnel").pollOptions(QUICK_POLLS)),
                    new MjMetricsModule(), registryModule);
            try (Mj mj = injector.getInstance(Mj.class)) {
                mj.imagine("a lighthouse at dawn").await(WAIT);
            }

            assertThat(registry.get(MicrometerEvents.SUBMITS).tags("provider", "gptunnel", "action", "IMAGINE", "outcome", "ACCEPTED")
                    .counter().count()).isEqualTo(1.0);
            assertThat(registry.get(MicrometerEvents.TASK_DURATION).tags("provider", "gptunnel", "status", "SUCCEEDED")
                    .timer().count()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("the MjEvents set holds the one singleton MicrometerEvents, even when the module is installed twice")
    void oneSingletonInTheSet() {
        Injector injector = Guice.createInjector(new MjMetricsModule(), new MjMetricsModule(), registryModule);

        Set<MjEvents> events = injector.getInstance(Key.get(new TypeLiteral<Set<MjEvents>>() { }));

        assertThat(events).containsExactly(injector.getInstance(MicrometerEvents.class));
        assertThat(injector.getInstance(MicrometerEvents.class)).isSameAs(injector.getInstance(MicrometerEvents.class));
    }
}
