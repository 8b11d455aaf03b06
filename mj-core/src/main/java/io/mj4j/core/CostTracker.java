package io.mj4j.core;

import io.mj4j.spi.ActionKind;

import java.math.BigDecimal;
import java.util.List;

/**
 * Running cost totals of one client ({@link Mj#costs()}). Two views:
 * <ul>
 *   <li>as the vendors report it, per provider, action and vendor unit (GPTunnel roubles, Kolersky
 *       requests...), counted once per task when a snapshot first carries usage, on a failed task too
 *       (a vendor that reports usage charged it);</li>
 *   <li>normalized, in the price table's currency: the table's price of each task a vendor accepted
 *       (vendors bill at acceptance). The {@link Budget} is checked against this total plus the prices of
 *       tasks being submitted. A task that fails after the vendor accepted it keeps its full price: vendors
 *       bill at acceptance and none of the supported vendors documents a refund for failed jobs; a submit
 *       the vendor refused costs nothing; one whose outcome is unknown stays reserved until a lookup
 *       finds it at the vendor (then it counts) or it ends.</li>
 * </ul>
 * Thread-safe.
 */
public interface CostTracker {
    /** One line of the totals. */
    record Line(String providerId, ActionKind kind, String unit, BigDecimal amount, long tasks) {
    }

    /** The currency of the normalized totals. */
    String currency();

    /** Vendor-reported totals per provider, action and unit. */
    List<Line> reported();

    /** Normalized totals per provider and action. */
    List<Line> normalized();

    /** The normalized total of accepted tasks. */
    BigDecimal normalizedTotal();

    /** Prices of tasks being submitted, not yet accepted. */
    BigDecimal reserved();

    /** The vendor-reported total of one provider in one unit. */
    default BigDecimal reportedTotal(String providerId, String unit) {
        return reported().stream().filter(l -> l.providerId().equals(providerId) && l.unit().equals(unit))
                .map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
