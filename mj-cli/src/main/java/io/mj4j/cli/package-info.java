/** The {@code mj} command line: every mj4j action on a configured vendor or on the built-in sandbox. */
package io.mj4j.cli;
