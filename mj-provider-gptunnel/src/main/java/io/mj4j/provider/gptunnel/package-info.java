/**
 * The GPTunnel (gptunnel.ru) provider of mj4j: {@link io.mj4j.provider.gptunnel.GptunnelProviderFactory} is found
 * with {@link java.util.ServiceLoader} under the id {@code gptunnel} and creates a
 * {@link io.mj4j.provider.gptunnel.GptunnelProvider}, a stateless translator between the mj4j vocabulary and
 * GPTunnel's unofficial Midjourney API ({@code /v1/midjourney/*}, raw key in {@code Authorization}, one task object
 * shape for every reply, polling via {@code GET /v1/midjourney/result}); {@link io.mj4j.provider.gptunnel.internal.GptunnelOptions}
 * lists the vendor options it reads. The vendor facts it relies on are in {@code shared/vendors/gptunnel.md}.
 */
package io.mj4j.provider.gptunnel;
