/**
 * The engine's implementation; not API, may change in any release. {@link io.mj4j.core.internal.Engine} wires
 * parts with one job each, every one owning its own per-task state: {@code Submission} (slots, circuit,
 * Failsafe retries, failover; {@code SubmitState}), {@code Reconciler} (ambiguous submits), {@code Tracking}
 * (state machine, store, listeners, futures; {@code TrackedTask}), {@code Polling} (poll queue, deadlines;
 * {@code PollState}, {@code PollCadence}), {@code Leases}, {@code CallbackIntake}, {@code Spend},
 * {@code Resumption}. Blocking work runs in two {@code Lane}s (submits, polls) over the worker executor.
 */
package io.mj4j.core.internal;
