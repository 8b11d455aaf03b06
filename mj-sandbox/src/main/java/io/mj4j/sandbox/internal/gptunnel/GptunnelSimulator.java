package io.mj4j.sandbox.internal.gptunnel;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.sandbox.internal.ImageRenderer;
import io.mj4j.sandbox.internal.parts.Fields;
import io.mj4j.sandbox.internal.parts.Images;
import io.mj4j.sandbox.internal.parts.KeyCheck;
import io.mj4j.sandbox.internal.parts.Refusal;
import io.mj4j.sandbox.internal.parts.Routes;
import io.mj4j.sandbox.internal.parts.Words;
import io.mj4j.sandbox.vendor.SimContext;
import io.mj4j.sandbox.vendor.SimRequest;
import io.mj4j.sandbox.vendor.SimResponse;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.sandbox.vendor.VendorSimulator;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.Prompt;

import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * GPTunnel's Midjourney API (shared/vendors/gptunnel.md; §n below are its sections). Every request needs the bare
 * key in {@code Authorization} (§1). Create calls are {@code POST /v1/midjourney/<endpoint>} with a JSON body and
 * answer the task object at once with status {@code idle} and the charge in {@code usage} (§2); the task is polled with
 * {@code GET /v1/midjourney/result?taskId=} (§3.2). Follow-ups name their parent by {@code taskId} plus {@code image}
 * 1..4 or {@code mode} (§6), and are accepted only when the parent is done and lists the matching word in
 * {@code actions} (kept in the parent's {@link SimTask#attributes()}). Errors use the OpenAI-style envelope (§7). No
 * callbacks (§8). Thread-safe; its only state is the id counter and what it keeps in task attributes.
 */
public final class GptunnelSimulator implements VendorSimulator {
    static final String PREFIX = "/v1/midjourney/";
    /** §3.7: the sandbox's starting figures (roubles); charges come off them. */
    static final BigDecimal ORGANISATION_START = new BigDecimal("1000.00");
    static final BigDecimal WALLET_START = new BigDecimal("500.00");
    static final BigDecimal CREDIT_LIMIT = BigDecimal.valueOf(15000);

    private static final Pattern VERSION = Pattern.compile("^(\\d+)");
    private static final Pattern FLAGS = Pattern.compile("(?:^|\\s)--\\S");

    private final ObjectIds ids = new ObjectIds();
    private final String orgId = ids.next(Instant.now());
    // §1: the raw key, no "Bearer " prefix; a missing, wrong or Bearer-prefixed key gets the documented 401 (§7).
    private final Routes routes = Routes.builder(KeyCheck.bare("Authorization"), c -> SimResponse.json(401, TaskObjects.UNAUTHORIZED_BODY))
            .get(PREFIX + "result", c -> result(c.request(), c.context()))
            .get("/v1/balance", c -> balance(c.request(), c.context()))
            .post(PREFIX + "imagine", c -> imagine(body(c), c.context()))
            .post(PREFIX + "upsample", c -> upsample(body(c), c.context()))
            .post(PREFIX + "variation", c -> variation(body(c), c.context()))
            .post(PREFIX + "reroll", c -> reroll(body(c), c.context()))
            .post(PREFIX + "inpaint", c -> inpaint(body(c), c.context()))
            // §3.6: these endpoints exist but their fields are unconfirmed; see imageEdit.
            .post(PREFIX + "outpaint", c -> imageEdit(body(c), c.context(), ActionKind.ZOOM, "outpaint"))
            .post(PREFIX + "pan", c -> imageEdit(body(c), c.context(), ActionKind.PAN, "pan"))
            .post(PREFIX + "upscale", c -> imageEdit(body(c), c.context(), ActionKind.UPSCALE_MORE, "upscale"))
            .notFound(c -> notFound(c.request()))
            .build();

    /** For the registry. */
    public GptunnelSimulator() {
    }

    @Override
    public String id() {
        return "gptunnel";
    }

    @Override
    public SimResponse handle(SimRequest r, SimContext ctx) {
        return routes.handle(r, ctx);
    }

    /**
     * §9: rate limits are undocumented; this is the generic 429 with {@code Retry-After} in the §7 envelope (the shape
     * the provider's stubs use).
     */
    @Override
    public SimResponse rateLimited(Duration retryAfter) {
        return TaskObjects.error(429, "rate_limit_error", "Too many requests").withRetryAfter(retryAfter);
    }

    /** Undocumented (§7: "handle 5xx generically"): a 500 in the §7 envelope. */
    @Override
    public SimResponse serverError() {
        return TaskObjects.error(500, "server_error", "Internal server error");
    }

    // §8: no callbacks for Midjourney, so callbackBody keeps the interface's "none".

    // ------------------------------------------------------------------ reads

    /** §3.2: {@code GET /result?taskId=}; counted as a status query whatever it answers. */
    private SimResponse result(SimRequest r, SimContext ctx) {
        ctx.countFetch();
        String id = r.query().get("taskId");
        if (id == null || id.isBlank()) {
            // §3.2 quirk: the page's 400 example names 'id' although the parameter is taskId.
            throw refuse(400, "'id' is a required property");
        }
        SimTask t = find(id.strip(), ctx);
        return TaskObjects.current(t, ctx.clock().instant(), false);
    }

    /** §3.7: roubles, starting figure minus every charge to that account; {@code ?useWalletBalance=true} is the wallet. */
    private SimResponse balance(SimRequest r, SimContext ctx) {
        boolean wallet = "true".equalsIgnoreCase(r.query().getOrDefault("useWalletBalance", "false").strip());
        BigDecimal spent = ctx.all().stream()
                .filter(t -> Boolean.parseBoolean(t.attributes().get(TaskObjects.WALLET)) == wallet)
                .map(TaskObjects::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        return TaskObjects.balance(orgId, (wallet ? WALLET_START : ORGANISATION_START).subtract(spent), CREDIT_LIMIT);
    }

    // ------------------------------------------------------------------ creates

    /** §3.1. */
    private SimResponse imagine(Fields body, SimContext ctx) {
        String prompt = body.required("prompt");
        return TaskObjects.created(create(ctx, body, ActionKind.IMAGINE, prompt, null, 0, TaskObjects.GENERATION_COST));
    }

    /**
     * §3.3: U1..U4 of a finished grid; free unless the prompt forces a version below 5. §10: repeated after the
     * upsample finished, it is answered with that task (usage zero), nothing new is made.
     */
    private SimResponse upsample(Fields body, SimContext ctx) {
        SimTask grid = parent(body, ctx);
        requireDone(grid, ctx);
        requireWord(grid, w -> w.startsWith("ups"), "upsample");
        int image = image(body);
        return repeatOrCreate(grid, "upsample/" + image, ctx, () ->
                create(ctx, body, ActionKind.UPSCALE, null, grid, image, versionBelow5(grid) ? TaskObjects.GENERATION_COST : BigDecimal.ZERO));
    }

    /** §3.4: {@code image} on a grid (V1..V4), {@code mode} high/low on an upsampled image (Vary Strong/Subtle). */
    private SimResponse variation(Fields body, SimContext ctx) {
        SimTask parent = parent(body, ctx);
        requireDone(parent, ctx);
        if (singleImage(parent)) {
            String mode = body.oneOfIgnoringCase("mode", List.of("high", "low")).orElseThrow(() -> body.refuse(WORDS.missing("mode")));
            requireWord(parent, (mode + "_variation")::equals, mode + "_variation");
            return repeatOrCreate(parent, "variation/" + mode, ctx, () ->
                    create(ctx, body, ActionKind.VARY, null, parent, 0, TaskObjects.GENERATION_COST));
        }
        requireWord(parent, w -> w.startsWith("variation_"), "variation");
        int image = image(body);
        return repeatOrCreate(parent, "variation/" + image, ctx, () ->
                create(ctx, body, ActionKind.VARIATION, null, parent, image, TaskObjects.GENERATION_COST));
    }

    /** §3.6: the body is unconfirmed; the provider sends {@code taskId} only, for a grid listing {@code reroll}. */
    private SimResponse reroll(Fields body, SimContext ctx) {
        SimTask grid = parent(body, ctx);
        requireDone(grid, ctx);
        requireWord(grid, "reroll"::equals, "reroll");
        return TaskObjects.created(create(ctx, body, ActionKind.REROLL, null, grid, 0, TaskObjects.GENERATION_COST));
    }

    /**
     * §3.5: Vary (Region) of an upsampled image: {@code mask} a base64 black-and-white PNG of the parent's size (with
     * or without a {@code data:} prefix: §12 leaves it open and the provider can send both), optional {@code prompt}.
     */
    private SimResponse inpaint(Fields body, SimContext ctx) {
        SimTask image = parent(body, ctx);
        requireDone(image, ctx);
        requireSingleImage(image, "inpaint");
        checkMask(body.required("mask"), image);
        return TaskObjects.created(create(ctx, body, ActionKind.VARY_REGION, newPrompt(body, image), image, 0,
                TaskObjects.GENERATION_COST));
    }

    /**
     * §3.6: outpaint (zoom), pan and upscale take the {@code taskId} of an upsampled image plus fields the vendor file
     * cannot confirm (zoom factor, direction, upscale type). The provider reaches them only through
     * {@code Action.Custom} with caller-chosen fields, so any further field is accepted; an optional {@code prompt}
     * replaces the text as for inpaint.
     */
    private SimResponse imageEdit(Fields body, SimContext ctx, ActionKind kind, String endpoint) {
        SimTask image = parent(body, ctx);
        requireDone(image, ctx);
        requireSingleImage(image, endpoint);
        return TaskObjects.created(create(ctx, body, kind, newPrompt(body, image), image, 0, TaskObjects.GENERATION_COST));
    }

    private SimTask create(SimContext ctx, Fields body, ActionKind kind, String prompt, SimTask parent, int index, BigDecimal cost) {
        // §8: no callbacks, so no callback URL whatever the body says.
        SimTask t = ctx.create(() -> ids.next(ctx.clock().instant()), kind, prompt, parent, index, null);
        t.attributes().put(TaskObjects.TYPE, TaskObjects.typeWord(kind));
        t.attributes().put(TaskObjects.ACTIONS, String.join(",", TaskObjects.actionWords(kind)));
        t.attributes().put(TaskObjects.COST, cost.toPlainString());
        // §1/§3.1: charge the personal wallet instead of the organisation balance.
        t.attributes().put(TaskObjects.WALLET, Boolean.toString(body.node("useWalletBalance").asBoolean(false)));
        return t;
    }

    /**
     * §10 "repeat submission": the same follow-up sent again after its task finished is answered like {@code /result}
     * with that task; sent while it still runs, it makes (and bills) a new one.
     */
    private static SimResponse repeatOrCreate(SimTask parent, String what, SimContext ctx, Supplier<SimTask> create) {
        String key = "child/" + what;
        Instant now = ctx.clock().instant();
        Optional<SimTask> earlier = Optional.ofNullable(parent.attributes().get(key)).flatMap(ctx::find)
                .filter(c -> c.phase(now) == SimTask.Phase.SUCCEEDED);
        if (earlier.isPresent()) {
            return TaskObjects.current(earlier.get(), now, false);
        }
        SimTask child = create.get();
        parent.attributes().put(key, child.id());
        return TaskObjects.created(child);
    }

    // ------------------------------------------------------------------ checks

    /** §7 words: an empty body reads as no fields; anything else must be a JSON object. */
    private static Fields body(Routes.Call c) {
        return Fields.jsonOrEmpty(c.request(), Fields.Reading.STRINGS, WORDS);
    }

    /** §7: refusals are 400 {@code invalid_request_error} with the JSON-schema wording of the vendor's validator. */
    private static final Words WORDS = new Words() {
        @Override
        public SimResponse refusal(String message) {
            return TaskObjects.error(400, TaskObjects.INVALID, message);
        }

        @Override
        public String notObject() {
            return "Request body must be a JSON object (Content-Type: application/json)";
        }

        @Override
        public String missing(String field) {
            return "'" + field + "' is a required property";
        }

        @Override
        public String blank(String field) {
            return "'" + field + "' must not be empty";
        }

        @Override
        public String notText(String field, JsonNode value) {
            return value + " is not of type 'string'";
        }

        @Override
        public String notOneOf(String field, Collection<String> allowed, String got) {
            return "'" + got + "' is not one of " + allowed.stream().map(a -> "'" + a + "'").toList();
        }

        @Override
        public String notInteger(String field, JsonNode value, int min, int max, int step) {
            return value + " is not one of " + IntStream.rangeClosed(min, max).boxed().toList();
        }
    };

    /** §3.3/§3.4: the grid position 1..4. */
    private static int image(Fields body) {
        if (!body.has("image")) {
            throw body.refuse(WORDS.missing("image"));
        }
        return body.integer("image", 1, 4, 1).orElseThrow();
    }

    /** The parent named by {@code taskId}: its id is the follow-up id (§6: no separate image id). */
    private static SimTask parent(Fields body, SimContext ctx) {
        return find(body.required("taskId"), ctx);
    }

    /** Undocumented: an unknown task id answers 404 in the §7 envelope. */
    private static SimTask find(String id, SimContext ctx) {
        return ctx.find(id).orElseThrow(() -> refuse(404, "Task " + id + " not found"));
    }

    /** §3.3/§3.4: follow-ups act on a finished task (its {@code actions} are empty until then, §2). */
    private static void requireDone(SimTask parent, SimContext ctx) {
        SimTask.Phase phase = parent.phase(ctx.clock().instant());
        if (phase != SimTask.Phase.SUCCEEDED) {
            throw refuse(400, "Task " + parent.id() + " has status '" + TaskObjects.statusWord(phase)
                    + "': actions are available once it is 'done'");
        }
    }

    /** §3.4: "the parent task must have at least one of these in its actions". */
    private static void requireWord(SimTask parent, Predicate<String> word, String action) {
        if (TaskObjects.words(parent).stream().noneMatch(word)) {
            throw refuse(400, "Action '" + action + "' is not available for task " + parent.id()
                    + " (its actions: " + TaskObjects.words(parent) + ")");
        }
    }

    /** §3.5/§6: inpaint, and presumably outpaint/pan/upscale, act on an upsampled (single) image. */
    private static void requireSingleImage(SimTask parent, String action) {
        if (!singleImage(parent)) {
            throw refuse(400, "Action '" + action + "' needs an upsampled image; task " + parent.id() + " is a grid (type '"
                    + TaskObjects.typeWord(parent.kind()) + "')");
        }
    }

    private static boolean singleImage(SimTask t) {
        return !t.producesGrid();
    }

    /** §3.5: a base64 black-and-white PNG of the parent image's pixel size. */
    private static void checkMask(String mask, SimTask parent) {
        int[] size = ImageRenderer.cellSize(parent.aspectRatio());
        String message = "'mask' must be a base64-encoded black and white PNG image of the same size as the previous"
                + " generation (" + size[0] + "x" + size[1] + ")";
        BufferedImage img = Images.bytes(mask).filter(Images::isPng).flatMap(Images::read).orElse(null);
        if (img == null || img.getWidth() != size[0] || img.getHeight() != size[1] || !blackAndWhite(img)) {
            throw refuse(400, message);
        }
    }

    private static boolean blackAndWhite(BufferedImage img) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                if (rgb != 0 && rgb != 0xFFFFFF) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * §3.5: the new text for the region, or null to reuse the parent's prompt. The parent's {@code --} parameters
     * stay, so the result keeps the parent's aspect ratio.
     */
    private static String newPrompt(Fields body, SimTask parent) {
        JsonNode p = body.node("prompt");
        if (!p.isTextual() || p.asText().isBlank()) {
            return null;
        }
        String text = cutFlags(p.asText()).strip();
        String parentPrompt = parent.prompt() == null ? "" : parent.prompt();
        Matcher m = FLAGS.matcher(parentPrompt);
        return m.find() ? text + " " + parentPrompt.substring(m.start()).strip() : text;
    }

    private static String cutFlags(String prompt) {
        Matcher m = FLAGS.matcher(prompt);
        return m.find() ? prompt.substring(0, m.start()) : prompt;
    }

    /** §3.3: "if the parent prompt forced a version below 5, one generation is charged". */
    private static boolean versionBelow5(SimTask grid) {
        try {
            Optional<String> v = Prompt.parse(grid.prompt()).version();
            Matcher m = VERSION.matcher(v.orElse(""));
            return m.find() && Integer.parseInt(m.group(1)) < 5;
        } catch (InvalidRequestException | NumberFormatException e) {
            return false;
        }
    }

    private static SimResponse notFound(SimRequest r) {
        return TaskObjects.error(404, TaskObjects.INVALID, "Unknown endpoint " + r.method().toUpperCase(Locale.ROOT) + " " + r.path());
    }

    private static Refusal refuse(int status, String message) {
        return new Refusal(TaskObjects.error(status, TaskObjects.INVALID, message));
    }
}
