/**
 * Vendor callbacks: {@link io.mj4j.core.callback.CallbackReceiver} checks a callback's HMAC signature
 * and hands a trusted update to the engine; {@link io.mj4j.core.callback.CallbackServer} is a small
 * HTTP endpoint in front of it for applications without a web server of their own.
 */
package io.mj4j.core.callback;
