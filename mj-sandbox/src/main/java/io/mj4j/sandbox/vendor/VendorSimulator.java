package io.mj4j.sandbox.vendor;

import java.time.Duration;
import java.util.Optional;

/**
 * One vendor's wire format. Stateless apart from what it keeps in {@link SimTask#attributes()};
 * called from the sandbox's server threads concurrently.
 */
public interface VendorSimulator {
    /** The provider id this simulates ("acedata", ...). */
    String id();

    /**
     * Handles one API request: check auth like the vendor does, route, create or read jobs, and answer
     * in the vendor's envelope and status words. Unknown paths answer the vendor's 404. The built-in
     * simulators hand this to a route table that checks the key first and validates fields with shared
     * parts, so each of them holds only its vendor's words.
     */
    SimResponse handle(SimRequest request, SimContext context);

    /** The vendor's "too many requests" reply (HTTP 429 or its own equivalent) with {@code Retry-After}. */
    SimResponse rateLimited(Duration retryAfter);

    /** The vendor's server-error reply (nothing was created). */
    SimResponse serverError();

    /**
     * The callback the vendor sends when {@code task} ends, as a JSON body, or empty when this vendor
     * sends none. Called by the sandbox when the job reaches its terminal phase.
     */
    default Optional<String> callbackBody(SimTask task, SimContext context) {
        return Optional.empty();
    }

    /**
     * The client reference the submit that created {@code task} carried (the field the vendor echoes, such
     * as mj-proxy's {@code state}), or empty when this vendor takes none or the submit sent none. The
     * sandbox's {@link io.mj4j.sandbox.Ledger} groups the vendor's tasks by it.
     */
    default Optional<String> clientReference(SimTask task) {
        return Optional.empty();
    }
}
