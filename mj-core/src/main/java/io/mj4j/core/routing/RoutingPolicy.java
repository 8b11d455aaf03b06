package io.mj4j.core.routing;

import io.mj4j.spi.Action;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Orders the providers a root action (imagine, blend, describe, shorten) may go to. The engine sends to
 * the first; it moves to the next only when a failure proves no task was created (connection refused,
 * 429/503 "not accepted", authentication or balance errors, an open circuit, a full queue), never after
 * an ambiguous submit. Follow-ups never route: they stay with their parent's provider.
 *
 * <p>Policies are small records and compose: {@code RoutingPolicy.cheapestFirst().healthAware()}.
 * A custom policy is one method. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface RoutingPolicy {
    /** Provider ids to try, in order, chosen among {@code context.eligible()}. Empty means none may take it. */
    List<String> order(Action action, RoutingContext context);

    /** Ordered failover over {@code ids} (only those eligible). */
    static RoutingPolicy ordered(String... ids) {
        return new Ordered(List.of(ids));
    }

    /** Every eligible provider in configuration order. */
    static RoutingPolicy inConfigurationOrder() {
        return (action, ctx) -> ctx.eligible();
    }

    /** A weighted random first choice, the rest following by weight (a provider with weight 0 is never used). */
    static RoutingPolicy weighted(Map<String, Integer> weights) {
        return new Weighted(weights);
    }

    /** The cheapest eligible provider first by the price table; unpriced providers last. */
    static RoutingPolicy cheapestFirst() {
        return new CheapestFirst();
    }

    /** This policy with providers whose circuit is open moved to the end. */
    default RoutingPolicy healthAware() {
        return new HealthAware(this);
    }

    /** Ordered failover. */
    record Ordered(List<String> ids) implements RoutingPolicy {
        public Ordered {
            ids = List.copyOf(ids);
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("an ordered policy needs at least one provider id");
            }
        }

        @Override
        public List<String> order(Action action, RoutingContext ctx) {
            return ids.stream().filter(ctx.eligible()::contains).toList();
        }
    }

    /** Weighted random order. */
    record Weighted(Map<String, Integer> weights) implements RoutingPolicy {
        public Weighted {
            weights = Map.copyOf(new LinkedHashMap<>(weights));
            weights.forEach((id, w) -> {
                if (w == null || w < 0) {
                    throw new IllegalArgumentException("weight of '" + id + "' must be >= 0, got " + w);
                }
            });
        }

        @Override
        public List<String> order(Action action, RoutingContext ctx) {
            List<String> pool = new ArrayList<>(ctx.eligible().stream().filter(id -> weights.getOrDefault(id, 0) > 0).toList());
            List<String> out = new ArrayList<>();
            while (!pool.isEmpty()) {
                int total = pool.stream().mapToInt(weights::get).sum();
                int pick;
                synchronized (ctx.random()) {
                    pick = ctx.random().nextInt(total);
                }
                for (String id : pool) {
                    pick -= weights.get(id);
                    if (pick < 0) {
                        out.add(id);
                        pool.remove(id);
                        break;
                    }
                }
            }
            return out;
        }
    }

    /** Cheapest first. */
    record CheapestFirst() implements RoutingPolicy {
        @Override
        public List<String> order(Action action, RoutingContext ctx) {
            List<String> out = new ArrayList<>(ctx.eligible());
            out.sort(Comparator.comparing((String id) -> ctx.price(id, action.kind()).orElse(null),
                    Comparator.nullsLast(Comparator.<BigDecimal>naturalOrder())));
            return out;
        }
    }

    /** Healthy providers first, keeping the base order within each group. */
    record HealthAware(RoutingPolicy base) implements RoutingPolicy {
        public HealthAware {
            Objects.requireNonNull(base, "base");
        }

        @Override
        public List<String> order(Action action, RoutingContext ctx) {
            List<String> ordered = base.order(action, ctx);
            List<String> out = new ArrayList<>(ordered.stream().filter(ctx::healthy).toList());
            ordered.stream().filter(id -> !ctx.healthy(id)).forEach(out::add);
            return out;
        }
    }
}
