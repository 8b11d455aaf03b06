package io.mj4j.provider.kolersky.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.provider.support.ProviderJson;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.UnsupportedActionException;
import io.mj4j.spi.Usage;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds every HTTP request the provider sends: one per submit (generate or a follow-up endpoint), the
 * status poll, the cancel and the usage read. All validation happens here, before anything is sent.
 * Thread-safe (immutable).
 */
public final class Requests {
    /** Path of the generate endpoint (§2.1). */
    public static final String GENERATE = "/v1/midjourney/generate";
    /** The unit of {@link #COST}: Kolersky bills "requests" (§1, §8). */
    public static final String UNIT = "requests";
    /**
     * §8 price list, reported as the submit's usage. REROLL is absent on purpose: its cost is not stated
     * (§8, §11), so no usage is reported for it.
     */
    static final Map<ActionKind, BigDecimal> COST;

    static {
        Map<ActionKind, BigDecimal> c = new EnumMap<>(ActionKind.class);
        for (ActionKind k : new ActionKind[]{ActionKind.IMAGINE, ActionKind.BLEND, ActionKind.VARIATION, ActionKind.UPSCALE,
                ActionKind.VARY_REGION, ActionKind.ZOOM, ActionKind.PAN, ActionKind.SEED}) {
            c.put(k, BigDecimal.ONE);
        }
        c.put(ActionKind.ANIMATE, BigDecimal.valueOf(15));
        COST = Map.copyOf(c);
    }

    private static final ProviderJson JSON = ProviderJson.of(Redaction.none());

    private final ProviderContext context;
    private final KolerskyOptions options;

    /** A submit ready to send: the call, what it is (for messages), and what the first snapshot carries. */
    public record Submission(HttpCall call, String what, Map<String, String> vendorState, Optional<Usage> usage) {
    }

    public Requests(ProviderContext context, KolerskyOptions options) {
        this.context = context;
        this.options = options;
    }

