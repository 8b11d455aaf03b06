package io.mj4j.core.internal;

import io.mj4j.core.Scheduler;
import io.mj4j.core.store.TaskLeases;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.core.store.TaskStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Leases, when several processes share the store: this node stores each new task leased to itself, renews its
 * leases every third of the lease, stops polling tasks another node took over, claims tasks whose node
 * stopped renewing, releases a lease when the task ends, and parks for good a task whose outcome is
 * unknown (no node can learn more; a person decides, it is never resubmitted). Without leases every
 * method does nothing. Upkeep runs as a poll-lane job on the engine's timer; other calls come from
 * submission, tracking's end hook and resume. Owns no per-task state. Thread-safe.
 */
final class Leases {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    private static final Duration PARKED = Duration.ofDays(36500);

    private final TaskStore store;
    private final TaskLeases leases;
    private final String nodeId;
    private final Duration lease;
    private final Clock clock;
    private final Scheduler timer;
    private final Lane lane;
    private final BooleanSupplier closed;
    private volatile Tracking tracking;
    private volatile Consumer<String> lost = id -> { };
    private volatile Consumer<String> takeOver = id -> { };

    Leases(TaskStore store, String nodeId, Duration lease, Clock clock, Scheduler timer, Lane lane, BooleanSupplier closed) {
        this.store = store;
        this.leases = nodeId != null && store instanceof TaskLeases l ? l : null;
        this.nodeId = nodeId;
        this.lease = lease;
        this.clock = clock;
        this.timer = timer;
        this.lane = lane;
        this.closed = closed;
    }

    /** Starts the upkeep: {@code lost} hears tasks another node took, {@code takeOver} tasks this node claimed. */
    void start(Tracking tracking, Consumer<String> lost, Consumer<String> takeOver) {
        this.tracking = tracking;
        this.lost = lost;
        this.takeOver = takeOver;
        if (leases != null) {
            timer.schedule(Duration.ZERO, () -> lane.execute(this::upkeep));
        }
    }

    boolean enabled() {
        return leases != null;
    }

    /**
     * Stores a new task; with leases, leased to this node in the same transaction, so no other node's orphan claim
     * can take it (and park it UNKNOWN before its submit reaches the vendor) between the insert and the lease.
     */
    void insert(TaskRecord record) {
        if (leases != null) {
            Instant now = clock.instant();
            leases.insertLeased(record, nodeId, now.plus(lease));
        } else {
            store.insert(record);
        }
    }

    void release(String taskId) {
        if (leases != null) {
            try {
                leases.release(taskId, nodeId);
            } catch (RuntimeException e) {
                LOG.warn("Could not release the lease of task {}; it expires by itself: {}", taskId, e.getMessage());
            }
        }
    }

    /** Keeps a task whose outcome is unknown leased to this node for good, so no node resumes it. */
    void park(String taskId) {
        if (leases != null) {
            Instant now = clock.instant();
            leases.acquire(List.of(taskId), nodeId, now, now.plus(PARKED));
        }
    }

    /** Claims every orphaned task (for {@code resumeActive()}). */
    List<String> claimAll() {
        Instant now = clock.instant();
        return leases.claimOrphans(nodeId, now, now.plus(lease), Integer.MAX_VALUE);
    }

    private void upkeep() {
        if (closed.getAsBoolean()) {
            return;
        }
        try {
            Instant now = clock.instant();
            Instant until = now.plus(lease);
            List<String> mine = tracking.activeIds();
            Set<String> held = leases.acquire(mine, nodeId, now, until);
            for (String id : mine) {
                if (!held.contains(id)) {
                    LOG.warn("Task {}: its lease went to another node; this node stops polling it", id);
                    lost.accept(id);
                }
            }
            for (String id : leases.claimOrphans(nodeId, now, until, 200)) {
                LOG.info("Node {} took over task {} (its lease had expired)", nodeId, id);
                takeOver.accept(id);
            }
        } catch (RuntimeException e) {
            LOG.warn("Lease upkeep of node {} failed; will try again: {}", nodeId, e.getMessage());
        } finally {
            if (!closed.getAsBoolean()) {
                timer.schedule(lease.dividedBy(3), () -> lane.execute(this::upkeep));
            }
        }
    }
}
