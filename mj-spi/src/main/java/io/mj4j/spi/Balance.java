package io.mj4j.spi;

import java.math.BigDecimal;
import java.util.Objects;

/** The account balance a vendor reports, in its unit (may be negative where the vendor extends credit). */
public record Balance(BigDecimal amount, String unit) {
    public Balance {
        Objects.requireNonNull(amount, "amount");
        Checks.require(unit != null && !unit.isBlank(), "unit", "must not be blank");
    }
}