    /**
     * The request for {@code request}.
     *
     * @throws UnsupportedActionException for actions or values Kolersky cannot express
     * @throws InvalidRequestException     for values it refuses or ids the parent lacks
     */
    public Submission submission(SubmitRequest request) {
        Action action = request.action();
        ObjectNode body = JSON.object();
        Map<String, String> state = new LinkedHashMap<>();
        String path;
        switch (action.kind()) {
            case IMAGINE -> {
                Action.Imagine im = (Action.Imagine) action;
                path = GENERATE;
                PromptMapper.Mapped m = PromptMapper.imagine(im.prompt(), options.promptFlags(), body);
                generateExtras(body, request);
                state.put(StateKeys.TASK_TYPE, m.taskType());
                state.put(StateKeys.ASPECT_RATIO, m.aspectRatio());
                m.promptText().ifPresent(t -> state.put(StateKeys.PROMPT, t));
            }
            case BLEND -> {
                Action.Blend bl = (Action.Blend) action;
                // kolersky.md §2.1 "documented oddities": blend is taskType image-to-image with fileUrls; the vendor's
                // own blend example sends no prompt. The shape maps to Midjourney's /blend dimensions.
                path = GENERATE;
                String ar = switch (bl.shape()) {
                    case PORTRAIT -> "2:3";
                    case SQUARE -> "1:1";
                    case LANDSCAPE -> "3:2";
                };
                body.put("taskType", "image-to-image");
                PromptMapper.putFiles(body, bl.images().stream().map(URI::toString).toList());
                body.put("aspectRatio", ar);
                generateExtras(body, request);
                state.put(StateKeys.TASK_TYPE, "image-to-image");
                state.put(StateKeys.ASPECT_RATIO, ar);
            }
            case UPSCALE -> {
                Action.Upscale u = (Action.Upscale) action;
                path = "/v1/midjourney/upscale";
                gridFollowUp(request, body, "U", u.index());
                inherit(request, state, true);
            }
            case VARIATION -> {
                Action.Variation v = (Action.Variation) action;
                path = "/v1/midjourney/variation";
                gridFollowUp(request, body, "V", v.index());
                inherit(request, state, true);
            }
            case REROLL -> {
                path = "/v1/midjourney/reroll";
                body.put("requestId", request.parentVendorTaskId());
                inherit(request, state, true);
            }
            case ZOOM -> {
                Action.Zoom z = (Action.Zoom) action;
                // §2.6: zoom out is /outpaint; zoom_ratio is snake_case and sent as a string like the vendor's
                // example ("2"); any factor in [1, 2] is accepted, so no factor is refused.
                path = "/v1/midjourney/outpaint";
                body.put("requestId", request.parentVendorTaskId());
                body.put("zoom_ratio", z.square() ? "1" : BigDecimal.valueOf(z.factor()).stripTrailingZeros().toPlainString());
                // §2.6: prompt is optional in the docs, but an outpaint without one loses the picture's subject (the
                // issue-16 report); like Midjourney's Custom Zoom and like /pan (§2.7) the parent's prompt is the
                // fallback; nothing is sent only when neither the action nor the parent carries one.
                z.prompt().or(() -> parentState(request, StateKeys.PROMPT)).ifPresent(p -> body.put("prompt", p));
                // §2.6: aspectRatio defaults to 1:1, which would reshape a non-square image; send the shape in effect
                // (1:1 for Make Square), or nothing when it is unknown.
                Optional<String> ar = z.square() ? Optional.of("1:1") : parentState(request, StateKeys.ASPECT_RATIO);
                ar.ifPresent(a -> body.put("aspectRatio", a));
                inherit(request, state, false);
                ar.ifPresent(a -> state.put(StateKeys.ASPECT_RATIO, a));
            }
            case PAN -> {
                Action.Pan p = (Action.Pan) action;
                // §2.7: prompt is required; Midjourney's pan pre-fills the job's prompt, so that is the fallback.
                path = "/v1/midjourney/pan";
                String prompt = p.prompt().or(() -> parentState(request, StateKeys.PROMPT)).orElseThrow(() ->
                        new InvalidRequestException("PAN: Kolersky requires a prompt for /pan and the parent task has none "
                                + "on record; pass one with new Action.Pan(direction, Optional.of(prompt))"));
                body.put("requestId", request.parentVendorTaskId());
                body.put("direction", p.direction().name().toLowerCase(Locale.ROOT));
                body.put("prompt", prompt);
                // A pan changes the canvas shape, so the aspect ratio is not inherited.
                state.put(StateKeys.PROMPT, prompt);
            }
            case VARY_REGION -> {
                Action.VaryRegion vr = (Action.VaryRegion) action;
                // §2.5: the mask is sent as raw base64 (no data-URI prefix, like the upload endpoint's examples §2.11);
                // its colour convention is undocumented (§11), Midjourney's is white = regenerate.
                path = "/v1/midjourney/inpaint";
                body.put("requestId", request.parentVendorTaskId());
                body.put("mask", vr.maskPngBase64());
                vr.prompt().ifPresent(t -> body.put("prompt", t));
                inherit(request, state, true);
                vr.prompt().ifPresent(t -> state.put(StateKeys.PROMPT, t));
            }
            case ANIMATE -> {
                Action.Animate an = (Action.Animate) action;
                // §2.1: video is a generate job on the parent's image URL (Kolersky has no id-based animate).
                path = GENERATE;
                TaskSnapshot parent = request.requireParent();
                URI image = parent.result().flatMap(r -> r.primaryImage()).orElseThrow(() ->
                        new InvalidRequestException("ANIMATE: the parent task has no image URL to animate"));
                String taskType = an.hd() ? "image-to-video-hd" : "image-to-video";
                body.put("taskType", taskType);
                body.put("fileUrl", image.toString());
                body.put("motion", an.motion().name().toLowerCase(Locale.ROOT));
                // §2.1: the docs call prompt required, but the production client omits it for video; sent only when given.
                an.prompt().ifPresent(t -> body.put("prompt", t));
                generateExtras(body, request);
                state.put(StateKeys.TASK_TYPE, taskType);
            }
            case SEED -> {
                path = "/v1/midjourney/seed";
                body.put("requestId", request.parentVendorTaskId());
            }
            default -> throw new UnsupportedActionException("Kolersky does not support " + action.kind()
                    + " (no endpoint for it in kolersky.md §2)");
        }
        String what = "Kolersky " + action.kind().name().toLowerCase(Locale.ROOT) + " submit";
        Optional<Usage> usage = Optional.ofNullable(COST.get(action.kind())).map(c -> new Usage(c, UNIT));
        return new Submission(post(path, body), what, Map.copyOf(state), usage);
    }

