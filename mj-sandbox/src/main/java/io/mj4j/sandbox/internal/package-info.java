/** Implementation of the sandbox: server, job store and time model, image rendering. Not API. */
package io.mj4j.sandbox.internal;
