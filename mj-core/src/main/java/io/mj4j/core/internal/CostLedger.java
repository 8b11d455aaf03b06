package io.mj4j.core.internal;

import io.mj4j.core.CostTracker;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Usage;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The engine's {@link CostTracker}. Thread-safe (one lock; cost events are rare). */
final class CostLedger implements CostTracker {
    private final String currency;
    private final Map<String, Line> reported = new LinkedHashMap<>();
    private final Map<String, Line> normalized = new LinkedHashMap<>();
    private BigDecimal total = BigDecimal.ZERO;
    private BigDecimal reserved = BigDecimal.ZERO;

    CostLedger(String currency) {
        this.currency = currency;
    }

    @Override
    public String currency() {
        return currency;
    }

    @Override
    public synchronized List<Line> reported() {
        return List.copyOf(reported.values());
    }

    @Override
    public synchronized List<Line> normalized() {
        return List.copyOf(normalized.values());
    }

    @Override
    public synchronized BigDecimal normalizedTotal() {
        return total;
    }

    @Override
    public synchronized BigDecimal reserved() {
        return reserved;
    }

    /** Reserves {@code price} unless spent + reserved + price would pass {@code limit}. */
    synchronized boolean tryReserve(BigDecimal price, BigDecimal limit) {
        if (total.add(reserved).add(price).compareTo(limit) > 0) {
            return false;
        }
        reserved = reserved.add(price);
        return true;
    }

    /** Reserves without a limit (no budget configured). */
    synchronized void reserve(BigDecimal price) {
        reserved = reserved.add(price);
    }

    synchronized void release(BigDecimal price) {
        reserved = reserved.subtract(price).max(BigDecimal.ZERO);
    }

    /** The vendor accepted the task: its reserved price becomes spend. */
    synchronized void confirm(String providerId, ActionKind kind, BigDecimal price) {
        release(price);
        total = total.add(price);
        normalized.merge(providerId + "/" + kind, new Line(providerId, kind, currency, price, 1),
                (a, b) -> new Line(a.providerId(), a.kind(), a.unit(), a.amount().add(b.amount()), a.tasks() + 1));
    }

    synchronized void addReported(String providerId, ActionKind kind, Usage usage) {
        reported.merge(providerId + "/" + kind + "/" + usage.unit(), new Line(providerId, kind, usage.unit(), usage.amount(), 1),
                (a, b) -> new Line(a.providerId(), a.kind(), a.unit(), a.amount().add(b.amount()), a.tasks() + 1));
    }
}
