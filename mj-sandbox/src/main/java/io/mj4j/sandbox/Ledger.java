package io.mj4j.sandbox;

import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The vendor's own books at one moment: every task the sandbox created, with the client reference its
 * submit carried and what became of its callbacks. Fault tests count identities here (two vendor tasks
 * for one reference is a duplicate; a reference the engine does not know is an orphan) instead of
 * subtracting totals, which a wrongful resend and a lost task can cancel out. An immutable snapshot.
 *
 * @param entries one per vendor task, oldest first
 */
public record Ledger(List<Entry> entries) {
    /**
     * One vendor task.
     *
     * @param vendorTaskId        the vendor's id
     * @param reference           the client reference its submit carried (empty when the vendor takes none)
     * @param kind                what it does
     * @param phase               where it is at the ledger's moment
     * @param forgotten           the vendor forgot it ({@link Faults#forgetNext}): it answers "no such task"
     * @param callbacksSent       callback requests sent for it (duplicates and stale ones included)
     * @param callbacksLost       callbacks deliberately not sent
     * @param staleCallbacksSent  out-of-order callbacks sent while it ran ({@link Faults#staleCallbacks})
     * @param callbacksAccepted   callbacks the receiver answered with a 2xx (counted as replies arrive)
     * @param staleCallbacksAccepted stale callbacks the receiver answered with a 2xx
     */
    public record Entry(String vendorTaskId, Optional<String> reference, ActionKind kind, SimTask.Phase phase, boolean forgotten,
                        int callbacksSent, int callbacksLost, int staleCallbacksSent, int callbacksAccepted,
                        int staleCallbacksAccepted) {
    }

    public Ledger {
        entries = List.copyOf(entries);
    }

    /** Vendor tasks grouped by the reference their submit carried, in creation order. */
    public Map<String, List<Entry>> byReference() {
        return entries.stream().filter(e -> e.reference().isPresent())
                .collect(Collectors.groupingBy(e -> e.reference().orElseThrow(), LinkedHashMap::new, Collectors.toList()));
    }

    /** The vendor tasks created for {@code reference}. */
    public List<Entry> forReference(String reference) {
        return entries.stream().filter(e -> e.reference().filter(reference::equals).isPresent()).toList();
    }

    /** Vendor tasks whose submit carried no reference. */
    public List<Entry> withoutReference() {
        return entries.stream().filter(e -> e.reference().isEmpty()).toList();
    }

    static Entry entry(SimTask t, Optional<String> reference, Instant now, boolean forgotten, Books c) {
        return new Entry(t.id(), reference, t.kind(), t.phase(now), forgotten, c.sent.get(), c.lost.get(), c.stale.get(),
                c.accepted.get(), c.staleAccepted.get());
    }

    /** What the sandbox counts per vendor task while it runs. Thread-safe. */
    static final class Books {
        final java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger lost = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger stale = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger staleAccepted = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean forgotten;
    }
}
