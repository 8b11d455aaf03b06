package io.mj4j.sandbox;

import io.mj4j.sandbox.internal.acedata.AceDataSimulator;
import io.mj4j.sandbox.internal.gptunnel.GptunnelSimulator;
import io.mj4j.sandbox.internal.kolersky.KolerskySimulator;
import io.mj4j.sandbox.internal.mjproxy.MjProxySimulator;
import io.mj4j.sandbox.internal.ohmygpt.OhMyGptSimulator;
import io.mj4j.sandbox.vendor.VendorSimulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The built-in simulators by provider id, registered by constructor reference: the compiler sees every one, so a
 * renamed or moved simulator is a build error rather than a vendor missing at run time.
 */
final class Simulators {
    private static final Map<String, Supplier<VendorSimulator>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("gptunnel", GptunnelSimulator::new);
        BUILT_IN.put("acedata", AceDataSimulator::new);
        BUILT_IN.put("ohmygpt", OhMyGptSimulator::new);
        BUILT_IN.put("kolersky", KolerskySimulator::new);
        BUILT_IN.put("mjproxy", MjProxySimulator::new);
    }

    private Simulators() {
    }

    /** The ids, in a fixed order. */
    static Set<String> ids() {
        return java.util.Collections.unmodifiableSet(BUILT_IN.keySet());
    }

    /** A new simulator of {@code id}. @throws IllegalArgumentException listing the known ids */
    static VendorSimulator create(String id) {
        Supplier<VendorSimulator> s = BUILT_IN.get(id);
        if (s == null) {
            throw new IllegalArgumentException("No sandbox simulator for vendor '" + id + "'; available: " + ids());
        }
        return s.get();
    }
}
