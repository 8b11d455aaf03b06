/**
 * Micrometer metrics for mj4j: {@link io.mj4j.micrometer.MicrometerEvents} turns the engine's
 * {@link io.mj4j.core.MjEvents} (submits, polls, first progress, task ends, stalls, circuit changes and
 * cost) into counters, timers and gauges tagged by provider and action, and
 * {@link io.mj4j.micrometer.MjMetricsModule} wires it into a Guice application that installs
 * {@code MjModule}. Guice is an optional dependency: only the module needs it.
 */
package io.mj4j.micrometer;
