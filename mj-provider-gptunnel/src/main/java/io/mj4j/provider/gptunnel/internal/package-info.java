/**
 * Not API. The wire side of the GPTunnel provider: Jackson DTOs of the task, balance and error objects
 * ({@link io.mj4j.provider.gptunnel.internal.Wire}), JSON reading that turns any unreadable reply into a
 * {@link io.mj4j.spi.ProviderProtocolException} ({@link io.mj4j.provider.gptunnel.internal.Json}), request building
 * ({@link io.mj4j.provider.gptunnel.internal.Requests}), the one status table
 * ({@link io.mj4j.provider.gptunnel.internal.StatusTable}), task-object-to-snapshot mapping
 * ({@link io.mj4j.provider.gptunnel.internal.TaskMapper}) and error mapping
 * ({@link io.mj4j.provider.gptunnel.internal.ErrorMapper}).
 */
package io.mj4j.provider.gptunnel.internal;
