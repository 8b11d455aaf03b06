/** Implementation of the engine; not API, may change in any release. */
package io.mj4j.core.internal;
