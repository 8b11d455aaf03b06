package io.mj4j.core.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.mj4j.core.Mj;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Binds one singleton {@link Mj} for Guice applications. The configurer sets providers, store, options
 * exactly as with {@link Mj#builder()}:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new MjModule(b -> b.provider("acedata")));
 * Mj mj = injector.getInstance(Mj.class);
 * }</pre>
 *
 * Guice is an optional dependency of mj-core: add it to use this class.
 */
public final class MjModule extends AbstractModule {
    private final Consumer<Mj.Builder> configurer;

    public MjModule(Consumer<Mj.Builder> configurer) {
        this.configurer = Objects.requireNonNull(configurer, "configurer");
    }

    @Provides
    @Singleton
    Mj mj() {
        Mj.Builder b = Mj.builder();
        configurer.accept(b);
        return b.build();
    }
}
