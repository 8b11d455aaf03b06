package io.mj4j.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a task failed: a category plus the vendor's own words (truncated to 500 characters) and code.
 */
public record Failure(FailureCategory category, String vendorMessage, Optional<String> vendorCode) {
    /** Longest vendor message kept. */
    public static final int MAX_MESSAGE = 500;

    public Failure {
        Objects.requireNonNull(category, "category");
        vendorMessage = truncate(vendorMessage == null ? "" : vendorMessage);
        Objects.requireNonNull(vendorCode, "vendorCode");
    }

    /** A failure without a vendor code. */
    public static Failure of(FailureCategory category, String vendorMessage) {
        return new Failure(category, vendorMessage, Optional.empty());
    }

    static String truncate(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
    }
}
