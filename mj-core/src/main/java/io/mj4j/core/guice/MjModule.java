package io.mj4j.core.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.mj4j.core.CostTracker;
import io.mj4j.core.Mj;
import io.mj4j.core.MjEvents;
import io.mj4j.core.routing.RoutingPolicy;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Binds one singleton {@link Mj} for Guice applications. The configurer sets providers, store and
 * options exactly as with {@link Mj#builder()}:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new MjModule(b -> b.provider("acedata").provider("kolersky")),
 *         new AbstractModule() {
 *             protected void configure() {
 *                 bind(RoutingPolicy.class).toInstance(RoutingPolicy.ordered("acedata", "kolersky"));
 *                 Multibinder.newSetBinder(binder(), MjEvents.class).addBinding().to(MyMetrics.class);
 *             }
 *         });
 * Mj mj = injector.getInstance(Mj.class);
 * }</pre>
 *
 * Bindings the application may add: a {@link RoutingPolicy} (otherwise root actions go to the default
 * provider) and any number of {@link MjEvents} through a {@link Multibinder} (for example mj-micrometer's
 * module). Also bound: the client's {@link CostTracker}. Guice is an optional dependency of mj-core.
 */
public final class MjModule extends AbstractModule {
    private final Consumer<Mj.Builder> configurer;

    public MjModule(Consumer<Mj.Builder> configurer) {
        this.configurer = Objects.requireNonNull(configurer, "configurer");
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), MjEvents.class);
        OptionalBinder.newOptionalBinder(binder(), RoutingPolicy.class);
    }

    @Provides
    @Singleton
    Mj mj(Set<MjEvents> events, Optional<RoutingPolicy> routing) {
        Mj.Builder b = Mj.builder();
        events.forEach(b::events);
        routing.ifPresent(b::routing);
        configurer.accept(b);
        return b.build();
    }

    @Provides
    @Singleton
    CostTracker costs(Mj mj) {
        return mj.costs();
    }
}
