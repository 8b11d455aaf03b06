package io.mj4j.core.internal;

import io.mj4j.core.PollOptions;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderDescriptor;

import java.util.Objects;

/** One configured provider: its id, what it declares, the instance, and its poll options. Immutable. */
public record ProviderEntry(String id, ProviderDescriptor descriptor, MjProvider provider, PollOptions poll) {
    public ProviderEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(poll, "poll");
    }
}
