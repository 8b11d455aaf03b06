package io.mj4j.sandbox;

import io.mj4j.sandbox.vendor.VendorSimulator;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The built-in simulators, by provider id, each a class with a public no-arg constructor. */
final class Simulators {
    private static final Map<String, String> CLASSES = new LinkedHashMap<>();

    static {
        CLASSES.put("gptunnel", "io.mj4j.sandbox.internal.gptunnel.GptunnelSimulator");
        CLASSES.put("acedata", "io.mj4j.sandbox.internal.acedata.AceDataSimulator");
        CLASSES.put("ohmygpt", "io.mj4j.sandbox.internal.ohmygpt.OhMyGptSimulator");
        CLASSES.put("kolersky", "io.mj4j.sandbox.internal.kolersky.KolerskySimulator");
        CLASSES.put("mjproxy", "io.mj4j.sandbox.internal.mjproxy.MjProxySimulator");
    }

    private Simulators() {
    }

    /** Ids whose simulator is present. */
    static Set<String> ids() {
        Set<String> ids = new java.util.LinkedHashSet<>();
        CLASSES.forEach((id, cls) -> {
            if (load(cls) != null) {
                ids.add(id);
            }
        });
        return ids;
    }

    static VendorSimulator create(String id) {
        Class<?> c = CLASSES.containsKey(id) ? load(CLASSES.get(id)) : null;
        if (c == null) {
            throw new IllegalArgumentException("No sandbox simulator for vendor '" + id + "'; available: " + ids());
        }
        try {
            return (VendorSimulator) c.getDeclaredConstructor().newInstance();
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException | NoSuchMethodException e) {
            throw new IllegalStateException("cannot create the simulator " + c.getName(), e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, true, Simulators.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
