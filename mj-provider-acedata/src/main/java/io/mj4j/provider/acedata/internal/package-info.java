/**
 * Not API: the AceData wire format and its translation. {@link io.mj4j.provider.acedata.internal.Wire}
 * holds the Jackson DTOs (read through {@code io.mj4j.provider.support.ProviderJson}),
 * {@link io.mj4j.provider.acedata.internal.AceDataOptions} the vendor options, {@link io.mj4j.provider.acedata.internal.Requests}
 * builds the HTTP calls, {@link io.mj4j.provider.acedata.internal.ActionWords} is the table between mj4j actions and
 * AceData's action words, {@link io.mj4j.provider.acedata.internal.StatusTable} is the one table from AceData task
 * states to {@link io.mj4j.spi.TaskStatus}, {@link io.mj4j.provider.acedata.internal.Replies} turns task objects
 * and results into snapshots, and {@link io.mj4j.provider.acedata.internal.ErrorMapper} maps error replies to the
 * exception hierarchy. Everything here may change between versions.
 */
package io.mj4j.provider.acedata.internal;
