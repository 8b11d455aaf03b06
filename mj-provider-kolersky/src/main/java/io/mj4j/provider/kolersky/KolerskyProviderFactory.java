package io.mj4j.provider.kolersky;

import io.mj4j.provider.kolersky.internal.KolerskyOptions;
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
 * The Kolersky provider ({@code https://api.kolersky.com}, id {@value #ID}), found by
 * {@link java.util.ServiceLoader}. Authenticates with {@code Authorization: Bearer <key>}
 * ({@code MJ_KOLERSKY_API_KEY}).
 *
 * <p>Actions: IMAGINE (text-to-image, image-to-image, style-reference, omni-reference), BLEND,
 * UPSCALE, VARIATION, REROLL, ZOOM ({@code /outpaint}, any factor in [1, 2] and Make Square), PAN,
 * VARY_REGION ({@code /inpaint}), ANIMATE (image-to-video, {@code hd} = image-to-video-hd) and SEED.
 * Features: CANCEL, CALLBACKS, BALANCE. Speeds: relax, fast, turbo. Polling budget (kolersky.md §8): at
 * most 60 status checks per job, at least 5 s apart.
 *
 * <p>Options (env {@code MJ_KOLERSKY_OPT_<NAME>}, validated by {@link #create}):
 * <ul>
 *   <li>{@code follow_up_ids} = {@code parent} (default) | {@code action}: which requestId variation and
 *       upscale are sent with;</li>
 *   <li>{@code prompt_flags} = {@code reject} (default) | {@code append}: prompt parameters without a
 *       Kolersky field are refused, or appended as flags to the prompt text;</li>
 *   <li>{@code watermark}: a {@code waterMark} for generate, variation and upscale (default none);</li>
 *   <li>{@code translate} = {@code false} (default) | {@code true}: {@code enableTranslation}.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class KolerskyProviderFactory implements MjProviderFactory {
    /** The provider id. */
    public static final String ID = "kolersky";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor
            .builder(ID, "Kolersky", URI.create("https://api.kolersky.com"))
            // DESCRIBE is not declared: the vendor documents it as text-to-image + fileUrl, but whether that
            // returns texts at all is unverified (§2.1, §11). Vary (Subtle/Strong), Upscale (Subtle/Creative)
            // and Shorten have no endpoint (§2).
            .actions(ActionKind.IMAGINE, ActionKind.BLEND, ActionKind.UPSCALE, ActionKind.VARIATION, ActionKind.REROLL,
                    ActionKind.ZOOM, ActionKind.PAN, ActionKind.VARY_REGION, ActionKind.ANIMATE, ActionKind.SEED)
            .features(Feature.CANCEL, Feature.CALLBACKS, Feature.BALANCE)
            .speedModes(SpeedMode.RELAX, SpeedMode.FAST, SpeedMode.TURBO)
            // §8: "at most 60 status checks at 5-s intervals per job".
            .minPollInterval(Duration.ofSeconds(5))
            .maxPollsPerTask(60)
            .requiresApiKey() // every request carries the key; without one the client refuses to build
            .build();

    /** For ServiceLoader. */
    public KolerskyProviderFactory() {
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** @throws io.mj4j.spi.InvalidRequestException naming an unknown option or a bad option value */
    @Override
    public MjProvider create(ProviderContext context) {
        return new KolerskyProvider(context, KolerskyOptions.parse(context.options()));
    }
}
