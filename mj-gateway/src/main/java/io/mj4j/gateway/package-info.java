/**
 * The mj4j gateway: the midjourney-proxy HTTP protocol ({@code /mj/submit/imagine}, {@code /mj/submit/action},
 * {@code /mj/task/{id}/fetch}, notifyHook callbacks...) served in front of any vendor mj4j supports, so clients in
 * any language get the engine's duplicate protection, failover, durable tracking and budgets without code changes.
 * Start one with {@link io.mj4j.gateway.Gateway#start(GatewaySettings)} or {@code ./mj serve}.
 */
package io.mj4j.gateway;
