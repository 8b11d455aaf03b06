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
 * GET  /v1/tasks/{id}       -> {"id","status":"queued|running|done|failed","progress":0..100,"image":"url",
 *                               "followUps":["upscale:1",..],"error":{"code":"moderation|internal","message":".."}}
 * GET  /v1/tasks?ids=a,b    -> {"tasks":[...]}                         (batch, at most 10)
 * POST /v1/tasks/{id}/cancel -> the task
 * callbacks: POST of one task object
 * errors: {"error":{"code":"..","message":".."}} with 400 (code "moderation" = content rejected), 401, 402, 429, 5xx
 * auth: Authorization: Bearer KEY
 * </pre>
 *
 * The constructor taking a {@link Quirk} builds deliberately broken variants for the kit's own tests.
 */
public class RefVendorProviderFactory implements MjProviderFactory {
    /** Deliberate defects, each of which one conformance rule must catch. */
    public enum Quirk { NONE, RETRIES_ON_ITS_OWN, RATE_LIMIT_AS_AUTH, IGNORES_CAPABILITIES, LEAKS_KEY }

    private final String id;
    private final Quirk quirk;

    public RefVendorProviderFactory() {
        this("refvendor", Quirk.NONE);
    }

    protected RefVendorProviderFactory(String id, Quirk quirk) {
        this.id = id;
        this.quirk = quirk;
    }

    /** A correct reference provider registered under another id (to configure two "vendors" at once). */
    public static RefVendorProviderFactory withId(String id) {
        return new RefVendorProviderFactory(id, Quirk.NONE);
    }

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.builder(id, "Reference vendor", URI.create("https://api.refvendor.example"))
                .actions(ActionKind.IMAGINE, ActionKind.UPSCALE, ActionKind.VARIATION, ActionKind.REROLL)
                .features(Feature.BATCH_FETCH, Feature.CANCEL, Feature.CALLBACKS)
                .speedModes(SpeedMode.FAST, SpeedMode.RELAX)
                .maxBatchSize(10)
                .build();
    }

    /** The action kinds the wire format can express (wider than declared, so the capability quirk has something to send). */
    static final Set<ActionKind> EXPRESSIBLE = EnumSet.of(ActionKind.IMAGINE, ActionKind.UPSCALE, ActionKind.VARIATION,
            ActionKind.REROLL, ActionKind.DESCRIBE, ActionKind.BLEND, ActionKind.SHORTEN, ActionKind.VARY, ActionKind.ZOOM,
            ActionKind.PAN, ActionKind.SEED, ActionKind.ANIMATE, ActionKind.VARY_REGION, ActionKind.UPSCALE_MORE);

    @Override
    public MjProvider create(ProviderContext context) {
        return new RefVendorProvider(context, descriptor(), quirk);
    }
}
