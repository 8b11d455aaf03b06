package io.mj4j.provider.mjproxy.internal;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Feature;
import io.mj4j.spi.ProviderDescriptor;

import java.util.EnumSet;
import java.util.Set;

/**
 * What one provider instance can do on its server: the factory's declared descriptor narrowed by the settings in
 * use (an explicit or detected lineage, mjproxy.md §0) and by the endpoints {@link LineageDetector} learned absent.
 * The engine checks actions against it before any request, and {@code Mj.descriptor(id)} / {@code mj providers}
 * report it. Stateless.
 */
public final class Capabilities {
    private Capabilities() {
    }

    /** {@code declared} narrowed to what {@code settings} and the absent endpoints allow. */
    public static ProviderDescriptor of(ProviderDescriptor declared, MjProxyOptions settings, Set<String> absent) {
        Set<ActionKind> actions = EnumSet.noneOf(ActionKind.class);
        for (ActionKind k : declared.actions()) {
            if (allowed(k, settings, absent)) {
                actions.add(k);
            }
        }
        Set<Feature> features = EnumSet.noneOf(Feature.class);
        for (Feature f : declared.features()) {
            boolean ok = switch (f) {
                case CANCEL -> settings.cancel() && !absent.contains(LineageDetector.CANCEL);
                case LOOKUP_BY_REFERENCE -> settings.lookup() != MjProxyOptions.LookupMode.NONE;
                default -> true;
            };
            if (ok) {
                features.add(f);
            }
        }
        if (actions.equals(declared.actions()) && features.equals(declared.features())) {
            return declared;
        }
        return new ProviderDescriptor(declared.id(), declared.displayName(), declared.spiVersion(), actions, features,
                declared.speedModes(), declared.defaultBaseUri(), declared.maxBatchSize(), declared.minPollInterval(),
                declared.maxPollsPerTask());
    }

    private static boolean allowed(ActionKind k, MjProxyOptions s, Set<String> absent) {
        return switch (k) {
            // §5.5/§5.6: the actions carry image URLs; OSS v2 takes base64 data URLs only.
            case BLEND, DESCRIBE -> s.imageUrls();
            case SHORTEN -> s.plusSurface() && !absent.contains(LineageDetector.SHORTEN);
            case SEED -> s.plusSurface() && !absent.contains(LineageDetector.SEED);
            // §5.3: /submit/change expresses U1..U4, V1..V4 and reroll; /submit/action does too
            case UPSCALE, VARIATION, REROLL -> true;
            // follow-ups other than U/V/R need button customIds through /submit/action (§5.2, §5.3)
            case VARY, UPSCALE_MORE, ZOOM, PAN, VARY_REGION, ANIMATE ->
                    s.followUps() == MjProxyOptions.FollowUpRoute.ACTION && !absent.contains(LineageDetector.ACTION);
            // imagine and the escape hatch (a root Custom posts to any endpoint path) exist on every lineage
            default -> true;
        };
    }
}
