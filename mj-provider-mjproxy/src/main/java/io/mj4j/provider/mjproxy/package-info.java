/**
 * The {@code mjproxy} provider: translates mj4j actions to the midjourney-proxy HTTP protocol spoken by
 * self-hosted proxies (OSS v2, Plus, trueai) and the new-api aggregators that relay it, and reads its task
 * objects, error shapes and callbacks back into the shared vocabulary. Entry point:
 * {@link io.mj4j.provider.mjproxy.MjProxyProviderFactory}.
 */
package io.mj4j.provider.mjproxy;
