/**
 * The words and the contract of mj4j: actions and prompts, task status and snapshots, the error
 * hierarchy, and the interfaces a vendor provider implements ({@link io.mj4j.spi.MjProviderFactory},
 * {@link io.mj4j.spi.MjProvider}) together with the HTTP {@link io.mj4j.spi.Transport} the engine
 * hands them. This package depends on the JDK only.
 */
package io.mj4j.spi;
