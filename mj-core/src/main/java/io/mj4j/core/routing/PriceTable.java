package io.mj4j.core.routing;

import io.mj4j.spi.ActionKind;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Normalized prices per provider and action, in one currency of your choice, to compare vendors that bill
 * in roubles, requests or credits. A provider's default price applies to actions without their own.
 * Immutable and thread-safe.
 */
public final class PriceTable {
    private final String currency;
    private final Map<String, Map<ActionKind, BigDecimal>> prices;
    private final Map<String, BigDecimal> defaults;

    private PriceTable(Builder b) {
        this.currency = b.currency;
        Map<String, Map<ActionKind, BigDecimal>> p = new HashMap<>();
        b.prices.forEach((k, v) -> p.put(k, Map.copyOf(v)));
        this.prices = Map.copyOf(p);
        this.defaults = Map.copyOf(b.defaults);
    }

    /** A builder for prices in {@code currency} (for example "USD"). */
    public static Builder in(String currency) {
        return new Builder(currency);
    }

    /** A table without prices. */
    public static PriceTable none() {
        return in("-").build();
    }

    public String currency() {
        return currency;
    }

    /** The price of one task of {@code kind} on {@code providerId}. */
    public Optional<BigDecimal> price(String providerId, ActionKind kind) {
        BigDecimal p = prices.getOrDefault(providerId, Map.of()).get(kind);
        return Optional.ofNullable(p != null ? p : defaults.get(providerId));
    }

    /** Builds a {@link PriceTable}. Not thread-safe. */
    public static final class Builder {
        private final String currency;
        private final Map<String, Map<ActionKind, BigDecimal>> prices = new HashMap<>();
        private final Map<String, BigDecimal> defaults = new HashMap<>();

        private Builder(String currency) {
            this.currency = Objects.requireNonNull(currency, "currency");
        }

        /** The price of every action of {@code providerId} that has no price of its own. */
        public Builder price(String providerId, BigDecimal each) {
            defaults.put(providerId, nonNegative(each));
            return this;
        }

        /** The price of one {@code kind} task on {@code providerId}. */
        public Builder price(String providerId, ActionKind kind, BigDecimal each) {
            prices.computeIfAbsent(providerId, k -> new HashMap<>()).put(kind, nonNegative(each));
            return this;
        }

        public PriceTable build() {
            return new PriceTable(this);
        }

        private static BigDecimal nonNegative(BigDecimal v) {
            if (v == null || v.signum() < 0) {
                throw new IllegalArgumentException("a price must be >= 0, got " + v);
            }
            return v;
        }
    }
}
