/** Implementation of the mj command: configuration, the task history file, downloads, output. Not API. */
package io.mj4j.cli.internal;
