/**
 * Plumbing every provider jar needs and none should write again: the Jackson setup and JSON reading that
 * turns any failure into a {@link io.mj4j.spi.ProviderProtocolException} quoting a redacted snippet
 * ({@link io.mj4j.provider.support.ProviderJson}) and lenient single-field reads
 * ({@link io.mj4j.provider.support.JsonFields}), cutting vendor text for messages
 * ({@link io.mj4j.provider.support.Texts}), and the rule for vendors that report errors inside HTTP 200
 * bodies: which status an error reply really has, and its mapping to the exception hierarchy with the
 * vendor's text redacted ({@link io.mj4j.provider.support.ErrorStatus}). Vendor words stay in the
 * providers; this package knows no vendor. It depends on {@code mj-spi} and Jackson, so {@code mj-spi}
 * stays JDK-only.
 */
package io.mj4j.provider.support;
