package io.mj4j.core.internal;

import io.mj4j.core.MjEvents;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.Usage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Fans engine events out to the registered {@link MjEvents}, isolating their failures. */
final class Events implements MjEvents {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);
    private final List<MjEvents> sinks;

    Events(List<MjEvents> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    private void each(Consumer<MjEvents> call) {
        for (MjEvents s : sinks) {
            try {
                call.accept(s);
            } catch (RuntimeException e) {
                LOG.warn("An MjEvents listener threw; ignored", e);
            }
        }
    }

    @Override
    public void submitted(String providerId, ActionKind kind, SubmitOutcome outcome, Duration took) {
        each(s -> s.submitted(providerId, kind, outcome, took));
    }

    @Override
    public void polled(String providerId, boolean ok, int tasks, Duration took) {
        each(s -> s.polled(providerId, ok, tasks, took));
    }

    @Override
    public void firstProgress(String providerId, ActionKind kind, Duration since) {
        each(s -> s.firstProgress(providerId, kind, since));
    }

    @Override
    public void ended(String providerId, ActionKind kind, TaskStatus status, Optional<FailureCategory> category, Duration total) {
        each(s -> s.ended(providerId, kind, status, category, total));
    }

    @Override
    public void circuit(String providerId, boolean open) {
        each(s -> s.circuit(providerId, open));
    }

    @Override
    public void cost(String providerId, ActionKind kind, Optional<Usage> reported, Optional<BigDecimal> normalized) {
        each(s -> s.cost(providerId, kind, reported, normalized));
    }
}
