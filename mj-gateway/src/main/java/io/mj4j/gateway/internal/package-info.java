/**
 * The gateway's parts, not API: request parsing into mj4j actions, the protocol's reply and task shapes, the
 * customIds it issues, its own table (client owner, notifyHook, state, modal steps, uploaded images), client
 * authentication and the notifyHook sender.
 */
package io.mj4j.gateway.internal;
