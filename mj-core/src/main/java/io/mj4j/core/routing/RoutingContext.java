package io.mj4j.core.routing;

import io.mj4j.spi.ActionKind;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** What a {@link RoutingPolicy} may look at when it orders providers for one action. */
public interface RoutingContext {
    /** The configured providers that support the action, in configuration order. */
    List<String> eligible();

    /** False while the provider's circuit is open (recent request errors or failed tasks). */
    boolean healthy(String providerId);

    /** The normalized price of one task of {@code kind} on {@code providerId}, from the price table. */
    Optional<BigDecimal> price(String providerId, ActionKind kind);

    /** Randomness for weighted choices (seedable in tests). */
    Random random();
}
