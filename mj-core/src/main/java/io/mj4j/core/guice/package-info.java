/** Optional Guice integration: {@link io.mj4j.core.guice.MjModule} binds a singleton {@link io.mj4j.core.Mj}. Needs Guice on the classpath. */
package io.mj4j.core.guice;
