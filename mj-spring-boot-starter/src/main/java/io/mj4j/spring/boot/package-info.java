/**
 * Spring Boot auto-configuration for mj4j: an {@link io.mj4j.core.Mj} bean built from {@code mj4j.*}
 * properties, its task store, the callback route, per-provider health and Micrometer meters.
 */
package io.mj4j.spring.boot;
