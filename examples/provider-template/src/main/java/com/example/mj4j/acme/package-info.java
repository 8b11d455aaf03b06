/**
 * An mj4j provider for the made-up vendor Acme: the template a third party copies to add a vendor. The
 * factory declares what the vendor can do; the provider translates actions to HTTP calls and replies to
 * snapshots and typed errors; the tests prove it with the conformance kit.
 */
package com.example.mj4j.acme;
