/**
 * The mj4j engine and client API: {@link io.mj4j.core.Mj} submits actions to providers found with
 * {@link io.mj4j.core.ProviderRegistry}, tracks each {@link io.mj4j.core.Task} to a terminal state
 * through one shared scheduler (polling, batched fetches, backoff, deadlines, callbacks), stores every
 * transition in a {@link io.mj4j.core.TaskStore} before telling listeners, and never resubmits a task
 * that may already exist at the vendor.
 */
package io.mj4j.core;
