/**
 * The parts every simulator is built from, so that a simulator holds only its vendor's words: one route table
 * ({@link io.mj4j.sandbox.internal.parts.Routes}), one key check ({@link io.mj4j.sandbox.internal.parts.KeyCheck}),
 * one field validator ({@link io.mj4j.sandbox.internal.parts.Fields}, worded by the vendor's
 * {@link io.mj4j.sandbox.internal.parts.Words}) and one way to refuse a request in the vendor's shape
 * ({@link io.mj4j.sandbox.internal.parts.Refusal}). Not API.
 */
package io.mj4j.sandbox.internal.parts;
