/**
 * Not API. The Kolersky wire format: request bodies built from actions and prompts, the one status
 * table, lenient reading of status, submit, usage and callback replies (Jackson trees, with
 * {@code output} looked up at the top level and under {@code data}), and the mapping of Kolersky's
 * {@code {err, code, message}} error envelope to the mj4j exception hierarchy. Facts and section
 * numbers quoted in comments refer to {@code shared/vendors/kolersky.md}.
 */
package io.mj4j.provider.kolersky.internal;
