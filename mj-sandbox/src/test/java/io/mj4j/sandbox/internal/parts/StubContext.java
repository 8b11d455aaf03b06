package io.mj4j.sandbox.internal.parts;

import io.mj4j.sandbox.vendor.SimContext;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A sandbox context with no jobs that counts refused authentications; for the parts' own tests. */
final class StubContext implements SimContext {
    static final String KEY = "sk-test-123";
    int rejectedAuth;

    @Override public String apiKey() { return KEY; }
    @Override public Clock clock() { return Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC); }
    @Override public URI baseUri() { return URI.create("http://127.0.0.1:1"); }
    @Override public SimTask create(Supplier<String> idFactory, ActionKind kind, String prompt, SimTask parent, int index,
                                    String callbackUrl) {
        throw new UnsupportedOperationException("the parts create no jobs");
    }
    @Override public Optional<SimTask> find(String id) { return Optional.empty(); }
    @Override public List<SimTask> all() { return List.of(); }
    @Override public void countFetch() { }
    @Override public void countRejectedAuth() { rejectedAuth++; }
}
