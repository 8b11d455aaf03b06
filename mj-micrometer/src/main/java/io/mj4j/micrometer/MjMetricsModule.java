package io.mj4j.micrometer;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.mj4j.core.MjEvents;

/**
 * Adds {@link MicrometerEvents} to the {@link MjEvents} set that {@code MjModule} hands to the client, so
 * the injected {@code Mj} records its meters into the application's {@link MeterRegistry}:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *         new MjModule(b -> b.provider("gptunnel")),
 *         new MjMetricsModule(),
 *         binder -> binder.bind(MeterRegistry.class).toInstance(registry));
 * }</pre>
 *
 * Needs a {@link MeterRegistry} binding from the application. Binds {@link MicrometerEvents} as a
 * singleton. Installing it twice is harmless (instances are equal, Guice installs it once).
 */
public final class MjMetricsModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), MjEvents.class).addBinding().to(MicrometerEvents.class);
    }

    @Provides
    @Singleton
    MicrometerEvents micrometerEvents(MeterRegistry registry) {
        return new MicrometerEvents(registry);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MjMetricsModule;
    }

    @Override
    public int hashCode() {
        return MjMetricsModule.class.hashCode();
    }
}
