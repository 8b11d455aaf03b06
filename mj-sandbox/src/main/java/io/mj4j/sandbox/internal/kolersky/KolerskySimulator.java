package io.mj4j.sandbox.internal.kolersky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.sandbox.internal.parts.Fields;
import io.mj4j.sandbox.internal.parts.Images;
import io.mj4j.sandbox.internal.parts.KeyCheck;
import io.mj4j.sandbox.internal.parts.Prompts;
import io.mj4j.sandbox.internal.parts.Refusal;
import io.mj4j.sandbox.internal.parts.Routes;
import io.mj4j.sandbox.vendor.SimContext;
import io.mj4j.sandbox.vendor.SimRequest;
import io.mj4j.sandbox.vendor.SimResponse;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.sandbox.vendor.VendorSimulator;
import io.mj4j.spi.ActionKind;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import static io.mj4j.sandbox.internal.kolersky.KolerskyWire.error;
import static io.mj4j.sandbox.internal.kolersky.KolerskyWire.invalid;
import static io.mj4j.sandbox.internal.kolersky.KolerskyWire.notFound;

/**
 * The Kolersky {@code /v1} API (shared/vendors/kolersky.md; section numbers below are that file's).
 *
 * <ul>
 *   <li>Auth (§1): {@code Authorization: Bearer <token>} on every {@code /v1} route; anything else is
 *       HTTP 401 in the §7 envelope.</li>
 *   <li>{@code POST /v1/midjourney/generate} (§2.1): text-to-image, image-to-image (blend when there is no
 *       prompt), style-reference, omni-reference, image-to-video(-hd) and the documented describe oddity
 *       (text-to-image + fileUrl without prompt).</li>
 *   <li>Follow-ups (§2.2-§2.8) {@code variation}, {@code upscale}, {@code reroll}, {@code inpaint},
 *       {@code outpaint}, {@code pan}, {@code seed}, by the earlier job's {@code requestId}; variation and
 *       upscale also take a per-action id of {@code collage.actions} (§5).</li>
 *   <li>{@code DELETE /v1/midjourney/cancel} (§2.9), {@code GET /v1/status} (§2.10),
 *       {@code POST /v1/midjourney/image/upload} (§2.11), {@code GET /v1/usage} and {@code GET /health}
 *       (§2.12).</li>
 * </ul>
 *
 * Every job answers {@code {requestId (UUID), status: "accepted", code: 200}}; status words are
 * {@code accepted}, {@code processing}, {@code success}, {@code error} (and {@code cancelled}). Callbacks
 * (§6) mirror the status reply and are honoured on generate, variation and upscale only. Stateless apart
 * from the task attributes; thread-safe.
 */
public final class KolerskySimulator implements VendorSimulator {
    /** The requests (credits) an account has when none is given: plenty for any test. */
    public static final long DEFAULT_CREDITS = 100_000;
    private static final String PREFIX = "/v1/midjourney/";
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final long credits;
    private final long startedNanos = System.nanoTime();
    private final Routes routes = routes();

    /** An account with {@link #DEFAULT_CREDITS} requests. */
    public KolerskySimulator() {
        this(DEFAULT_CREDITS);
    }

    /** An account with {@code credits} requests (§8): jobs beyond it are refused with §7's 403. */
    public KolerskySimulator(long credits) {
        if (credits < 0) {
            throw new IllegalArgumentException("credits must be >= 0, got " + credits);
        }
        this.credits = credits;
    }

    @Override
    public String id() {
        return "kolersky";
    }

    @Override
    public SimResponse handle(SimRequest r, SimContext ctx) {
        return routes.handle(r, ctx);
    }

    private Routes routes() {
        // §1: Authorization: Bearer <token> (the legacy x-token header, §10, is not served). §7 leaves 401
        // undocumented; the §7 envelope with HTTP 401, as the provider's fixture has it.
        Routes.Builder b = Routes.builder(KeyCheck.bearer("Authorization"), c -> error(401, "Unauthorized", "Invalid or missing token"))
                .openGet("/health", c -> health(c.context()))
                .get("/v1/status", c -> status(c.request(), c.context()))
                .get("/v1/usage", c -> SimResponse.json(200, KolerskyWire.write(usage(c.context()))))
                .delete(PREFIX + "cancel", c -> cancel(c.request(), c.context()))
                .post(PREFIX + "generate", c -> generate(c.request(), c.context()))
                .post(PREFIX + "image/upload", c -> upload(c.request(), c.context()))
                // §7 documents no 404; the §7 envelope with HTTP 404.
                .notFound(c -> error(404, "Not found", "Cannot " + c.request().method().toUpperCase(Locale.ROOT) + " " + c.request().path()));
        for (String endpoint : List.of("variation", "upscale", "reroll", "inpaint", "outpaint", "pan", "seed")) {
            b.post(PREFIX + endpoint, c -> followUp(endpoint, c.request(), c.context()));
        }
        return b.build();
    }

