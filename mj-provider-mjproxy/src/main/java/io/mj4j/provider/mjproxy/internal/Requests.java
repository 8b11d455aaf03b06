package io.mj4j.provider.mjproxy.internal;

import io.mj4j.provider.support.ProviderJson;
import io.mj4j.spi.Redaction;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.SpeedMode;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.UnsupportedActionException;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds every HTTP request of the protocol: paths under the configured prefix (and speed segment, §1), the
 * auth header (§2), and the submit bodies of §5. {@link #plan} translates an action into its first request
 * and, for the modal flow of §5.4, what the second one must carry; anything the server cannot express
 * throws {@link UnsupportedActionException} here, before any request. Thread-safe.
 */
public final class Requests {
    private static final ProviderJson JSON = ProviderJson.of(Redaction.none());

    /** §5.1: the bot; a {@code --niji} flag in the prompt selects the niji model on the Midjourney bot. */
    static final String BOT_TYPE = "MID_JOURNEY";
    private static final Pattern CUSTOM_PATH = Pattern.compile("/?[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");
    private static final double EPS = 1e-9;

    private final ProviderContext context;
    private final MjProxyOptions settings;
    private final String apiKey;

    public Requests(ProviderContext context, MjProxyOptions settings) {
        this.context = context;
        this.settings = settings;
        this.apiKey = context.credentials().apiKey().orElse(null);
    }

    /**
     * What a submit sends.
     *
     * @param what  a label for messages, e.g. "mjproxy upscale submit"
     * @param call  the first request
     * @param root  true for root actions (code 3 then means "no account", §4)
     * @param speed the speed segment, reused by the modal step
     * @param modal what a modal step needs
     * @param seed  true for the image-seed query (§5.9), which answers with the seed and creates no task
     * @param endpoint the endpoint template, e.g. {@code /submit/action} or {@link LineageDetector#SEED}
     */
    public record SubmitPlan(String what, HttpCall call, boolean root, Optional<SpeedMode> speed, Modal modal, boolean seed,
                             String endpoint) {
    }

    /**
     * Input for {@code /submit/modal} (§5.4).
     *
     * @param always       send the modal step whatever code the action got (Vary Region, Custom Zoom: §12 says
     *                     aggregators keep code 21 for these, and the task cannot run without its input)
     * @param prompt       the prompt to send; when empty, the code-21 reply's finalPrompt, else none (§5.4: an
     *                     empty prompt means the parent's)
     * @param mask         the mask as a data URL
     */
    public record Modal(boolean always, Optional<String> prompt, Optional<String> mask) {
        static Modal none() {
            return new Modal(false, Optional.empty(), Optional.empty());
        }
    }

    /** Translates {@code request}; throws {@link UnsupportedActionException} for what this server cannot do. */
    public SubmitPlan plan(SubmitRequest request) {
        Action action = request.action();
        String what = "mjproxy " + action.kind().name().toLowerCase(Locale.ROOT) + " submit";
        ObjectNode body = common(request.clientReference(), request.callbackUri(context));
        if (action instanceof Action.Imagine a) {
            body.put("prompt", a.prompt().render());
            body.put("botType", BOT_TYPE);
            return root(what, "/submit/imagine", a.prompt().speed(), body);
        }
        if (action instanceof Action.Blend a) {
            requireImageUrls(action);
            ArrayNode images = body.putArray("base64Array");
            a.images().forEach(u -> images.add(u.toString()));
            body.put("dimensions", a.shape().name());
            body.put("botType", BOT_TYPE);
            return root(what, "/submit/blend", Optional.empty(), body);
        }
        if (action instanceof Action.Describe a) {
            requireImageUrls(action);
            // §5.6: trueai reads an http(s) image from 'link'; no lineage documents a URL in 'base64'.
            body.put("link", a.image().toString());
            body.put("botType", BOT_TYPE);
            return root(what, "/submit/describe", Optional.empty(), body);
        }
        if (action instanceof Action.Shorten a) {
            if (!settings.plusSurface()) {
                throw unsupported(action, "OSS v2 servers have no /submit/shorten (mjproxy.md §5.7)");
            }
            body.put("prompt", a.prompt().render());
            body.put("botType", BOT_TYPE);
            return root(what, "/submit/shorten", a.prompt().speed(), body);
        }
        if (action instanceof Action.Seed) {
            if (!settings.plusSurface()) {
                throw unsupported(action, "OSS v2 servers have no /task/{id}/image-seed (mjproxy.md §5.9)");
            }
            return new SubmitPlan("mjproxy seed", seed(request.parentVendorTaskId()), false,
                    Optional.empty(), Modal.none(), true, LineageDetector.SEED);
        }
        if (action instanceof Action.Custom a) {
            return custom(request, a, body, what);
        }
        return followUp(request, body, what);
    }

    private SubmitPlan followUp(SubmitRequest request, ObjectNode body, String what) {
        Action action = request.action();
        String parentId = request.parentVendorTaskId();
        TaskSnapshot parent = request.requireParent();
        Optional<String> parentPrompt = Optional.ofNullable(parent.vendorState().get(Replies.STATE_PROMPT));
        if (settings.followUps() == MjProxyOptions.FollowUpRoute.CHANGE) {
            return change(action, parentId, body, what);
        }
        body.put("taskId", parentId);
        Modal modal = Modal.none();
        String customId;
        if (action instanceof Action.Upscale a) {
            customId = button(parent, action, ActionKind.UPSCALE, Integer.toString(a.index()));
        } else if (action instanceof Action.Variation a) {
            customId = button(parent, action, ActionKind.VARIATION, Integer.toString(a.index()));
        } else if (action instanceof Action.Reroll) {
            customId = button(parent, action, ActionKind.REROLL, "");
        } else if (action instanceof Action.Vary a) {
            customId = button(parent, action, ActionKind.VARY, a.strength().name());
        } else if (action instanceof Action.UpscaleMore a) {
            customId = button(parent, action, ActionKind.UPSCALE_MORE, a.mode().name());
        } else if (action instanceof Action.Zoom a) {
            String variant = zoomVariant(a, parent);
            customId = button(parent, action, ActionKind.ZOOM, variant);
            if (variant.equals(Buttons.ZOOM_CUSTOM)) {
                // §5.4: Custom Zoom is a modal whose prompt carries --zoom (Plus doc: keep the parent's --ar); the
                // user may change the prompt there, so the action's own prompt wins over the parent's.
                String prompt = a.prompt().or(() -> parentPrompt).orElseThrow(() -> unsupported(action,
                        "a custom zoom needs a prompt: the parent's snapshot carries none, so pass one with"
                                + " Action.Zoom.out(f).withPrompt(...)"));
                modal = new Modal(true, Optional.of(withZoom(prompt, a.factor())), Optional.empty());
            } else if (a.prompt().isPresent()) {
                // §5.2/§5.4: a fixed zoom button takes a new prompt only through remix (code 21, then the modal).
                modal = remix(body, a.prompt());
            }
        } else if (action instanceof Action.Pan a) {
            modal = remix(body, a.prompt());
            customId = button(parent, action, ActionKind.PAN, a.direction().name());
        } else if (action instanceof Action.Animate a) {
            if (a.hd()) {
                throw unsupported(action, "the animate buttons have no HD variant (mjproxy.md §8)");
            }
            modal = remix(body, a.prompt());
            customId = button(parent, action, ActionKind.ANIMATE, a.motion().name());
        } else if (action instanceof Action.VaryRegion a) {
            // §5.4: Vary (Region) always goes through the modal with the mask (black keep, white repaint).
            modal = new Modal(true, a.prompt(), Optional.of("data:image/png;base64," + a.maskPngBase64()));
            customId = button(parent, action, ActionKind.VARY_REGION, "");
        } else {
            throw unsupported(action, "not a follow-up this provider knows");
        }
        body.put("customId", customId);
        return new SubmitPlan(what, post("/submit/action", Optional.empty(), body), false, Optional.empty(), modal, false,
                LineageDetector.ACTION);
    }

    /** §5.3: the legacy endpoint knows U1..U4, V1..V4 and reroll only. */
    private SubmitPlan change(Action action, String parentId, ObjectNode body, String what) {
        body.put("taskId", parentId);
        if (action instanceof Action.Upscale a) {
            body.put("action", "UPSCALE").put("index", a.index());
        } else if (action instanceof Action.Variation a) {
            body.put("action", "VARIATION").put("index", a.index());
        } else if (action instanceof Action.Reroll) {
            body.put("action", "REROLL");
        } else {
            throw unsupported(action, "this server takes follow-ups through /submit/change, which knows only"
                    + " upscale, variation and reroll (mjproxy.md §5.3; option follow_ups=action for /submit/action)");
        }
        return new SubmitPlan(what, post("/submit/change", Optional.empty(), body), false, Optional.empty(),
                Modal.none(), false, "/submit/change");
    }

    /**
     * The escape hatch. A follow-up {@code Custom} clicks the button {@code vendorActionId} (a customId) of the
     * parent through {@code /submit/action}; params {@code prompt} and {@code maskBase64} feed a modal step,
     * {@code enableRemix}/{@code chooseSameChannel} are booleans, others are copied as strings. A root
     * {@code Custom} posts its params to the endpoint {@code vendorActionId} under the path prefix (for example
     * {@code /submit/video}, §5.8).
     */
    private SubmitPlan custom(SubmitRequest request, Action.Custom a, ObjectNode body, String what) {
        Map<String, String> params = a.params();
        if (!a.followUp()) {
            if (!CUSTOM_PATH.matcher(a.vendorActionId()).matches()) {
                throw new InvalidRequestException("vendorActionId: a root mjproxy custom action is an endpoint path such as"
                        + " '/submit/video', got '" + a.vendorActionId() + "'");
            }
            params.forEach(body::put);
            String path = a.vendorActionId().startsWith("/") ? a.vendorActionId() : "/" + a.vendorActionId();
            return root("mjproxy custom " + path, path, Optional.empty(), body);
        }
        if (settings.followUps() != MjProxyOptions.FollowUpRoute.ACTION) {
            throw unsupported(a, "button customIds need /submit/action (option follow_ups=action, mjproxy.md §5.2)");
        }
        body.put("taskId", request.parentVendorTaskId());
        body.put("customId", a.vendorActionId());
        params.forEach((k, v) -> {
            switch (k) {
                case "prompt", "maskBase64" -> { }
                case "enableRemix", "chooseSameChannel" -> body.put(k, Boolean.parseBoolean(v));
                default -> body.put(k, v);
            }
        });
        Optional<String> mask = Optional.ofNullable(params.get("maskBase64"))
                .map(m -> m.startsWith("data:") ? m : "data:image/png;base64," + m);
        Modal modal = new Modal(mask.isPresent(), Optional.ofNullable(params.get("prompt")), mask);
        return new SubmitPlan(what, post("/submit/action", Optional.empty(), body), false, Optional.empty(), modal, false,
                LineageDetector.ACTION);
    }

    /** A follow-up's new prompt: only through remix (§5.2 enableRemix → code 21 → modal with the prompt). */
    private static Modal remix(ObjectNode body, Optional<String> prompt) {
        if (prompt.isEmpty()) {
            return Modal.none();
        }
        body.put("enableRemix", true);
        return new Modal(false, prompt, Optional.empty());
    }

    /** §8: 2x and 1.5x and Make Square have buttons; any other factor in [1, 2] uses Custom Zoom. */
    private static String zoomVariant(Action.Zoom zoom, TaskSnapshot parent) {
        Map<String, String> state = parent.vendorState();
        if (zoom.square()) {
            return Buttons.ZOOM_SQUARE;
        }
        String fixed = Math.abs(zoom.factor() - 2.0) < EPS ? Buttons.ZOOM_2X
                : Math.abs(zoom.factor() - 1.5) < EPS ? Buttons.ZOOM_1_5X : null;
        if (fixed != null && state.containsKey(Buttons.key(ActionKind.ZOOM, fixed))) {
            return fixed;
        }
        if (state.containsKey(Buttons.key(ActionKind.ZOOM, Buttons.ZOOM_CUSTOM))) {
            return Buttons.ZOOM_CUSTOM;
        }
        return fixed != null ? fixed : Buttons.ZOOM_CUSTOM;
    }

    /** {@code prompt} with its {@code --zoom} replaced by {@code factor}. */
    static String withZoom(String prompt, double factor) {
        String base = prompt.replaceAll("\\s--zoom\\s+\\S+", "").strip();
        return base + " --zoom " + BigDecimal.valueOf(factor).stripTrailingZeros().toPlainString();
    }

    private static String button(TaskSnapshot parent, Action action, ActionKind kind, String variant) {
        String customId = parent.vendorState().get(Buttons.key(kind, variant));
        if (customId == null) {
            throw unsupported(action, "the parent task has no button for " + kind + (variant.isEmpty() ? "" : " " + variant)
                    + " (mjproxy.md §8: follow-ups use the customIds of the parent's latest buttons)");
        }
        return customId;
    }

    private void requireImageUrls(Action action) {
        if (!settings.imageUrls()) {
            throw unsupported(action, "this server takes images as base64 data URLs only and the action carries URLs"
                    + " (mjproxy.md §5.5/§5.6; option image_urls=true if the server accepts URLs)");
        }
    }

    private SubmitPlan root(String what, String path, Optional<SpeedMode> speed, ObjectNode body) {
        return new SubmitPlan(what, post(path, speed, body), true, speed, Modal.none(), false, path);
    }

    /** §5: every submit carries {@code state} (the client reference, §13) and, when known, {@code notifyHook} (§9). */
    private ObjectNode common(String clientReference, Optional<java.net.URI> callback) {
        ObjectNode body = JSON.object();
        body.put("state", clientReference);
        callback.ifPresent(u -> body.put("notifyHook", u.toString()));
        return body;
    }

    /** The modal step for the MODAL task {@code modalTaskId} (§5.4). */
    public HttpCall modal(SubmitPlan plan, String modalTaskId, Optional<String> prompt, String clientReference) {
        ObjectNode body = common(clientReference, context.callbackUri());
        body.put("taskId", modalTaskId);
        prompt.ifPresent(p -> body.put("prompt", p));
        plan.modal().mask().ifPresent(m -> body.put("maskBase64", m));
        return post("/submit/modal", plan.speed(), body);
    }

    /** §5.9 fetch. */
    public HttpCall fetch(String taskId) {
        return get("/task/" + segment(taskId) + "/fetch");
    }

    /** §5.9 image-seed. */
    public HttpCall seed(String taskId) {
        return get("/task/" + segment(taskId) + "/image-seed");
    }

    /** §5.9 list-by-condition. */
    public HttpCall listByIds(List<String> ids) {
        ObjectNode body = JSON.object();
        ArrayNode array = body.putArray("ids");
        ids.forEach(array::add);
        return post("/task/list-by-condition", Optional.empty(), body);
    }

    /** §5.9 Plus paged query filtered by {@code state}. */
    public HttpCall queryByState(String state, int pageSize) {
        ObjectNode body = JSON.object();
        body.put("state", state);
        body.put("pageNumber", 0);
        body.put("pageSize", pageSize);
        body.put("sort", "id,desc");
        return post("/task/query", Optional.empty(), body);
    }

    /** §5.9 recent tasks. */
    public HttpCall list() {
        return get("/task/list");
    }

    /** §5.9 cancel. */
    public HttpCall cancel(String taskId) {
        return auth(HttpCall.post(uri("/task/" + segment(taskId) + "/cancel", Optional.empty()))).build();
    }

    private HttpCall post(String path, Optional<SpeedMode> speed, ObjectNode body) {
        return auth(HttpCall.post(uri(path, speed))).jsonBody(JSON.write(body)).build();
    }

    private HttpCall get(String path) {
        return auth(HttpCall.get(uri(path, Optional.empty()))).build();
    }

    private HttpCall.Builder auth(HttpCall.Builder b) {
        b.header("Accept", "application/json");
        if (apiKey == null) {
            // §2: self-hosted servers without a configured secret need no header.
            return b;
        }
        return switch (settings.authHeader()) {
            case MJ_API_SECRET -> b.header("mj-api-secret", apiKey);
            case BEARER -> b.header("Authorization", "Bearer " + apiKey);
            case AUTHORIZATION -> b.header("Authorization", apiKey);
        };
    }

    /**
     * True when the request path repeats the base URL's own path ({@code http://host/mj} with path prefix
     * {@code /mj} gives {@code /mj/mj/submit/...}): every endpoint then answers 404.
     */
    public boolean repeatsBasePath() {
        String base = context.baseUri().getRawPath() == null ? "" : context.baseUri().getRawPath().replaceAll("/+$", "");
        return !settings.pathPrefix().isEmpty() && base.endsWith(settings.pathPrefix());
    }

    /** "POST /mj/submit/imagine": what a call sent, for messages (no host, no query, no body, no headers). */
    public static String sent(HttpCall call) {
        return call.method() + " " + call.uri().getRawPath();
    }

    /** §1: {@code {base}[/mj-fast]{prefix}{path}}. */
    URI uri(String path, Optional<SpeedMode> speed) {
        String mode = speed.map(s -> s.name().toLowerCase(Locale.ROOT)).orElse(null);
        String segment = mode == null ? "" : switch (settings.speedPrefix()) {
            case NONE -> "";
            case MJ -> "/mj-" + mode;
            case BARE -> "/" + mode;
        };
        return context.resolve(segment + settings.pathPrefix() + path);
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static UnsupportedActionException unsupported(Action action, String why) {
        return new UnsupportedActionException("mjproxy cannot send " + action.kind() + ": " + why);
    }
}
