/**
 * The mj4j engine and client API: {@link io.mj4j.core.Mj} submits actions to providers found with
 * {@link io.mj4j.core.ProviderRegistry}, tracks each {@link io.mj4j.core.Task} to a terminal state
 * through one shared scheduler (polling, batched fetches, backoff, deadlines, callbacks), stores every
 * transition in a {@link io.mj4j.core.store.TaskStore} before telling listeners, and never resubmits a task
 * that may already exist at the vendor.
 *
 * <p>This package holds what an application uses: {@code Mj} and its options, {@code Task},
 * listeners and events, budgets and provider configuration. Stores are in
 * {@link io.mj4j.core.store}, vendor callbacks in {@link io.mj4j.core.callback}; the engine's parts
 * (state machine included) are in {@code io.mj4j.core.internal} and carry no compatibility promise.
 */
package io.mj4j.core;