    @Override
    public SimResponse rateLimited(Duration retryAfter) {
        // §7/§8: rate limits and the 429 shape are undocumented; the §7 envelope with HTTP 429 and Retry-After.
        return error(429, "Too many requests", "Rate limit exceeded, slow down").withRetryAfter(retryAfter);
    }

    @Override
    public SimResponse serverError() {
        // §7: 5xx shapes are undocumented; the §7 envelope with HTTP 500.
        return error(500, "Internal server error", "Unexpected error");
    }

    /** §6: the payload is undocumented; the vendor file's guess, the status reply, is what is sent. */
    @Override
    public Optional<String> callbackBody(SimTask task, SimContext ctx) {
        return Optional.of(KolerskyWire.write(KolerskyWire.status(task, ctx.clock().instant())));
    }

    // ------------------------------------------------------------------ status and cancel

    /** §2.10: {@code GET /v1/status?requestId=<id>}. */
    private static SimResponse status(SimRequest r, SimContext ctx) {
        ctx.countFetch();
        String id = Optional.ofNullable(r.query().get("requestId")).map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> invalid("requestId is required"));
        SimTask t = ctx.find(id).orElseThrow(() -> notFound(id));
        return SimResponse.json(200, KolerskyWire.write(KolerskyWire.status(t, ctx.clock().instant())));
    }

    /**
     * §2.9: {@code DELETE} with a JSON body {@code {requestId}}; only {@code accepted} jobs can be cancelled.
     * The reply is undocumented (§11): the envelope with status {@code cancelled}; a job past
     * {@code accepted} is a 400 "Only accepted requests can be cancelled".
     */
    private static SimResponse cancel(SimRequest r, SimContext ctx) {
        Fields body = KolerskyFields.of(r);
        String id = body.required("requestId");
        SimTask t = ctx.find(id).orElseThrow(() -> notFound(id));
        if (!t.cancel(ctx.clock().instant())) {
            throw invalid("Only accepted requests can be cancelled");
        }
        ObjectNode n = KolerskyWire.JSON.createObjectNode();
        n.put("requestId", t.id());
        n.put("status", "cancelled");
        n.put("code", 200);
        return SimResponse.json(200, KolerskyWire.write(n));
    }

    // ------------------------------------------------------------------ generate (§2.1)

    private SimResponse generate(SimRequest r, SimContext ctx) {
        Fields body = KolerskyFields.of(r);
        String taskType = body.oneOf("taskType", KolerskyFields.TASK_TYPES)
                .orElseThrow(() -> invalid("taskType is required"));
        List<String> files = KolerskyFields.files(body);
        Optional<String> prompt = body.text("prompt");
        Optional<String> aspectRatio = body.oneOf("aspectRatio", KolerskyFields.ASPECT_RATIOS);
        body.oneOf("speed", KolerskyFields.SPEEDS);
        body.oneOf("version", KolerskyFields.VERSIONS);
        body.integer("variety", 0, 100, 5);
        body.integer("stylization", 0, 1000, 50);
        body.integer("weirdness", 0, 3000, 100);
        body.integer("ow", 1, 1000, 1);
        body.text("waterMark");
        body.bool("enableTranslation");
        Optional<String> callback = body.url("callBackUrl");

        boolean video = taskType.startsWith("image-to-video");
        if (!taskType.equals("text-to-image") && files.isEmpty()) {
            throw invalid("fileUrl or fileUrls is required for taskType " + taskType);
        }
        ActionKind kind;
        String simPrompt;
        SimTask parent = null;
        if (video) {
            if (files.size() != 1) {
                throw invalid("exactly one image (fileUrl) is required for taskType " + taskType);
            }
            // §2.1 says motion is required for video and also gives it a default (high): a missing motion is
            // taken as high.
            body.oneOf("motion", KolerskyFields.MOTIONS);
            // The sandbox renders one video per job, so a batch of 2 or 4 still answers one URL in video_urls.
            body.oneOf("videoBatchSize", List.of("1", "2", "4"));
            // §2.1: the docs call prompt required, the production client omits it for video (as the provider does).
            kind = ActionKind.ANIMATE;
            parent = sourceOf(files.get(0), ctx).orElse(null);
            SimTask source = parent;
            simPrompt = source == null ? prompt.orElse(files.get(0))
                    : prompt.map(p -> Prompts.withAspectRatio(p, source.aspectRatio())).orElse(null);
        } else if (taskType.equals("text-to-image") && !files.isEmpty() && prompt.isEmpty()) {
            // §2.1 "documented oddities": describe is text-to-image + fileUrl. Its output is undocumented (§11):
            // the four prompts are answered in output.prompts. The provider does not declare DESCRIBE.
            kind = ActionKind.DESCRIBE;
            parent = sourceOf(files.get(0), ctx).orElse(null);
            simPrompt = parent == null ? "" : null;
        } else {
            // §2.1 says prompt is required for every task type, but the vendor's own blend/describe examples and the
            // provider's image-only prompts send none with image-to-image: only there may it be missing.
            if (prompt.isEmpty() && !taskType.equals("image-to-image")) {
                throw invalid("prompt is required");
            }
            kind = taskType.equals("image-to-image") && prompt.isEmpty() && files.size() >= 2 ? ActionKind.BLEND : ActionKind.IMAGINE;
            String images = taskType.equals("image-to-image") || taskType.equals("text-to-image") ? String.join(" ", files) : "";
            String raw = (images + " " + prompt.orElse("")).strip();
            // Kolersky takes the aspect ratio as a field (§2.1); the sandbox reads a job's shape from its prompt's --ar.
            simPrompt = aspectRatio.map(a -> Prompts.withAspectRatio(raw, a)).orElse(raw);
        }
        int cost = video ? 15 : 1;
        SimTask t = create(ctx, kind, simPrompt, parent, 0, callback.orElse(null), "generate", cost);
        t.attributes().put(KolerskyWire.TASK_TYPE, taskType);
        return KolerskyWire.accepted(t.id());
    }

    // ------------------------------------------------------------------ follow-ups (§2.2-§2.8, §5)

    private SimResponse followUp(String endpoint, SimRequest r, SimContext ctx) {
        Fields body = KolerskyFields.of(r);
        String requestId = body.required("requestId");
        boolean gridAction = endpoint.equals("variation") || endpoint.equals("upscale");
        // §5: variation/upscale take the grid job's id with index 1..4, or (the alternative reading) the per-action
        // id from collage.actions; the other endpoints take a job id only.
        Target target = gridAction ? resolveWithActions(requestId, ctx) : new Target(ctx.find(requestId)
                .orElseThrow(() -> notFound(requestId)), 0);
        SimTask parent = target.task();
        Instant now = ctx.clock().instant();
        SimTask.Phase phase = parent.phase(now);
        if (phase != SimTask.Phase.SUCCEEDED) {
            throw invalid("request " + requestId + " has no finished result (status "
                    + KolerskyWire.status(parent, now).path("status").asText() + ")");
        }
        return switch (endpoint) {
            case "variation", "upscale" -> {
                requireGrid(parent, requestId, endpoint);
                OptionalInt given = body.integer("index", 1, 4, 1);
                int index = given.isPresent() ? given.getAsInt() : target.index();
                if (index == 0) {
                    throw invalid("index is required");
                }
                body.text("waterMark");
                String callback = body.url("callBackUrl").orElse(null);
                ActionKind kind = endpoint.equals("upscale") ? ActionKind.UPSCALE : ActionKind.VARIATION;
                yield accepted(create(ctx, kind, null, parent, index, callback, endpoint, 1));
            }
            case "reroll" -> {
                requireGrid(parent, requestId, endpoint);
                // §8: reroll's cost is not stated; the simulator bills it like every other image job.
                yield accepted(create(ctx, ActionKind.REROLL, null, parent, 0, null, endpoint, 1));
            }
            case "inpaint" -> {
                requireUpscale(parent, requestId, endpoint);
                // §2.5: the mask format is undocumented (§11); it must at least be base64.
                String mask = body.required("mask");
                if (Images.bytes(mask).isEmpty()) {
                    throw invalid("mask must be base64 image data");
                }
                String prompt = body.text("prompt").map(p -> Prompts.withAspectRatio(p, parent.aspectRatio())).orElse(null);
                yield accepted(create(ctx, ActionKind.VARY_REGION, prompt, parent, 0, null, endpoint, 1));
            }
            case "outpaint" -> {
                requireUpscale(parent, requestId, endpoint);
                KolerskyFields.zoomRatio(body);
                Optional<String> ar = body.oneOf("aspectRatio", KolerskyFields.ASPECT_RATIOS);
                Optional<String> prompt = body.text("prompt");
                // §2.6 says aspectRatio defaults to 1:1; the simulator keeps the image's shape when none is sent
                // (the provider sends the shape in effect, or 1:1 for Make Square).
                String simPrompt = prompt.isEmpty() && ar.isEmpty() ? null
                        : Prompts.withAspectRatio(prompt.orElse(parent.prompt()), ar.orElse(parent.aspectRatio()));
                yield accepted(create(ctx, ActionKind.ZOOM, simPrompt, parent, 0, null, endpoint, 1));
            }
            case "pan" -> {
                requireUpscale(parent, requestId, endpoint);
                String prompt = body.required("prompt");
                if (body.oneOf("direction", KolerskyFields.DIRECTIONS).isEmpty()) {
                    throw invalid("direction is required");
                }
                yield accepted(create(ctx, ActionKind.PAN, Prompts.withAspectRatio(prompt, parent.aspectRatio()), parent, 0, null, endpoint, 1));
            }
            case "seed" -> {
                if (!parent.producesGrid() && parent.kind() != ActionKind.UPSCALE) {
                    throw invalid("request " + requestId + " is not an image job");
                }
                yield accepted(create(ctx, ActionKind.SEED, null, parent, 0, null, endpoint, 1));
            }
            default -> throw new IllegalStateException("no follow-up endpoint " + endpoint);
        };
    }

    /** What a follow-up's requestId names: a job, and for a per-action id the grid position it stands for. */
    private record Target(SimTask task, int index) {
    }

    private static Target resolveWithActions(String requestId, SimContext ctx) {
        Optional<SimTask> job = ctx.find(requestId);
        if (job.isPresent()) {
            return new Target(job.get(), 0);
        }
        for (SimTask t : ctx.all()) {
            for (Map.Entry<String, String> e : t.attributes().entrySet()) {
                if (e.getKey().startsWith(KolerskyWire.ACTION_PREFIX) && e.getValue().equals(requestId)) {
                    return new Target(t, e.getKey().charAt(e.getKey().length() - 1) - '0');
                }
            }
        }
        throw notFound(requestId);
    }

    /** §2.2-§2.4: variation, upscale and reroll act on a grid. */
    private static void requireGrid(SimTask parent, String requestId, String endpoint) {
        if (!parent.producesGrid()) {
            throw invalid(endpoint + " needs an image grid; request " + requestId + " is not one");
        }
    }

    /** §5: pan, outpaint and inpaint act on an upscaled image (Midjourney semantics; not stated explicitly). */
    private static void requireUpscale(SimTask parent, String requestId, String endpoint) {
        if (parent.kind() != ActionKind.UPSCALE) {
            throw invalid(endpoint + " needs an upscaled image; request " + requestId + " is not one");
        }
    }

    private static SimResponse accepted(SimTask t) {
        return KolerskyWire.accepted(t.id());
    }

    // ------------------------------------------------------------------ jobs

    /** Bills and creates a job; synchronized so that concurrent jobs never overdraw the account. */
    private synchronized SimTask create(SimContext ctx, ActionKind kind, String prompt, SimTask parent, int index, String callback,
                                        String endpoint, int cost) {
        long remaining = credits - used(ctx);
        if (remaining < cost) {
            // §7 documented: out of requests is HTTP 403, not 402.
            throw new Refusal(error(403, "Insufficient requests", "You have " + Math.max(0, remaining) + " requests remaining"));
        }
        SimTask t = ctx.create(() -> UUID.randomUUID().toString(), kind, prompt, parent, index, callback);
        t.attributes().put(KolerskyWire.ENDPOINT, PREFIX + endpoint);
        t.attributes().put(KolerskyWire.COST, String.valueOf(cost));
        if (t.producesGrid()) {
            // §5: a finished grid lists eight actions, each with its own pre-assigned requestId.
            for (int i = 1; i <= 4; i++) {
                t.attributes().put(KolerskyWire.actionKey('V', i), UUID.randomUUID().toString());
                t.attributes().put(KolerskyWire.actionKey('U', i), UUID.randomUUID().toString());
            }
        }
        return t;
    }

    private static long used(SimContext ctx) {
        long sum = 0;
        for (SimTask t : ctx.all()) {
            sum += Long.parseLong(t.attributes().getOrDefault(KolerskyWire.COST, "0"));
        }
        return sum;
    }

    /** The job whose served file {@code url} is (an input image the sandbox itself made), if any. */
    private static Optional<SimTask> sourceOf(String url, SimContext ctx) {
        for (SimTask t : ctx.all()) {
            if (KolerskyWire.fileUrls(t).contains(url)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ upload, usage, health

    /**
     * §2.11: {@code {image (raw base64), extension, expiration?}} answers
     * {@code {requestId, url, expiration, code}}. The sandbox only serves the files of its jobs, so the
     * returned URL names the upload but is not served; nothing is billed or counted as a task.
     */
    private static SimResponse upload(SimRequest r, SimContext ctx) {
        Fields body = KolerskyFields.of(r);
        Optional<String> image = body.text("image");
        Optional<String> extension = body.text("extension");
        if (image.isEmpty() || extension.isEmpty()) {
            throw new Refusal(error(400, "Missing required fields", "image (base64) and extension are required"));
        }
        String ext = extension.get().toLowerCase(Locale.ROOT);
        if (!KolerskyFields.EXTENSIONS.contains(ext)) {
            throw invalid("extension must be one of " + String.join(", ", KolerskyFields.EXTENSIONS));
        }
        Optional<byte[]> bytes = Images.bytes(image.get());
        if (bytes.isEmpty()) {
            throw new Refusal(error(400, "Invalid image data", "Failed to decode base64 image data"));
        }
        if (bytes.get().length > 100L * 1024 * 1024) {
            throw invalid("image must not exceed 100 MB");
        }
        long expiration = 1_296_000_000L;
        JsonNode e = body.node("expiration");
        if (!e.isMissingNode() && !e.isNull()) {
            if (!e.isIntegralNumber() || e.asLong() <= 0) {
                throw invalid("expiration must be a positive integer (milliseconds)");
            }
            expiration = e.asLong();
        }
        String id = UUID.randomUUID().toString();
        ObjectNode n = KolerskyWire.JSON.createObjectNode();
        n.put("requestId", id);
        n.put("url", ctx.baseUri() + "/sandbox/uploads/" + id + "." + (ext.equals("jpg") ? "jpeg" : ext));
        n.put("expiration", expiration);
        n.put("code", 200);
        return SimResponse.json(200, KolerskyWire.write(n));
    }

    /** §2.12: {@code GET /v1/usage}, from the jobs this sandbox created (one request billed per §8 price). */
    private ObjectNode usage(SimContext ctx) {
        Instant now = ctx.clock().instant();
        List<SimTask> tasks = ctx.all();
        long used = 0;
        long successful = 0;
        long failed = 0;
        Map<String, Long> byEndpoint = new LinkedHashMap<>();
        for (SimTask t : tasks) {
            used += Long.parseLong(t.attributes().getOrDefault(KolerskyWire.COST, "0"));
            SimTask.Phase p = t.phase(now);
            successful += p == SimTask.Phase.SUCCEEDED ? 1 : 0;
            failed += p == SimTask.Phase.FAILED ? 1 : 0;
            byEndpoint.merge(t.attributes().getOrDefault(KolerskyWire.ENDPOINT, "unknown"), 1L, Long::sum);
        }
        ObjectNode n = KolerskyWire.JSON.createObjectNode();
        n.put("userId", UUID.nameUUIDFromBytes(("kolersky:" + ctx.apiKey()).getBytes(StandardCharsets.UTF_8)).toString());
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        LocalDate first = month.atDay(1);
        ObjectNode period = n.putObject("period");
        period.put("start", ISO_MILLIS.format(first.atStartOfDay(ZoneOffset.UTC)));
        period.put("end", ISO_MILLIS.format(month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).minusNanos(1_000_000)));
        ObjectNode requests = n.putObject("requests");
        requests.put("total", tasks.size());
        requests.put("successful", successful);
        requests.put("failed", failed);
        ObjectNode by = requests.putObject("byEndpoint");
        byEndpoint.forEach(by::put);
        ObjectNode c = n.putObject("credits");
        c.put("used", used);
        c.put("remaining", Math.max(0, credits - used));
        ObjectNode limits = n.putObject("limits");
        limits.put("requestsPerDay", credits);
        limits.put("creditsPerMonth", credits);
        return n;
    }

    /** §2.12: {@code GET /health}, unauthenticated. */
    private SimResponse health(SimContext ctx) {
        ObjectNode n = KolerskyWire.JSON.createObjectNode();
        n.put("status", "ok");
        n.put("timestamp", ISO_MILLIS.format(ctx.clock().instant()));
        n.put("version", "1.0.0");
        n.put("uptime", (System.nanoTime() - startedNanos) / 1_000_000_000L);
        ObjectNode services = n.putObject("services");
        services.put("database", "ok");
        services.put("redis", "ok");
        services.put("external", "ok");
        return SimResponse.json(200, KolerskyWire.write(n));
    }
}
