/**
 * Where tasks are kept: the {@link io.mj4j.core.store.TaskStore} contract the engine writes every
 * transition to before telling listeners, the {@link io.mj4j.core.store.TaskRecord} it stores, the
 * optional {@link io.mj4j.core.store.TaskLeases} that let several nodes share one store, and the
 * default {@link io.mj4j.core.store.InMemoryTaskStore}. Durable stores live in {@code mj-store-jdbc}.
 */
package io.mj4j.core.store;
