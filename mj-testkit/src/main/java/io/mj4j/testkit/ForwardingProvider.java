package io.mj4j.testkit;

import io.mj4j.spi.Balance;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider that passes every call to another one. Tests override the one method they count or break (the kit's
 * self-test wraps the reference provider in 25 broken variants this way, the fault suite's self-test breaks the
 * sandbox providers, the kit counts submits). Hand-written because the SPI is an interface with defaults: a
 * generated proxy would lose the types and hide which method a variant overrides.
 */
public class ForwardingProvider implements MjProvider {
    private final MjProvider delegate;

    public ForwardingProvider(MjProvider delegate) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
    }

    /** The provider every call goes to. */
    protected final MjProvider delegate() {
        return delegate;
    }

    @Override
    public SubmitReceipt submit(SubmitRequest request) {
        return delegate.submit(request);
    }

    @Override
    public ProviderDescriptor capabilities(ProviderDescriptor declared) {
        return delegate.capabilities(declared);
    }

    @Override
    public TaskSnapshot fetch(TaskRef task) {
        return delegate.fetch(task);
    }

    @Override
    public Map<String, TaskSnapshot> fetchBatch(List<TaskRef> tasks) {
        return delegate.fetchBatch(tasks);
    }

    @Override
    public TaskSnapshot cancel(TaskRef task) {
        return delegate.cancel(task);
    }

    @Override
    public List<TaskSnapshot> parseCallback(Map<String, List<String>> headers, byte[] body) {
        return delegate.parseCallback(headers, body);
    }

    @Override
    public Balance balance() {
        return delegate.balance();
    }

    @Override
    public Optional<TaskSnapshot> lookup(String clientReference) {
        return delegate.lookup(clientReference);
    }
}
