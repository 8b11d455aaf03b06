package io.mj4j.provider.acedata;

import io.mj4j.provider.acedata.internal.AceDataOptions;
import io.mj4j.provider.acedata.internal.Requests;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Feature;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.SpeedMode;

import java.net.URI;
import java.time.Duration;

/**
 * The entry point of the AceData Cloud provider (id {@code "acedata"}), listed in
 * {@code META-INF/services/io.mj4j.spi.MjProviderFactory}. Stateless and thread-safe.
 *
 * <p>Declares every action AceData's Midjourney API has (acedata.md §3.1, §6): imagine, blend (image URLs in the
 * prompt), describe, shorten, the grid and single-image follow-ups, zoom (1.5x, 2x, square only), pan, vary region,
 * animate ({@code /midjourney/videos}), seed, and {@link io.mj4j.spi.Action.Custom} follow-ups (any action word,
 * e.g. {@code redo_upscale_2x}); features batch fetch (50 ids, §4.1), callbacks (§5.3) and lookup by client
 * reference ({@code trace_id}, §4.1). No cancel and no balance endpoint exist. Options: {@link AceDataOptions}.
 */
public final class AceDataProviderFactory implements MjProviderFactory {
    /** The provider id. */
    public static final String ID = "acedata";
    /** acedata.md §1. */
    public static final URI DEFAULT_BASE_URI = URI.create("https://api.acedata.cloud");
    /** acedata.md §8: the vendor's polling guidance is 5 s for images and video. */
    public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(5);

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID, "AceData Cloud", DEFAULT_BASE_URI)
            .actions(ActionKind.IMAGINE, ActionKind.BLEND, ActionKind.DESCRIBE, ActionKind.SHORTEN,
                    ActionKind.UPSCALE, ActionKind.VARIATION, ActionKind.REROLL, ActionKind.VARY,
                    ActionKind.UPSCALE_MORE, ActionKind.ZOOM, ActionKind.PAN, ActionKind.VARY_REGION,
                    ActionKind.ANIMATE, ActionKind.SEED, ActionKind.CUSTOM)
            .features(Feature.BATCH_FETCH, Feature.CALLBACKS, Feature.LOOKUP_BY_REFERENCE)
            .speedModes(SpeedMode.FAST, SpeedMode.RELAX, SpeedMode.TURBO)
            .maxBatchSize(Requests.MAX_BATCH)
            .minPollInterval(MIN_POLL_INTERVAL)
            // acedata.md §8: no documented per-task poll budget (the MCP layer's 100 polls is its own advice).
            .maxPollsPerTask(0)
            .requiresApiKey() // every request carries the key; without one the client refuses to build
            .build();

    /** For {@link java.util.ServiceLoader}. */
    public AceDataProviderFactory() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * Creates the provider; validates the options ({@link AceDataOptions#parse}) and does no I/O.
     *
     * @throws io.mj4j.spi.InvalidRequestException naming an unknown option or a bad value
     */
    @Override
    public MjProvider create(ProviderContext context) {
        return new AceDataProvider(context, AceDataOptions.parse(context.options()));
    }
}
