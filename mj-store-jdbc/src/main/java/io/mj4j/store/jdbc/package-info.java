/**
 * Durable task storage for mj4j: {@link io.mj4j.store.jdbc.JdbcTaskStore}, the engine's
 * {@link io.mj4j.core.store.TaskStore} on H2 (embedded, file mode) or PostgreSQL with versioned migrations and the full
 * history of every task, and {@link io.mj4j.store.jdbc.TaskJson}, the JSON form of tasks shared by the stores and the
 * command line.
 */
package io.mj4j.store.jdbc;
