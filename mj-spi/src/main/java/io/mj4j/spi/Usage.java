package io.mj4j.spi;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a task cost, as the vendor reports it, in the vendor's unit: "RUB" for GPTunnel's money,
 * "requests" for Kolersky, "credits" or "points" for others.
 */
public record Usage(BigDecimal amount, String unit) {
    public Usage {
        Objects.requireNonNull(amount, "amount");
        Checks.require(unit != null && !unit.isBlank(), "unit", "must not be blank");
    }
}
