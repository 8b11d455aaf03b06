/** The small non-blocking HTTP server behind {@code CallbackServer}; not API, may change in any release. */
package io.mj4j.core.internal.http;
