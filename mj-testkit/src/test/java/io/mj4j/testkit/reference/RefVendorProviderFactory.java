package io.mj4j.testkit.reference;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Feature;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.SpeedMode;

import java.net.URI;
import java.util.EnumSet;
import java.util.Set;

/**
 * The worked example of a provider, for "refvendor": a made-up vendor with a simple JSON API.
 *
 * <pre>
 * POST /v1/tasks            {"action":"imagine|upscale|variation|reroll","prompt":"..","parent":"id","index":1,"reference":".."}
 *                           -> 200 {"id":"..","status":"queued"}
 * GET  /v1/tasks/{id}       -> {"id","status":"queued|running|done|failed|cancelled","progress":0..100,
 *                               "image":"url" or "result":{"images":[{"url":".."}]},
 *                               "followUps":["upscale:1",..],"error":{"code":"moderation|internal","message":".."}}
 * GET  /v1/tasks?ids=a,b    -> {"tasks":[...]}             (batch, at most 10; unknown ids left out)
 * GET  /v1/tasks?reference=r -> {"tasks":[...]}            (lookup by client reference; empty list: none)
 * POST /v1/tasks/{id}/cancel -> the task
 * GET  /v1/account          -> {"balance":12.75,"unit":"credits"}
 * callbacks: POST of one task object
 * errors: {"error":{"code":"..","message":".."}} with 400 (code "moderation" = content rejected), 401, 402,
 *         403, 429 (Retry-After), 5xx; or, in an HTTP 200, the same envelope without an "id"
 * auth: Authorization: Bearer KEY
 * </pre>
 *
 * The plain factory ("refvendor") declares batch fetch, cancel and callbacks, and is what the engine tests
 * run on; {@link Full} ("refvendor-full") declares every feature, for the kit's own conformance run.
 */
public class RefVendorProviderFactory implements MjProviderFactory {
    static final Set<ActionKind> ACTIONS = EnumSet.of(ActionKind.IMAGINE, ActionKind.UPSCALE, ActionKind.VARIATION, ActionKind.REROLL);

    /** The action kinds the wire format can express (wider than declared, so a capability defect has something to send). */
    static final Set<ActionKind> EXPRESSIBLE = EnumSet.of(ActionKind.IMAGINE, ActionKind.UPSCALE, ActionKind.VARIATION,
            ActionKind.REROLL, ActionKind.DESCRIBE, ActionKind.BLEND, ActionKind.SHORTEN, ActionKind.VARY, ActionKind.ZOOM,
            ActionKind.PAN, ActionKind.SEED, ActionKind.ANIMATE, ActionKind.VARY_REGION, ActionKind.UPSCALE_MORE);

    private final String id;
    private final Set<Feature> features;

    public RefVendorProviderFactory() {
        this("refvendor", EnumSet.of(Feature.BATCH_FETCH, Feature.CANCEL, Feature.CALLBACKS));
    }

    protected RefVendorProviderFactory(String id, Set<Feature> features) {
        this.id = id;
        this.features = Set.copyOf(features);
    }

    /** A correct reference provider registered under another id (to configure two "vendors" at once). */
    public static RefVendorProviderFactory withId(String id) {
        return new RefVendorProviderFactory(id, new RefVendorProviderFactory().features);
    }

    /** The reference provider declaring every feature. */
    public static class Full extends RefVendorProviderFactory {
        public Full() {
            this("refvendor-full");
        }

        protected Full(String id) {
            super(id, EnumSet.allOf(Feature.class));
        }
    }

    @Override
    public ProviderDescriptor descriptor() {
        return descriptor(ACTIONS);
    }

    ProviderDescriptor descriptor(Set<ActionKind> actions) {
        return ProviderDescriptor.builder(id, "Reference vendor", URI.create("https://api.refvendor.example"))
                .actions(actions.toArray(ActionKind[]::new))
                .features(features.toArray(Feature[]::new))
                .speedModes(SpeedMode.FAST, SpeedMode.RELAX)
                .maxBatchSize(10)
                .build();
    }

    @Override
    public MjProvider create(ProviderContext context) {
        return new RefVendorProvider(context, descriptor());
    }
}
