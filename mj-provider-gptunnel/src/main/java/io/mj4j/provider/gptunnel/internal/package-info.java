/**
 * Not API. The wire side of the GPTunnel provider: Jackson DTOs of the task, balance and error objects
 * ({@link io.mj4j.provider.gptunnel.internal.Wire}), the vendor options
 * ({@link io.mj4j.provider.gptunnel.internal.GptunnelOptions}), request building
 * ({@link io.mj4j.provider.gptunnel.internal.Requests}), the one status table
 * ({@link io.mj4j.provider.gptunnel.internal.StatusTable}), task-object-to-snapshot reading (JSON through
 * {@code io.mj4j.provider.support.ProviderJson})
 * ({@link io.mj4j.provider.gptunnel.internal.Replies}) and error mapping
 * ({@link io.mj4j.provider.gptunnel.internal.ErrorMapper}).
 */
package io.mj4j.provider.gptunnel.internal;
