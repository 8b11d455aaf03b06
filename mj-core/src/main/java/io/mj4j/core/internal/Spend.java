package io.mj4j.core.internal;

import io.mj4j.core.Budget;
import io.mj4j.core.BudgetExceededException;
import io.mj4j.core.CostTracker;
import io.mj4j.core.routing.PriceTable;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.TaskSnapshot;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spend: the budget and the cost totals. Owns each task's reserved price (taken before the submit is sent,
 * moved on failover, turned into spend when the vendor accepts, released when the task ends unsent) and
 * whether the vendor's own usage report of a task was counted (once). Called on the caller's thread
 * (reserve) and on worker threads (the rest); touches only the {@link CostLedger} and the events. Thread-safe.
 */
final class Spend {
    private final PriceTable prices;
    private final Budget budget;
    private final CostLedger ledger;
    private final Events events;
    private final Map<String, BigDecimal> reserved = new ConcurrentHashMap<>();
    private final Set<String> usageCounted = ConcurrentHashMap.newKeySet();

    Spend(PriceTable prices, Budget budget, Events events) {
        this.prices = prices;
        this.budget = budget;
        this.events = events;
        this.ledger = new CostLedger(prices.currency());
    }

    CostTracker costs() {
        return ledger;
    }

    /**
     * Reserves the price of {@code kind} on {@code providerId} for the task, if the price table has one.
     *
     * @throws BudgetExceededException when spent + reserved + this price would pass the budget (nothing reserved)
     */
    void reserve(String taskId, String providerId, ActionKind kind) {
        Optional<BigDecimal> price = prices.price(providerId, kind);
        if (price.isEmpty()) {
            return;
        }
        if (budget == null) {
            ledger.reserve(price.get());
        } else if (!ledger.tryReserve(price.get(), budget.limit())) {
            BudgetExceededException e = new BudgetExceededException("Budget of " + budget.limit().toPlainString() + " "
                    + prices.currency() + " reached: spent " + ledger.normalizedTotal().toPlainString() + ", reserved "
                    + ledger.reserved().toPlainString() + ", and " + kind + " on '" + providerId + "' costs "
                    + price.get().toPlainString());
            e.withProvider(providerId);
            throw e;
        }
        reserved.put(taskId, price.get());
    }

    /** Gives back the task's reservation (it ends unsent, or moves to another provider). */
    void release(String taskId) {
        BigDecimal r = reserved.remove(taskId);
        if (r != null) {
            ledger.release(r);
        }
    }

    /** The vendor accepted the task: its reserved price becomes spend. */
    void confirm(String taskId, String providerId, ActionKind kind) {
        BigDecimal r = reserved.remove(taskId);
        if (r != null) {
            ledger.confirm(providerId, kind, r);
            events.cost(providerId, kind, Optional.empty(), Optional.of(r));
        }
    }

    /** Counts the usage a vendor reported in a snapshot of the task, once per task. */
    void reported(String taskId, String providerId, ActionKind kind, TaskSnapshot s) {
        if (s.usage().isPresent() && usageCounted.add(taskId)) {
            ledger.addReported(providerId, kind, s.usage().get());
            events.cost(providerId, kind, s.usage(), Optional.empty());
        }
    }

    /** The task ended: a reservation still held is released, the per-task state dropped. */
    void ended(String taskId) {
        release(taskId);
        usageCounted.remove(taskId);
    }
}
