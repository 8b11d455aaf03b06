/**
 * The simulator of the midjourney-proxy protocol, Plus lineage (shared/vendors/mjproxy.md): routes and errors
 * ({@link io.mj4j.sandbox.internal.mjproxy.MjProxySimulator}), the task object and its status words
 * (TaskView), Discord buttons (Buttons) and tasks waiting in MODAL (PendingModal). Not API.
 */
package io.mj4j.sandbox.internal.mjproxy;
