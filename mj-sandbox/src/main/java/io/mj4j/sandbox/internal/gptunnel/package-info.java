/**
 * The GPTunnel simulator: {@code /v1/midjourney/*} task objects, the bare-key {@code Authorization} check, status
 * words {@code idle}/{@code processing}/{@code done}/{@code failed}, follow-ups by parent {@code taskId} and the
 * OpenAI-style error envelope, as {@code shared/vendors/gptunnel.md} documents them. Not API.
 */
package io.mj4j.sandbox.internal.gptunnel;
