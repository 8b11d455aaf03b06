/**
 * Implementation of the sandbox: server, job store and time model, image rendering; the parts every simulator is
 * built from ({@code parts}) and one package per vendor simulator. Not API.
 */
package io.mj4j.sandbox.internal;
