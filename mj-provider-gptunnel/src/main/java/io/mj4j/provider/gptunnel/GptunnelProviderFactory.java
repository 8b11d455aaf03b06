package io.mj4j.provider.gptunnel;

import io.mj4j.provider.gptunnel.internal.GptunnelOptions;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Feature;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;

import java.net.URI;
import java.time.Duration;

/**
 * The GPTunnel provider factory, id {@value #ID}. Stateless and thread-safe; found with {@link java.util.ServiceLoader}.
 *
 * <p>Declared actions: IMAGINE, UPSCALE (U1..U4, {@code /upsample}), VARIATION (V1..V4, {@code /variation} with
 * {@code image}), VARY (Strong/Subtle, {@code /variation} with {@code mode}), REROLL ({@code /reroll}), VARY_REGION
 * ({@code /inpaint}) and CUSTOM (any {@code /v1/midjourney/<endpoint>} with caller-chosen fields). ZOOM, PAN and
 * UPSCALE_MORE are not declared: their endpoints exist but their request schemas and action words are unconfirmed
 * (gptunnel.md §3.6/§12), so mj4j does not guess field names for them; {@code Action.Custom} reaches them.
 * BLEND, DESCRIBE, SHORTEN, ANIMATE and SEED have no GPTunnel endpoint. Feature: BALANCE ({@code GET /v1/balance}).
 * No callbacks (§8), no cancel, no batch read, no lookup by reference (§10: no idempotency key, no task list).
 * Options: see {@link GptunnelOptions}.
 */
public final class GptunnelProviderFactory implements MjProviderFactory {
    /** The provider id. */
    public static final String ID = "gptunnel";
    /** gptunnel.md §1. */
    public static final URI DEFAULT_BASE_URI = URI.create("https://gptunnel.ru");

    // §9: no interval is prescribed; public clients poll every second without trouble (the engine's own default is slower).
    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID, "GPTunnel", DEFAULT_BASE_URI)
            .actions(ActionKind.IMAGINE, ActionKind.UPSCALE, ActionKind.VARIATION, ActionKind.VARY, ActionKind.REROLL,
                    ActionKind.VARY_REGION, ActionKind.CUSTOM)
            .features(Feature.BALANCE)
            .minPollInterval(Duration.ofSeconds(1))
            .requiresApiKey() // every request carries the key; without one the client refuses to build
            .build();

    /** For {@link java.util.ServiceLoader}. */
    public GptunnelProviderFactory() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Validates the options ({@link GptunnelOptions#from}); no I/O. */
    @Override
    public MjProvider create(ProviderContext context) {
        return new GptunnelProvider(context, GptunnelOptions.from(context.options()));
    }
}
