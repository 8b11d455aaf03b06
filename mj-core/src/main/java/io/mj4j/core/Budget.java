package io.mj4j.core;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The most the client may spend, in the price table's currency (see {@link io.mj4j.core.routing.PriceTable}).
 * A new task whose price would take the normalized total past {@code limit} is refused with
 * {@link BudgetExceededException} before anything is sent.
 */
public record Budget(BigDecimal limit) {
    public Budget {
        Objects.requireNonNull(limit, "limit");
        if (limit.signum() < 0) {
            throw new IllegalArgumentException("budget limit must be >= 0, got " + limit);
        }
    }
}
