package io.mj4j.core;

import io.mj4j.spi.MjProviderFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The provider factories known to a client: those found with {@link ServiceLoader} plus any registered
 * explicitly. Fails loudly: a duplicate id, an unknown id, or an SPI version newer than this core is an
 * {@link MjConfigurationException} listing what was found. Immutable and thread-safe.
 */
public final class ProviderRegistry {
    private final Map<String, MjProviderFactory> factories;

    private ProviderRegistry(Map<String, MjProviderFactory> factories) {
        this.factories = Collections.unmodifiableMap(new LinkedHashMap<>(factories));
    }

    /** The factories on the thread's context class loader (or this class's loader). */
    public static ProviderRegistry load() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return load(cl != null ? cl : ProviderRegistry.class.getClassLoader());
    }

    /** The factories visible to {@code loader}. */
    public static ProviderRegistry load(ClassLoader loader) {
        Map<String, MjProviderFactory> found = new LinkedHashMap<>();
        try {
            for (MjProviderFactory f : ServiceLoader.load(MjProviderFactory.class, loader)) {
                add(found, f);
            }
        } catch (ServiceConfigurationError e) {
            throw new MjConfigurationException("A provider listed in META-INF/services/" + MjProviderFactory.class.getName()
                    + " could not be loaded: " + e.getMessage(), e);
        }
        return new ProviderRegistry(found);
    }

    /** Exactly the given factories (no classpath scan). */
    public static ProviderRegistry of(MjProviderFactory... factories) {
        Map<String, MjProviderFactory> map = new LinkedHashMap<>();
        for (MjProviderFactory f : factories) {
            add(map, f);
        }
        return new ProviderRegistry(map);
    }

    /** This registry plus {@code factory}. @throws MjConfigurationException if its id is taken */
    public ProviderRegistry with(MjProviderFactory factory) {
        Map<String, MjProviderFactory> map = new LinkedHashMap<>(factories);
        add(map, factory);
        return new ProviderRegistry(map);
    }

    private static void add(Map<String, MjProviderFactory> map, MjProviderFactory f) {
        Objects.requireNonNull(f, "factory");
        String id = f.id();
        if (!id.equals(f.descriptor().id())) {
            throw new MjConfigurationException("Provider factory " + f.getClass().getName() + " has id '" + id
                    + "' but its descriptor says '" + f.descriptor().id() + "'");
        }
        if (f.descriptor().spiVersion() > MjProviderFactory.SPI_VERSION) {
            throw new MjConfigurationException("Provider '" + id + "' (" + f.getClass().getName() + ") needs SPI version "
                    + f.descriptor().spiVersion() + " but this mj-core has " + MjProviderFactory.SPI_VERSION + "; upgrade mj-core");
        }
        MjProviderFactory previous = map.putIfAbsent(id, f);
        if (previous != null) {
            throw new MjConfigurationException("Duplicate provider id '" + id + "': " + previous.getClass().getName()
                    + " and " + f.getClass().getName() + "; found ids " + map.keySet());
        }
    }

    /** The factory for {@code id}. @throws MjConfigurationException listing the known ids when unknown */
    public MjProviderFactory get(String id) {
        MjProviderFactory f = factories.get(id);
        if (f == null) {
            throw new MjConfigurationException(factories.isEmpty()
                    ? "Unknown provider '" + id + "': no provider found on the classpath. Add a provider jar such as "
                    + "mj-provider-acedata, or register a factory explicitly"
                    : "Unknown provider '" + id + "'; found: " + factories.keySet());
        }
        return f;
    }

    /** The known ids, in discovery order. */
    public Set<String> ids() {
        return factories.keySet();
    }

    @Override
    public String toString() {
        return "ProviderRegistry" + factories.keySet();
    }
}
