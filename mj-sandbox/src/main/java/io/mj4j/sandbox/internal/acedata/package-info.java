/**
 * The AceData Cloud simulator ({@code shared/vendors/acedata.md}): {@code POST}-only JSON endpoints under
 * {@code /midjourney/}, follow-ups chained by {@code image_id}, tasks read with {@code /midjourney/tasks}, async
 * submits with {@code trace_id}, and the {@code {"error": {"code", "message"}, "trace_id"}} envelope. Loaded by
 * name from {@code io.mj4j.sandbox.Simulators}.
 */
package io.mj4j.sandbox.internal.acedata;
