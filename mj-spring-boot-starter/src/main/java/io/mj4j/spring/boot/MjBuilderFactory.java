package io.mj4j.spring.boot;

import io.mj4j.core.Budget;
import io.mj4j.core.HealthOptions;
import io.mj4j.core.Mj;
import io.mj4j.core.MjConfigurationException;
import io.mj4j.core.PollOptions;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderLimits;
import io.mj4j.core.store.TaskStore;
import io.mj4j.core.routing.PriceTable;
import io.mj4j.core.routing.RoutingPolicy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns {@link Mj4jProperties} into an {@link Mj.Builder}: one job, no Spring in it, so every property's effect
 * is checked without an application context. Unset properties keep mj4j's defaults.
 */
final class MjBuilderFactory {
    private MjBuilderFactory() {
    }

    static Mj.Builder builder(Mj4jProperties p, TaskStore store, Map<String, String> environment) {
        Mj.Builder b = Mj.builder().environment(environment).store(store);
        if (p.getProviders().isEmpty()) {
            throw new MjConfigurationException("mj4j: no provider configured; set mj4j.providers.<id>.api-key (or "
                    + "MJ_<ID>_API_KEY) for one of the providers on the classpath, for example mj4j.providers.acedata.api-key");
        }
        p.getProviders().forEach((id, provider) -> {
            b.provider(id, providerConfig(provider));
            if (provider.getPoll().isSet()) {
                b.pollOptions(id, poll(id, provider.getPoll()));
            }
            if (provider.getMaxConcurrent() != null) {
                b.limits(id, new ProviderLimits(provider.getMaxConcurrent(), provider.getMaxQueued()));
            }
        });
        if (p.getDefaultProvider() != null) {
            b.defaultProvider(p.getDefaultProvider());
        }
        routing(p.getRouting()).ifPresent(b::routing);
        if (!p.getPrices().getPerTask().isEmpty()) {
            PriceTable.Builder t = PriceTable.in(p.getPrices().getCurrency());
            p.getPrices().getPerTask().forEach(t::price);
            b.prices(t.build());
        }
        if (p.getBudget() != null) {
            if (p.getPrices().getPerTask().isEmpty()) {
                throw new MjConfigurationException("mj4j.budget is set but mj4j.prices.per-task is empty: the budget counts "
                        + "the price of each task, so give each provider's price (mj4j.prices.per-task.<id>)");
            }
            b.budget(new Budget(p.getBudget()));
        }
        if (p.getDefaultDeadline() != null) {
            b.defaultDeadline(p.getDefaultDeadline());
        }
        p.getDeadlines().forEach(b::deadline);
        Mj4jProperties.Health h = p.getHealth();
        if (h.getFailureThreshold() != null || h.getCooldown() != null) {
            b.health(new HealthOptions(h.getFailureThreshold() != null ? h.getFailureThreshold() : HealthOptions.DEFAULT.failureThreshold(),
                    h.getCooldown() != null ? h.getCooldown() : HealthOptions.DEFAULT.cooldown()));
        }
        if (p.getWorkerThreads() != null) {
            b.workerThreads(p.getWorkerThreads());
        }
        if (p.getAdaptivePolling() != null) {
            b.adaptivePolling(p.getAdaptivePolling());
        }
        Mj4jProperties.Callbacks c = p.getCallbacks();
        if (c.getPublicBase() != null) {
            if (c.getSecret() == null || c.getSecret().length() < 16) {
                throw new MjConfigurationException("mj4j.callbacks.public-base is set: mj4j.callbacks.secret must be set too, "
                        + "at least 16 characters (it signs each task's callback URL; keep it stable across restarts)");
            }
            b.callbacks(c.getPublicBase(), c.getSecret().getBytes(StandardCharsets.UTF_8));
            if (c.getBodyLimit() != null) {
                b.callbackBodyLimit(c.getBodyLimit());
            }
            if (c.getConfirmWindow() != null) {
                try {
                    b.callbackConfirmWindow(c.getConfirmWindow()); // the builder's check, reported under the property's name
                } catch (IllegalArgumentException e) {
                    throw new MjConfigurationException("mj4j.callbacks.confirm-window: " + e.getMessage());
                }
            }
        }
        return b;
    }

    private static ProviderConfig providerConfig(Mj4jProperties.Provider p) {
        ProviderConfig.Builder c = ProviderConfig.builder();
        if (p.getApiKey() != null && !p.getApiKey().isBlank()) {
            c.apiKey(p.getApiKey().strip());
        }
        if (p.getBaseUrl() != null) {
            c.baseUri(p.getBaseUrl());
        }
        if (p.getCallbackUrl() != null) {
            c.callbackUri(p.getCallbackUrl());
        }
        p.getOptions().forEach(c::option);
        return c.build();
    }

    private static PollOptions poll(String id, Mj4jProperties.Poll p) {
        PollOptions d = PollOptions.DEFAULT;
        try {
            return new PollOptions(p.getFirstPoll() != null ? p.getFirstPoll() : d.firstPoll(),
                    p.getInterval() != null ? p.getInterval() : d.interval(),
                    p.getMaxInterval() != null ? p.getMaxInterval() : d.maxInterval(),
                    p.getBackoff() != null ? p.getBackoff() : d.backoff(),
                    p.getJitter() != null ? p.getJitter() : d.jitter());
        } catch (IllegalArgumentException e) {
            throw new MjConfigurationException("mj4j.providers." + id + ".poll: " + e.getMessage());
        }
    }

    private static java.util.Optional<RoutingPolicy> routing(Mj4jProperties.Routing r) {
        if (r.getPolicy() == null) {
            return java.util.Optional.empty();
        }
        RoutingPolicy policy = switch (r.getPolicy()) {
            case ORDERED -> {
                if (r.getOrder().isEmpty()) {
                    throw new MjConfigurationException("mj4j.routing.policy is ordered: list the provider ids in mj4j.routing.order");
                }
                yield RoutingPolicy.ordered(r.getOrder().toArray(String[]::new));
            }
            case CONFIGURATION_ORDER -> RoutingPolicy.inConfigurationOrder();
            case WEIGHTED -> {
                if (r.getWeights().isEmpty()) {
                    throw new MjConfigurationException("mj4j.routing.policy is weighted: give mj4j.routing.weights.<id>");
                }
                yield RoutingPolicy.weighted(r.getWeights());
            }
            case CHEAPEST_FIRST -> RoutingPolicy.cheapestFirst();
        };
        return java.util.Optional.of(r.isHealthAware() ? policy.healthAware() : policy);
    }
}
