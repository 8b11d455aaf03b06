package io.mj4j.core.store;

import io.mj4j.core.Mj;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A {@link TaskStore} that several engine processes share (PostgreSQL) implements this so they split the
 * work: each unfinished task is leased to one node at a time, which alone polls it; a node renews its
 * leases while it lives, and tasks whose lease expired (their node died) are claimed by the others.
 * Enabled with {@code Mj.builder().leases(nodeId, duration)}. Implementations are thread-safe and atomic
 * across processes.
 */
public interface TaskLeases {
    /**
     * Inserts a new task (as {@link TaskStore#insert}) already leased to {@code owner} until {@code until}, in one
     * transaction: no other node's {@link #claimOrphans} can take the task between its insert and its lease.
     *
     * @throws IllegalStateException if a task with this id exists
     */
    void insertLeased(TaskRecord record, String owner, Instant until);

    /**
     * Takes or renews the lease of each task for {@code owner} until {@code until}, where the task has no
     * lease, an expired one ({@code < now}), or one already held by {@code owner}.
     *
     * @return the ids {@code owner} holds afterwards
     */
    Set<String> acquire(Collection<String> taskIds, String owner, Instant now, Instant until);

    /**
     * Claims up to {@code limit} unfinished tasks whose lease is free or expired at {@code now}, oldest first,
     * for {@code owner} until {@code until}; concurrent claimers never get the same task.
     *
     * @return the claimed task ids
     */
    List<String> claimOrphans(String owner, Instant now, Instant until, int limit);

    /** Gives up the lease of a task, if {@code owner} holds it. */
    void release(String taskId, String owner);
}
