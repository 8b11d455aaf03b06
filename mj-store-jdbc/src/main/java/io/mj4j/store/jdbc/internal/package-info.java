/**
 * Not API: the JDBC store's own connection handling, database dialects and schema migrations. May change in any
 * release.
 */
package io.mj4j.store.jdbc.internal;
