/**
 * The OhMyGPT simulator: its "Midjourney Open API" under {@code /api/v1/ai/draw/mj/} with the
 * {@code {statusCode, message, data}} envelope, integer task ids, midjourney-proxy status words and
 * Discord-button follow-ups, as {@code shared/vendors/ohmygpt.md} documents them and the ohmygpt provider
 * reads them. Not API.
 */
package io.mj4j.sandbox.internal.ohmygpt;
