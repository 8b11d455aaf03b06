/**
 * The conformance kit: {@link io.mj4j.testkit.ProviderConformanceKit} is the JUnit 5 suite every
 * provider must pass, driven by the provider's {@link io.mj4j.testkit.VendorStubs} on WireMock; the
 * rules are numbered in {@code mj-testkit/CONFORMANCE.md}. {@link io.mj4j.testkit.ManualClock} and
 * {@link io.mj4j.testkit.ManualScheduler} let tests of the engine (and of applications) move time
 * without sleeping.
 */
package io.mj4j.testkit;
