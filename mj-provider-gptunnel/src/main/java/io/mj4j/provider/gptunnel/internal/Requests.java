package io.mj4j.provider.gptunnel.internal;

import io.mj4j.provider.support.ProviderJson;
import io.mj4j.spi.Action;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.UnsupportedActionException;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds GPTunnel's HTTP calls. Every call carries the raw API key in {@code Authorization} (gptunnel.md §1: no
 * {@code Bearer } prefix) and create/action calls send JSON bodies (§1). Follow-ups name their parent by its task id
 * ({@code taskId}, §6: there is no separate image id) plus a 1-based {@code image} index or a {@code mode}.
 * An action this class cannot express throws {@link UnsupportedActionException} before anything is sent.
 */
public final class Requests {
    /** §3.1. */
    static final String IMAGINE = "/v1/midjourney/imagine";
    /** §3.2: a GET with the id in the query string. */
    static final String RESULT = "/v1/midjourney/result";
    /** §3.3: U1..U4. */
    static final String UPSAMPLE = "/v1/midjourney/upsample";
    /** §3.4: V1..V4 (with {@code image}) and Vary Strong/Subtle (with {@code mode}). */
    static final String VARIATION = "/v1/midjourney/variation";
    /** §3.5: Vary (Region). */
    static final String INPAINT = "/v1/midjourney/inpaint";
    /**
     * gptunnel.md §3.6/§12: the reroll page's schema is unconfirmed; its navigation entry exists, the documented
     * {@code actions} list offers {@code reroll}, and by analogy with every documented action page it takes the parent's
     * {@code taskId} only. This is the one §3.6 endpoint mj4j declares (REROLL); change the path, or the body built in
     * {@link #submit} ({@code case REROLL}), if a real call disagrees.
     */
    static final String REROLL = "/v1/midjourney/reroll";
    /** §3.7: general endpoint, outside the Midjourney prefix. */
    static final String BALANCE = "/v1/balance";
    /** Prefix of {@link Action.Custom} endpoints. */
    static final String MIDJOURNEY_PREFIX = "/v1/midjourney/";

    /** §3.2 quirk: the page's 400 example says 'id' is required, but the documented (and used) parameter is taskId. */
    static final String RESULT_ID_PARAM = "taskId";
    static final String TASK_ID = "taskId";
    static final String PROMPT = "prompt";
    static final String IMAGE = "image";
    static final String MODE = "mode";
    static final String MASK = "mask";
    /** §1/§3.1: charge the personal wallet instead of the organisation balance. */
    static final String USE_WALLET_BALANCE = "useWalletBalance";
    /** §3.4: {@code high} = Vary (Strong). */
    static final String MODE_STRONG = "high";
    /** §3.4: {@code low} = Vary (Subtle). */
    static final String MODE_SUBTLE = "low";
    /** §3.5/§12: whether the mask needs a data URI prefix is unknown; this is the prefix sent when the option asks for it. */
    static final String MASK_DATA_URI_PREFIX = "data:image/png;base64,";

    private static final Pattern CUSTOM_ENDPOINT = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+\\.[0-9]+");

    private static final ProviderJson JSON = ProviderJson.of(Redaction.none());

    private final ProviderContext context;
    private final boolean useWalletBalance;
    private final boolean maskDataUri;

    /**
     * @param useWalletBalance send {@code useWalletBalance: true} with every create call and balance read
     * @param maskDataUri      send the vary-region mask as a {@code data:image/png;base64,} URI instead of bare base64
     */
    public Requests(ProviderContext context, boolean useWalletBalance, boolean maskDataUri) {
        this.context = context;
        this.useWalletBalance = useWalletBalance;
        this.maskDataUri = maskDataUri;
    }

