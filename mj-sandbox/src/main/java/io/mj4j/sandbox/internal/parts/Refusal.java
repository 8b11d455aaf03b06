package io.mj4j.sandbox.internal.parts;

import io.mj4j.sandbox.vendor.SimResponse;

import java.util.Objects;

/**
 * A request the simulated vendor refuses before creating anything: thrown from anywhere in a handler (a field
 * check, a lookup), it unwinds to {@link Routes}, which answers {@link #response()}, the reply in the vendor's own
 * error shape. Carries no stack trace: it is control flow, not a fault.
 */
public final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SimResponse response;

    public Refusal(SimResponse response) {
        super(null, null, false, false);
        this.response = Objects.requireNonNull(response, "response");
    }

    /** The vendor's reply to the refused request. */
    public SimResponse response() {
        return response;
    }
}
