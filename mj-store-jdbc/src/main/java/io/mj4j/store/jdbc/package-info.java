/**
 * Durable task storage for mj4j: {@link io.mj4j.store.jdbc.TaskJson}, the JSON form of tasks shared by the
 * stores and the command line.
 */
package io.mj4j.store.jdbc;
