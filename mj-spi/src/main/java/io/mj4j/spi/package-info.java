/**
 * The words and the contract of mj4j: actions and prompts, task status and snapshots, the error
 * hierarchy, and the interfaces a vendor provider implements ({@link io.mj4j.spi.MjProviderFactory},
 * {@link io.mj4j.spi.MjProvider}) together with the HTTP {@link io.mj4j.spi.Transport} the engine
 * hands them. This package depends on the JDK only.
 *
 * <h2>Map for provider authors</h2>
 * The types a provider meets, in the order it meets them (a complete example:
 * {@code examples/provider-template}; the rules it must pass: {@code mj-testkit/CONFORMANCE.md}):
 * <ol>
 *   <li>{@link io.mj4j.spi.MjProviderFactory}: listed in {@code META-INF/services}; gives the id and
 *       creates a provider per account.</li>
 *   <li>{@link io.mj4j.spi.ProviderDescriptor}: what the vendor can do, as {@link io.mj4j.spi.ActionKind}s
 *       and {@link io.mj4j.spi.Feature}s; the engine refuses anything else before any request.</li>
 *   <li>{@link io.mj4j.spi.ProviderContext}: base URI, {@link io.mj4j.spi.Credentials}, the
 *       {@link io.mj4j.spi.Transport}, the clock and the vendor options, handed to {@code create}.</li>
 *   <li>{@link io.mj4j.spi.MjProvider}: {@code submit}, {@code fetch}, and the optional batch fetch,
 *       cancel, callback, balance and lookup calls; one HTTP exchange each, no retries, no threads.</li>
 *   <li>{@link io.mj4j.spi.SubmitRequest}: the {@link io.mj4j.spi.Action} (an imagine carries a
 *       {@link io.mj4j.spi.Prompt}), the client reference, the parent snapshot of a follow-up.</li>
 *   <li>{@link io.mj4j.spi.HttpCall} out through {@link io.mj4j.spi.Transport#send}, and
 *       {@link io.mj4j.spi.HttpReply} back; a {@link io.mj4j.spi.TransportException} passes through.</li>
 *   <li>{@link io.mj4j.spi.SubmitReceipt}: the vendor's task id, perhaps a first snapshot.</li>
 *   <li>{@link io.mj4j.spi.TaskRef}: what {@code fetch} gets back: the vendor task id and the action kind.</li>
 *   <li>{@link io.mj4j.spi.TaskSnapshot}: one reading of a task: {@link io.mj4j.spi.TaskStatus}, progress,
 *       {@link io.mj4j.spi.TaskResult} ({@link io.mj4j.spi.Image}s), the {@link io.mj4j.spi.FollowUp}s it
 *       offers, a {@link io.mj4j.spi.Failure}, and the vendor state later follow-ups need.</li>
 *   <li>{@link io.mj4j.spi.MjException} and its subtypes for error replies, the common status mapping in
 *       {@link io.mj4j.spi.HttpErrors}; {@link io.mj4j.spi.ProviderProtocolException} for a reply that cannot
 *       be read. {@link io.mj4j.spi.MjException#mayHaveCreatedTask()} is the fact the engine retries by.</li>
 *   <li>{@link io.mj4j.spi.Redaction}: the one rule that keeps the API key out of every message.</li>
 *   <li>{@link io.mj4j.spi.UnsupportedActionException} and {@link io.mj4j.spi.InvalidRequestException}: what
 *       an action the vendor cannot express, or a bad option, throws before anything is sent.</li>
 * </ol>
 * The JSON side (Jackson set up, parse-or-{@code ProviderProtocolException} with a redacted snippet, error
 * classification for vendors that put errors in HTTP 200 bodies) is in {@code mj-provider-support}, so this
 * package stays JDK-only.
 */
package io.mj4j.spi;