    /** The create call for {@code request}, or {@link UnsupportedActionException} when GPTunnel cannot express it. */
    public HttpCall submit(SubmitRequest request) {
        Action action = request.action();
        Map<String, Object> body = new LinkedHashMap<>();
        String path;
        switch (action.kind()) {
            case IMAGINE -> {
                path = IMAGINE;
                // §3.1: Midjourney parameters travel inside the prompt text.
                body.put(PROMPT, ((Action.Imagine) action).prompt().render());
            }
            case UPSCALE -> {
                path = UPSAMPLE;
                body.put(TASK_ID, request.parentVendorTaskId());
                body.put(IMAGE, ((Action.Upscale) action).index());
            }
            case VARIATION -> {
                path = VARIATION;
                body.put(TASK_ID, request.parentVendorTaskId());
                body.put(IMAGE, ((Action.Variation) action).index());
            }
            case VARY -> {
                // §3.4: an upsampled parent takes `mode` instead of `image`.
                path = VARIATION;
                body.put(TASK_ID, request.parentVendorTaskId());
                body.put(MODE, ((Action.Vary) action).strength() == Action.Strength.STRONG ? MODE_STRONG : MODE_SUBTLE);
            }
            case REROLL -> {
                path = REROLL;
                body.put(TASK_ID, request.parentVendorTaskId());
            }
            case VARY_REGION -> {
                Action.VaryRegion v = (Action.VaryRegion) action;
                path = INPAINT;
                body.put(TASK_ID, request.parentVendorTaskId());
                body.put(MASK, maskDataUri ? MASK_DATA_URI_PREFIX + v.maskPngBase64() : v.maskPngBase64());
                // §3.5: without a prompt the vendor reuses the parent's prompt.
                v.prompt().ifPresent(p -> body.put(PROMPT, p));
            }
            case CUSTOM -> path = custom(request, (Action.Custom) action, body);
            default -> throw new UnsupportedActionException("gptunnel does not support " + action.kind()
                    + " (gptunnel.md §3.6/§12: the outpaint, pan and upscale request schemas are unconfirmed; use Action.Custom"
                    + " with the vendor's field names to call them)");
        }
        if (useWalletBalance) {
            body.putIfAbsent(USE_WALLET_BALANCE, Boolean.TRUE);
        }
        return authorized(HttpCall.post(context.resolve(path))).jsonBody(JSON.write(body)).build();
    }

    /** {@code GET /v1/midjourney/result?taskId=...}. */
    public HttpCall result(String vendorTaskId) {
        String query = "?" + RESULT_ID_PARAM + "=" + URLEncoder.encode(vendorTaskId, StandardCharsets.UTF_8);
        return authorized(HttpCall.get(context.resolve(RESULT + query))).build();
    }

    /** {@code GET /v1/balance}, with {@code ?useWalletBalance=true} when configured (§3.7). */
    public HttpCall balance() {
        return authorized(HttpCall.get(context.resolve(BALANCE + (useWalletBalance ? "?" + USE_WALLET_BALANCE + "=true" : "")))).build();
    }

    private HttpCall.Builder authorized(HttpCall.Builder b) {
        // §1: the bare key, no "Bearer ".
        return b.header("Authorization", context.credentials().requireApiKey(context.providerId()))
                .header("Accept", "application/json");
    }

    /**
     * {@link Action.Custom}: {@code vendorActionId} names an endpoint under {@code /v1/midjourney/} (for example
     * {@code outpaint}, {@code pan}, {@code upscale}: §3.6), the params become JSON fields ("true"/"false" as booleans,
     * numerals as numbers, anything else as strings), and a follow-up gets the parent's {@code taskId}.
     */
    private String custom(SubmitRequest request, Action.Custom c, Map<String, Object> body) {
        String endpoint = c.vendorActionId().strip();
        if (!CUSTOM_ENDPOINT.matcher(endpoint).matches()) {
            throw new InvalidRequestException("vendorActionId: must be a GPTunnel Midjourney endpoint name such as 'outpaint'"
                    + " (lower-case letters, digits, '_' or '-'), got '" + endpoint + "'");
        }
        if (c.followUp()) {
            if (c.params().containsKey(TASK_ID)) {
                throw new InvalidRequestException("params: 'taskId' is taken from the parent task of a follow-up; do not pass it");
            }
            body.put(TASK_ID, request.parentVendorTaskId());
        }
        c.params().forEach((k, v) -> body.put(k, jsonValue(v)));
        return MIDJOURNEY_PREFIX + endpoint;
    }

    private static Object jsonValue(String v) {
        if (v == null) {
            return null;
        }
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        if (INTEGER.matcher(v).matches()) {
            return Long.valueOf(v);
        }
        if (DECIMAL.matcher(v).matches()) {
            return new BigDecimal(v);
        }
        return v;
    }
}
