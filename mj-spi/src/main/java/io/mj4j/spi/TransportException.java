package io.mj4j.spi;

/**
 * The HTTP exchange failed below HTTP: connection refused, reset, timeout, an unreadable reply.
 * Thrown by {@link Transport#send}; providers let it propagate. {@link #delivery()} is the transport's
 * classification of whether the request may have reached the vendor.
 */
public class TransportException extends ProviderUnavailableException {
    /** Whether the request may have reached the vendor. */
    public enum Delivery {
        /** Provably not sent: connection refused, DNS failure, connect timeout. Safe to retry any request. */
        NOT_SENT,
        /** May have been received and acted on: reset or timeout after the request was written. */
        MAYBE_SENT
    }

    private final Delivery delivery;

    public TransportException(String message, Throwable cause, Delivery delivery) {
        super(message, cause, delivery == Delivery.MAYBE_SENT, null);
        this.delivery = delivery;
    }

    /** The classification of the failure. */
    public Delivery delivery() {
        return delivery;
    }
}