    /**
     * §2.2/§2.3: {@code requestId} plus {@code index} 1..4. Pitfall (§5): the grid's {@code collage.actions}
     * number V1..V4 as 1..4 and U1..U4 as 5..8, but these endpoints take the grid position 1..4 for both.
     */
    private void gridFollowUp(SubmitRequest request, ObjectNode body, String letter, int index) {
        String id = options.followUpIds() == KolerskyOptions.FollowUpIds.ACTION
                ? request.parentState(StateKeys.action(letter, index))
                : request.parentVendorTaskId();
        body.put("requestId", id);
        body.put("index", index);
        options.waterMark().ifPresent(w -> body.put("waterMark", w));
        callback(body, request);
    }

    /** Fields every generate job takes from the options and the context. */
    private void generateExtras(ObjectNode body, SubmitRequest request) {
        options.waterMark().ifPresent(w -> body.put("waterMark", w));
        if (options.translate()) {
            body.put("enableTranslation", true);
        }
        callback(body, request);
    }

    /** §6: callBackUrl is accepted by generate, variation and upscale only. */
    private void callback(ObjectNode body, SubmitRequest request) {
        request.callbackUri(context).ifPresent(u -> body.put("callBackUrl", u.toString()));
    }

    private static void inherit(SubmitRequest request, Map<String, String> state, boolean aspectRatio) {
        if (aspectRatio) {
            parentState(request, StateKeys.ASPECT_RATIO).ifPresent(a -> state.put(StateKeys.ASPECT_RATIO, a));
        }
        parentState(request, StateKeys.PROMPT).ifPresent(p -> state.put(StateKeys.PROMPT, p));
    }

    private static Optional<String> parentState(SubmitRequest request, String key) {
        return request.parent().map(p -> p.vendorState().get(key));
    }

    /** {@code GET /v1/status?requestId=...} (§2.10). */
    public HttpCall status(String vendorTaskId) {
        return authorized(HttpCall.get(context.resolve("/v1/status?requestId=" + URLEncoder.encode(vendorTaskId, StandardCharsets.UTF_8))));
    }

    /** §2.9: cancel is a DELETE with a JSON body. */
    public HttpCall cancel(String vendorTaskId) {
        ObjectNode body = JSON.object().put("requestId", vendorTaskId);
        return authorized(HttpCall.method("DELETE", context.resolve("/v1/midjourney/cancel")).jsonBody(write(body)));
    }

    /** {@code GET /v1/usage} (§2.12). */
    public HttpCall usage() {
        return authorized(HttpCall.get(context.resolve("/v1/usage")));
    }

    private HttpCall post(String path, ObjectNode body) {
        return authorized(HttpCall.post(context.resolve(path)).jsonBody(write(body)));
    }

    private HttpCall authorized(HttpCall.Builder b) {
        // §1: v1 authenticates with a bearer token (the legacy x-token header, §10, is not used).
        return b.header("Authorization", "Bearer " + context.credentials().requireApiKey(context.providerId()))
                .header("Accept", "application/json").build();
    }

    private static String write(ObjectNode body) {
        return JSON.write(body);
    }
}
