package com.example.mj4j.acme;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Feature;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;

import java.net.URI;
import java.time.Duration;

/**
 * The entry point mj4j finds with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/io.mj4j.spi.MjProviderFactory}). The descriptor is the provider's promise: the
 * engine refuses undeclared actions and features before any request, and the conformance kit exercises every
 * declared one against the vendor's stubs.
 */
public final class AcmeProviderFactory implements MjProviderFactory {
    /** The provider id: {@code Mj.builder().provider("acme", ...)}, environment {@code MJ_ACME_API_KEY}. */
    public static final String ID = "acme";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID, "Acme Imaging", URI.create("https://api.acme.example"))
            .actions(ActionKind.IMAGINE, ActionKind.UPSCALE)
            .features(Feature.BALANCE)
            .minPollInterval(Duration.ofSeconds(2))
            .build();

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MjProvider create(ProviderContext context) {
        return new AcmeProvider(context);
    }
}
