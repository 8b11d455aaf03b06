package io.mj4j.provider.ohmygpt;

import io.mj4j.provider.ohmygpt.internal.OhMyGptOptions;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Feature;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.SpeedMode;

import java.net.URI;
import java.time.Duration;

/**
 * The factory of the OhMyGPT provider, id {@value #ID}. Stateless and thread-safe.
 *
 * <p>Declared actions: IMAGINE and the button follow-ups UPSCALE, VARIATION, REROLL, VARY, UPSCALE_MORE,
 * ZOOM (1.5x, 2x, make square), PAN (without a new prompt), plus CUSTOM (any button id of the parent).
 * Not declared: BLEND and DESCRIBE (the vendor takes only base64 data URLs, mj4j's actions carry image
 * URLs, and downloading them would be extra exchanges), SHORTEN, ANIMATE and SEED (no such endpoint or
 * button), VARY_REGION (its mask field {@code base64Mask} is unconfirmed, ohmygpt.md §5.2, §14).
 * Features: CALLBACKS (webhooks, ohmygpt.md §8) and BALANCE (§5.8). Speed modes: FAST (pool FAST) and
 * RELAX (pool NORMAL).
 *
 * <p>OhMyGptOptions ({@code MJ_OHMYGPT_OPT_<NAME>}): {@code pool} = FAST (default) | NORMAL, {@code prefer_image}
 * = s3 (default) | discord. {@link #create} refuses any other key and any other value.
 */
public final class OhMyGptProviderFactory implements MjProviderFactory {
    /** The provider id. */
    public static final String ID = "ohmygpt";

    // ohmygpt.md §6: clients poll every 2-5 s.
    private static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(2);

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor
            .builder(ID, "OhMyGPT Midjourney Open API", URI.create("https://api.ohmygpt.com"))
            .actions(ActionKind.IMAGINE, ActionKind.UPSCALE, ActionKind.VARIATION, ActionKind.REROLL, ActionKind.VARY,
                    ActionKind.UPSCALE_MORE, ActionKind.ZOOM, ActionKind.PAN, ActionKind.CUSTOM)
            .features(Feature.CALLBACKS, Feature.BALANCE)
            .speedModes(SpeedMode.FAST, SpeedMode.RELAX)
            .minPollInterval(MIN_POLL_INTERVAL)
            .requiresApiKey() // every request carries the key; without one the client refuses to build
            .build();

    /** For {@link java.util.ServiceLoader}. */
    public OhMyGptProviderFactory() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** @throws InvalidRequestException naming a bad or unknown option */
    @Override
    public MjProvider create(ProviderContext context) {
        return new OhMyGptProvider(context, OhMyGptOptions.parse(context.options()), DESCRIPTOR.actions());
    }
}
