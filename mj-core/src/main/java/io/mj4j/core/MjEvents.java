package io.mj4j.core;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.Usage;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * Hears what the engine does, for metrics (see the mj-micrometer module). Every method has a no-op
 * default; calls come from engine threads and must be quick and must not throw (exceptions are logged
 * and ignored).
 */
public interface MjEvents {
    /** Outcome words of {@link #submitted}. */
    enum SubmitOutcome { ACCEPTED, REFUSED, UNKNOWN, FAILED_OVER }

    /** One submit exchange ended. */
    default void submitted(String providerId, ActionKind kind, SubmitOutcome outcome, Duration took) {
    }

    /** One poll (fetch or batch fetch) ended; {@code tasks} is how many tasks it covered. */
    default void polled(String providerId, boolean ok, int tasks, Duration took) {
    }

    /** A task made its first progress (RUNNING or beyond), {@code since} its submit. */
    default void firstProgress(String providerId, ActionKind kind, Duration since) {
    }

    /** A task ended. {@code category} is present for failures; TIMEOUT marks a stalled task. */
    default void ended(String providerId, ActionKind kind, TaskStatus status, Optional<FailureCategory> category, Duration total) {
    }

    /** A provider's circuit opened ({@code open}) or closed. */
    default void circuit(String providerId, boolean open) {
    }

    /** A task's cost became known: as the vendor reports it and/or normalized. */
    default void cost(String providerId, ActionKind kind, Optional<Usage> reported, Optional<BigDecimal> normalized) {
    }
}
