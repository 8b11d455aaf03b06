/**
 * The mj4j provider for OhMyGPT's "Midjourney Open API" ({@code /api/v1/ai/draw/mj/*}): imagine, the
 * Discord-button follow-ups (upscale, variation, reroll, vary, the upscalers, zoom, pan, and any button
 * through {@code Action.Custom}), task queries, webhooks and the account balance. Found by
 * {@link java.util.ServiceLoader} through {@link io.mj4j.provider.ohmygpt.OhMyGptProviderFactory} under the
 * id {@code ohmygpt}; the README of the module lists the options, the status table and the error mapping.
 */
package io.mj4j.provider.ohmygpt;
