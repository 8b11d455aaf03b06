package io.mj4j.core.internal;

import io.mj4j.core.HealthOptions;
import io.mj4j.core.MjConfigurationException;
import io.mj4j.core.ProviderLimits;
import io.mj4j.core.routing.PriceTable;
import io.mj4j.core.routing.RoutingContext;
import io.mj4j.core.routing.RoutingPolicy;
import io.mj4j.spi.Action;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.UnsupportedActionException;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The configured providers and each one's live runtime (circuit breaker and concurrency slots): lookup by id
 * with a clear error, the capability check every action passes before any request (invariant 5), and the
 * routing of root actions over the eligible providers. Called on the caller's thread (submits) and on
 * worker threads; the map is fixed at construction, the runtimes are thread-safe. Thread-safe.
 */
final class ProviderSet {
    private final Map<String, ProviderEntry> entries;
    private final Map<String, ProviderRuntime> runtimes = new LinkedHashMap<>();
    private final RoutingPolicy routing;
    private final PriceTable prices;
    private final Random random;

    ProviderSet(Map<String, ProviderEntry> entries, HealthOptions health, Map<String, ProviderLimits> limits, Clock clock,
                RoutingPolicy routing, PriceTable prices, Random random, Events events) {
        this.entries = Map.copyOf(entries);
        this.routing = routing;
        this.prices = prices;
        this.random = random;
        for (ProviderEntry p : entries.values()) {
            runtimes.put(p.id(), new ProviderRuntime(health, limits.getOrDefault(p.id(), ProviderLimits.UNLIMITED), clock,
                    open -> events.circuit(p.id(), open)));
        }
    }

    /** The configured provider, or a configuration error listing the configured ids. */
    ProviderEntry get(String id) {
        ProviderEntry p = entries.get(id);
        if (p == null) {
            throw new MjConfigurationException("Provider '" + id + "' is not configured in this client; configured: " + entries.keySet());
        }
        return p;
    }

    boolean contains(String id) {
        return entries.containsKey(id);
    }

    Set<String> ids() {
        return entries.keySet();
    }

    Iterable<ProviderEntry> all() {
        return entries.values();
    }

    ProviderRuntime runtime(String id) {
        return runtimes.get(get(id).id());
    }

    /** Refuses, before any request, an action the provider does not declare (or a speed mode it lacks). */
    static void requireSupported(ProviderEntry p, Action action) {
        ProviderDescriptor d = p.provider().capabilities(p.descriptor()); // what the instance learned of its server
        if (!d.supports(action.kind())) {
            throw unsupported(p, "Provider '" + p.id() + "' does not support " + action.kind() + "; it supports "
                    + d.actions());
        }
        if (action instanceof Action.Imagine im && im.prompt().speed().isPresent() && !d.speedModes().isEmpty()
                && !d.speedModes().contains(im.prompt().speed().get())) {
            throw unsupported(p, "Provider '" + p.id() + "' does not offer speed " + im.prompt().speed().get()
                    + "; it offers " + d.speedModes());
        }
    }

    static UnsupportedActionException unsupported(ProviderEntry p, String message) {
        UnsupportedActionException e = new UnsupportedActionException(message);
        e.withProvider(p.id());
        return e;
    }

    /**
     * The providers a root action may go to, in order: {@code providerId} alone when given (or when no
     * routing policy is configured, the default), else the routing policy's order over the eligible ones.
     */
    List<String> candidates(String providerId, String defaultProvider, Action action) {
        if (providerId != null || routing == null) {
            ProviderEntry p = get(providerId != null ? providerId : defaultProvider);
            requireSupported(p, action);
            return List.of(p.id());
        }
        List<String> eligible = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (ProviderEntry p : entries.values()) {
            try {
                requireSupported(p, action);
                eligible.add(p.id());
            } catch (UnsupportedActionException e) {
                refusals.add(e.getMessage());
            }
        }
        List<String> ordered = eligible.isEmpty() ? List.of() : routing.order(action, new RoutingContext() {
            @Override
            public List<String> eligible() {
                return List.copyOf(eligible);
            }

            @Override
            public boolean healthy(String id) {
                return runtimes.get(id).health.healthy();
            }

            @Override
            public Optional<BigDecimal> price(String id, ActionKind kind) {
                return prices.price(id, kind);
            }

            @Override
            public Random random() {
                return random;
            }
        });
        List<String> valid = ordered.stream().distinct().filter(eligible::contains).toList();
        if (valid.isEmpty()) {
            throw new UnsupportedActionException("No configured provider may take " + action.kind() + ": "
                    + (eligible.isEmpty() ? refusals : "the routing policy chose none of " + eligible));
        }
        return valid;
    }
}
