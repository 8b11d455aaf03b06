/**
 * Internals of the OhMyGPT provider, not API: the Jackson DTOs of OhMyGPT's {@code {statusCode, message,
 * data}} envelope and task object, the request builder, the reply reader that turns tasks into snapshots,
 * the one status table, the Discord button catalogue that maps {@code customId}s to follow-ups, the
 * option parser, and the mapping of OhMyGPT's error shapes to the mj4j exception hierarchy. Everything
 * here may change without notice.
 */
package io.mj4j.provider.ohmygpt.internal;
