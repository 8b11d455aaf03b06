/**
 * Local, stateful simulators of the Midjourney vendor APIs, served on loopback by the JDK
 * {@code HttpServer}: the same paths, auth checks, envelopes, status words, follow-up ids, errors and
 * callbacks as each vendor, with results rendered as real PNG images. {@link io.mj4j.sandbox.MjSandbox}
 * is the entry point; {@link io.mj4j.sandbox.Faults} injects failures and {@link io.mj4j.sandbox.Counters}
 * counts what was created, so tests can assert "exactly one task".
 */
package io.mj4j.sandbox;
