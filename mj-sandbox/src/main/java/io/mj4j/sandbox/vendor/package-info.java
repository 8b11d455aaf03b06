/**
 * How one vendor's wire format is simulated: a {@link io.mj4j.sandbox.vendor.VendorSimulator} turns
 * {@link io.mj4j.sandbox.vendor.SimRequest}s into {@link io.mj4j.sandbox.vendor.SimResponse}s, creating
 * and reading {@link io.mj4j.sandbox.vendor.SimTask}s through the {@link io.mj4j.sandbox.vendor.SimContext}.
 * The sandbox owns time, results, files, faults, counters and callback delivery.
 */
package io.mj4j.sandbox.vendor;
