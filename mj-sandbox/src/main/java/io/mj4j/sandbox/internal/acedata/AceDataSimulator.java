package io.mj4j.sandbox.internal.acedata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.mj4j.sandbox.internal.ImageRenderer;
import io.mj4j.sandbox.internal.parts.Fields;
import io.mj4j.sandbox.internal.parts.Images;
import io.mj4j.sandbox.internal.parts.KeyCheck;
import io.mj4j.sandbox.internal.parts.Prompts;
import io.mj4j.sandbox.internal.parts.Refusal;
import io.mj4j.sandbox.internal.parts.Routes;
import io.mj4j.sandbox.internal.parts.Words;
import io.mj4j.sandbox.vendor.SimContext;
import io.mj4j.sandbox.vendor.SimRequest;
import io.mj4j.sandbox.vendor.SimResponse;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.sandbox.vendor.VendorSimulator;
import io.mj4j.spi.ActionKind;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.mj4j.sandbox.internal.acedata.AceDataReplies.A_ACTION;
import static io.mj4j.sandbox.internal.acedata.AceDataReplies.A_ANSWERED_AT;
import static io.mj4j.sandbox.internal.acedata.AceDataReplies.A_IMAGE_ID;
import static io.mj4j.sandbox.internal.acedata.AceDataReplies.A_PROGRESS_IMAGE_ID;
import static io.mj4j.sandbox.internal.acedata.AceDataReplies.A_REQUEST;
import static io.mj4j.sandbox.internal.acedata.AceDataReplies.A_SEED;
import static io.mj4j.sandbox.internal.acedata.AceDataReplies.A_SPLIT;
import static io.mj4j.sandbox.internal.acedata.AceDataReplies.A_TRACE_ID;
import static io.mj4j.sandbox.internal.acedata.AceDataReplies.A_TYPE;
import static io.mj4j.sandbox.internal.acedata.AceDataReplies.A_VIDEO_ID;
import static io.mj4j.sandbox.internal.acedata.AceDataReplies.JSON;

/**
 * The AceData Cloud Midjourney API (shared/vendors/acedata.md, cited as §n): every call a {@code POST} with a JSON
 * body and {@code Authorization: Bearer <token>}; {@code /midjourney/imagine} for imagine, blend and every image
 * follow-up (chained by {@code image_id}, never by task id); {@code /edits}, {@code /videos}; the quick
 * synchronous {@code /describe}, {@code /seed}, {@code /shorten}, {@code /translate}; and {@code /midjourney/tasks}
 * ({@code retrieve} by id or {@code trace_id}, {@code retrieve_batch}). Task-creating calls answer at once with
 * {@code {"task_id", "trace_id"}} in async mode ({@code async: true} or {@code callback_url}, §5) and otherwise
 * hold the call until the job ends, as the vendor does. Callbacks carry the result object (§5.3). Vendor ids live
 * in {@link SimTask#attributes()}. Stateless otherwise; thread-safe.
 */
public final class AceDataSimulator implements VendorSimulator {
    static final String IMAGINE = "/midjourney/imagine";
    static final String TASKS = "/midjourney/tasks";
    static final String DESCRIBE = "/midjourney/describe";
    static final String EDITS = "/midjourney/edits";
    static final String VIDEOS = "/midjourney/videos";
    static final String SEED = "/midjourney/seed";
    static final String TRANSLATE = "/midjourney/translate";
    static final String SHORTEN = "/midjourney/shorten";

    /** §2.1: speed modes; §6: video has no relax. */
    private static final Set<String> MODES = Set.of("fast", "relax", "turbo");
    private static final Set<String> VIDEO_MODES = Set.of("fast", "turbo");
    private static final Set<String> RESOLUTIONS = Set.of("480p", "720p");
    /** §2.1/§8: at most 5 leading image URLs. */
    private static final int MAX_IMAGE_PROMPTS = 5;
    /** §2.1: the synchronous wait's default {@code timeout}, in seconds. */
    private static final double DEFAULT_TIMEOUT_SECONDS = 480;
    /** §4.1: {@code retrieve_batch} pages 12 items unless told otherwise. */
    private static final int DEFAULT_LIMIT = 12;
    /** How often a held synchronous call looks at its job again (real time). */
    private static final long SYNC_STEP_MILLIS = 10;

    /** §1: {@code Authorization: Bearer <token>}; §4.2: one vendor guide sends the bare token, accepted too. */
    private final Routes routes = Routes.builder(KeyCheck.bearerOrBare("Authorization"),
                    // §7: 401 invalid_token for a missing or wrong token. (A request without any token may meet the x402
                    // gateway's 402 instead; the sandbox answers 401 to both, which the provider reads the same way.)
                    c -> AceDataReplies.error("invalid_token", "The specified token is invalid or wrong.", traceId(c.request())))
            .post(IMAGINE, endpoint(this::imagine))
            .post(EDITS, endpoint(this::edits))
            .post(VIDEOS, endpoint(this::videos))
            .post(DESCRIBE, endpoint(this::describe))
            .post(SEED, endpoint(this::seed))
            .post(SHORTEN, endpoint(this::shorten))
            .post(TRANSLATE, endpoint((b, raw, trace, ctx) -> translate(b)))
            .post(TASKS, endpoint((b, raw, trace, ctx) -> tasks(b, ctx)))
            // §7 documents no not-found shape: the envelope with code not_found and HTTP 404.
            .notFound(c -> AceDataReplies.error(404, "not_found", "No API at " + c.request().method() + " " + c.request().path(),
                    traceId(c.request())))
            // §1: every endpoint, queries included, is a POST.
            .wrongMethod(c -> AceDataReplies.error(405, "method_not_allowed", "Use POST for " + c.request().path(), traceId(c.request())))
            .build();

    /** For {@code io.mj4j.sandbox.Simulators}. */
    public AceDataSimulator() {
    }

    @Override
    public String id() {
        return "acedata";
    }

    @Override
    public SimResponse handle(SimRequest request, SimContext ctx) {
        return routes.handle(request, ctx);
    }

    @Override
    public SimResponse rateLimited(Duration retryAfter) {
        return AceDataReplies.error("too_many_requests", "You have exceeded the rate limit.", null).withRetryAfter(retryAfter);
    }

    @Override
    public SimResponse serverError() {
        // §7: 500 api_error, an internal or upstream failure (the vendor's example message).
        return AceDataReplies.error("api_error", "fetch failed", null);
    }

    /** §5.3: the result object on success, {@code {success: false, task_id, error}} on failure. */
    @Override
    public Optional<String> callbackBody(SimTask task, SimContext ctx) {
        ObjectNode result = AceDataReplies.result(task, ctx.clock().instant());
        return result == null ? Optional.empty() : Optional.of(AceDataReplies.write(result));
    }

    // ------------------------------------------------------------------ auth

    /**
     * The trace id of a submit: the client's {@code trace_id} when it sent one (kept, so §4.1 {@code retrieve} by
     * {@code trace_id} finds the task), else a new one as the vendor would make.
     */
    private static String traceId(SimRequest r) {
        return traceId(r.path(), r.json().orElse(null));
    }

    private static String traceId(String path, JsonNode body) {
        JsonNode trace = body == null ? MissingNode.getInstance() : body.path("trace_id");
        if (!TASKS.equals(path) && trace.isTextual() && !trace.asText().isBlank()) {
            return trace.asText().strip();
        }
        return UUID.randomUUID().toString();
    }

    /** One endpoint: given the body's fields, the raw body, the trace id and the sandbox. */
    @FunctionalInterface
    private interface Endpoint {
        SimResponse answer(Fields b, String raw, String trace, SimContext ctx);
    }

    /** §1: the body of every endpoint is a JSON object; refusals carry the request's trace id. */
    private static Routes.Handler endpoint(Endpoint e) {
        return c -> {
            Optional<ObjectNode> body = Fields.object(c.request());
            String trace = traceId(c.request().path(), body.orElse(null));
            AceDataWords words = new AceDataWords(trace);
            Fields b = Fields.of(body.orElseThrow(() -> new Refusal(words.unreadableBody())), Fields.Reading.SCALARS, words);
            return e.answer(b, c.request().bodyText(), trace, c.context());
        };
    }

    /** §7: refusals are {@code bad_request} in the error envelope, worded like the vendor's examples. */
    private record AceDataWords(String trace) implements Words {
        @Override
        public SimResponse refusal(String message) {
            return AceDataReplies.error("bad_request", message, trace);
        }

        @Override
        public String notObject() {
            return "The request body must be a JSON object.";
        }

        @Override
        public String notText(String field, JsonNode value) {
            return field + " must be a string.";
        }

        @Override
        public String notOneOf(String field, Collection<String> allowed, String got) {
            return field + " must be one of " + new TreeSet<>(allowed) + ", got '" + got + "'.";
        }

        @Override
        public String notInteger(String field, JsonNode value, int min, int max, int step) {
            return field + " must be a non-negative integer.";
        }

        @Override
        public String notUrl(String field) {
            return field + " must be a direct http(s) link to the file.";
        }

        @Override
        public String notList(String field) {
            return field + " must be an array of strings.";
        }
    }

    // ------------------------------------------------------------------ imagine and follow-ups

    private SimResponse imagine(Fields b, String raw, String trace, SimContext ctx) {
        String action = b.text("action").orElse("generate").toLowerCase(Locale.ROOT);
        b.oneOfIgnoringCase("mode", MODES);
        Mode mode = Mode.of(b);
        SimTask task;
        if (action.equals("generate")) {
            String prompt = b.required("prompt");
            task = create(ctx, generateKind(b, prompt), prompt, null, 0, mode);
        } else {
            // §3.2: a follow-up names the finished image by image_id and the action by its word.
            ActionWords.Word word = ActionWords.parse(action).orElseThrow(() -> b.refuse("Unknown action '" + action + "'."));
            String imageId = b.required("image_id");
            SimTask parent = findImage(ctx, imageId).orElseThrow(() -> b.refuse("The image_id '" + imageId + "' does not exist or is not finished."));
            List<String> offered = ActionWords.offeredBy(parent, parent.attributes().get(A_ACTION));
            if (!offered.contains(word.word())) {
                // §3.1: "only send actions it contains".
                throw b.refuse("The action '" + word.word() + "' is not available for image_id '"
                        + imageId + "'; available: " + offered);
            }
            if (word.kind() == ActionKind.VARY_REGION) {
                checkMask(b, b.required("mask"), parent);
            }
            // Make Square: the parent's prompt with a square aspect ratio, so the new grid renders square.
            String prompt = word.word().equals("square") ? Prompts.withAspectRatio(parent.prompt(), "1:1") : null;
            task = create(ctx, word.kind(), prompt, parent, word.index(), mode);
        }
        remember(task, "imagine", action, trace, raw, b);
        return submitted(task, mode, ctx);
    }

    /**
     * §2.1: no blend endpoint; a prompt made of 2..5 leading image URLs (and flags) is a blend. More than 5 URLs are
     * refused (§8).
     */
    private static ActionKind generateKind(Fields b, String prompt) {
        String[] tokens = prompt.strip().split("\\s+");
        int urls = 0;
        while (urls < tokens.length && tokens[urls].matches("(?i)https?://\\S+")) {
            urls++;
        }
        if (urls > MAX_IMAGE_PROMPTS) {
            throw b.refuse("A prompt may start with at most " + MAX_IMAGE_PROMPTS + " image URLs, got " + urls + ".");
        }
        String text = String.join(" ", Arrays.copyOfRange(tokens, urls, tokens.length)).replaceAll("(^|\\s)--.*$", "").strip();
        return urls >= 2 && text.isEmpty() ? ActionKind.BLEND : ActionKind.IMAGINE;
    }

    /**
     * §2.1: the mask of {@code variation_region} is base64 of a black/white image the size of the target image
     * (the spec text calls it a URL, §11: a URL is accepted unchecked).
     */
    private static void checkMask(Fields b, String mask, SimTask image) {
        if (mask.matches("(?i)https?://\\S+")) {
            return;
        }
        BufferedImage img = Images.bytes(mask).flatMap(Images::read)
                .orElseThrow(() -> b.refuse("The mask is not a base64-encoded image."));
        int[] size = ImageRenderer.cellSize(image.aspectRatio());
        if (img.getWidth() != size[0] || img.getHeight() != size[1]) {
            throw b.refuse("The mask must be the size of the image (" + size[0] + "x" + size[1]
                    + "), got " + img.getWidth() + "x" + img.getHeight() + ".");
        }
    }

    /** §6 edits: an uploaded image edited with a prompt; the result has imagine's shape (a grid with an image_id). */
    private SimResponse edits(Fields b, String raw, String trace, SimContext ctx) {
        String action = b.text("action").orElse("generate").toLowerCase(Locale.ROOT);
        if (!action.equals("generate")) {
            throw b.refuse("Unknown action '" + action + "'.");
        }
        b.oneOfIgnoringCase("mode", MODES);
        String imageUrl = b.requiredUrl("image_url");
        String prompt = b.required("prompt");
        Mode mode = Mode.of(b);
        SimTask task = create(ctx, ActionKind.IMAGINE, prompt, findByUrl(ctx, imageUrl).orElse(null), 0, mode);
        remember(task, "edits", action, trace, raw, b);
        return submitted(task, mode, ctx);
    }

    /** §6 videos: {@code generate} from an image URL, or {@code extend} a finished video by {@code video_id}. */
    private SimResponse videos(Fields b, String raw, String trace, SimContext ctx) {
        String action = b.text("action").orElse("generate").toLowerCase(Locale.ROOT);
        if (b.text("mode").map(m -> m.toLowerCase(Locale.ROOT)).filter(m -> m.equals("relax")).isPresent()) {
            throw b.refuse("The relax mode is not supported for videos; use fast or turbo.");
        }
        b.oneOfIgnoringCase("mode", VIDEO_MODES);
        b.oneOfIgnoringCase("resolution", RESOLUTIONS);
        SimTask parent;
        if (action.equals("generate")) {
            parent = findByUrl(ctx, b.requiredUrl("image_url")).orElse(null);
        } else if (action.equals("extend")) {
            String videoId = b.required("video_id");
            parent = ctx.all().stream().filter(t -> t.kind() == ActionKind.ANIMATE
                            && videoId.equals(t.attributes().get(A_VIDEO_ID))
                            && AceDataReplies.phase(t, ctx.clock().instant()) == SimTask.Phase.SUCCEEDED)
                    .findFirst().orElseThrow(() -> b.refuse("The video_id '" + videoId + "' does not exist."));
            JsonNode index = b.node("video_index");
            // §6: video_index is 0-based.
            if (!index.isMissingNode() && !(index.canConvertToInt() && index.asInt() >= 0 && index.asInt() <= 3)) {
                throw b.refuse("video_index must be 0, 1, 2 or 3.");
            }
        } else {
            throw b.refuse("Unknown action '" + action + "'; use generate or extend.");
        }
        Mode mode = Mode.of(b);
        // A sandbox image keeps its prompt and aspect ratio in the clip; another URL gets the motion prompt.
        String prompt = parent != null ? null : b.text("prompt").orElse("");
        SimTask task = create(ctx, ActionKind.ANIMATE, prompt, parent, 0, mode);
        remember(task, "videos", action, trace, raw, b);
        return submitted(task, mode, ctx);
    }

    // ------------------------------------------------------------------ quick synchronous endpoints

    /** §6 describe: {@code {image_url}} answers four prompts at once. */
    private SimResponse describe(Fields b, String raw, String trace, SimContext ctx) {
        String imageUrl = b.requiredUrl("image_url");
        SimTask parent = findByUrl(ctx, imageUrl).orElse(null);
        SimTask task = ctx.create(AceDataSimulator::newTaskId, ActionKind.DESCRIBE, null, parent, 0, null);
        remember(task, "describe", "generate", trace, raw, b);
        return answered(task, ctx);
    }

    /** §3.2/§6 seed: {@code {image_id}} of a finished image answers {@code {"seed": "..."}} at once. */
    private SimResponse seed(Fields b, String raw, String trace, SimContext ctx) {
        String imageId = b.required("image_id");
        SimTask image = findImage(ctx, imageId).orElseThrow(() -> b.refuse("The image_id '" + imageId + "' does not exist or is not finished."));
        SimTask task = ctx.create(AceDataSimulator::newTaskId, ActionKind.SEED, null, image, 0, null);
        // An upscale shows its grid's cell, so its seed is the grid job's seed.
        SimTask job = image.kind() == ActionKind.UPSCALE ? image.parent().orElse(image) : image;
        task.attributes().put(A_SEED, Long.toString(job.seed()));
        remember(task, "seed", "generate", trace, raw, b);
        return answered(task, ctx);
    }

    /** §6 shorten: {@code {prompt}} answers shortened prompts at once. */
    private SimResponse shorten(Fields b, String raw, String trace, SimContext ctx) {
        String prompt = b.required("prompt");
        SimTask task = ctx.create(AceDataSimulator::newTaskId, ActionKind.SHORTEN, prompt, null, 0, null);
        remember(task, "shorten", "generate", trace, raw, b);
        return answered(task, ctx);
    }

    /** §6 translate: {@code {content}} to {@code {content}}; the sandbox does not translate and creates no job. */
    private static SimResponse translate(Fields b) {
        ObjectNode o = JSON.createObjectNode();
        o.put("content", b.required("content"));
        return AceDataReplies.json(200, o);
    }

    /**
     * The reply of a quick synchronous endpoint: the vendor holds these calls for the job's few seconds; the sandbox
     * answers at once with the job's outcome (so a sandbox on a test clock never blocks) and the job reads as ended
     * from then on. A stalled job answers §2.1's 504 {@code timeout}.
     */
    private static SimResponse answered(SimTask task, SimContext ctx) {
        Instant now = ctx.clock().instant();
        task.attributes().put(A_ANSWERED_AT, Long.toString(now.toEpochMilli()));
        SimTask.Phase phase = AceDataReplies.phase(task, now);
        if (phase == SimTask.Phase.SUCCEEDED) {
            return AceDataReplies.json(200, AceDataReplies.result(task, now));
        }
        if (phase == SimTask.Phase.RUNNING) {
            return timeout(task);
        }
        return failure(task, phase);
    }

    // ------------------------------------------------------------------ creating and answering jobs

    /** How a task-creating call wants its answer (§5): async (with or without a callback) or held up to timeout. */
    private record Mode(boolean async, String callbackUrl, double timeoutSeconds) {
        static Mode of(Fields b) {
            String callback = b.text("callback_url").orElse(null);
            if (callback != null && !Fields.isHttpUrl(callback)) {
                throw b.refuse("callback_url must be an http(s) URL.");
            }
            double timeout = DEFAULT_TIMEOUT_SECONDS;
            JsonNode t = b.node("timeout");
            if (!t.isMissingNode() && !t.isNull()) {
                if (!t.isNumber() || !(t.asDouble() > 0)) {
                    throw b.refuse("timeout must be a positive number of seconds.");
                }
                timeout = t.asDouble();
            }
            // §5.2/§5.3: async: true, or a callback_url, answers at once; otherwise the call is synchronous.
            boolean async = callback != null || b.node("async").asBoolean(false);
            return new Mode(async, callback, timeout);
        }
    }

    private static SimTask create(SimContext ctx, ActionKind kind, String prompt, SimTask parent, int index, Mode mode) {
        return ctx.create(AceDataSimulator::newTaskId, kind, prompt, parent, index, mode.callbackUrl());
    }

    /** §2.2: task ids are UUIDs. */
    private static String newTaskId() {
        return UUID.randomUUID().toString();
    }

    /** Keeps what the task object and follow-ups need: type, action word, trace id, the request, the image ids. */
    private static void remember(SimTask task, String type, String action, String trace, String raw, Fields b) {
        task.attributes().put(A_TYPE, type);
        task.attributes().put(A_ACTION, action);
        task.attributes().put(A_TRACE_ID, trace);
        task.attributes().put(A_REQUEST, raw);
        if (b.node("split_images").asBoolean(false)) {
            task.attributes().put(A_SPLIT, "true");
        }
        if (ActionWords.hasImage(task)) {
            AceDataReplies.id(task, A_PROGRESS_IMAGE_ID);
            AceDataReplies.id(task, A_IMAGE_ID);
        } else if (task.kind() == ActionKind.ANIMATE) {
            AceDataReplies.id(task, A_VIDEO_ID);
        }
    }

    /**
     * §5.2/§5.3: async mode answers {@code {"task_id", "trace_id"}} at once. §5.1: otherwise the call is held until
     * the job ends (on the sandbox clock) or {@code timeout} seconds pass (on the sandbox clock or in real time,
     * whichever comes first), then answers the result object, the failure's error, or 504 {@code timeout}.
     */
    private static SimResponse submitted(SimTask task, Mode mode, SimContext ctx) {
        if (mode.async()) {
            ObjectNode o = JSON.createObjectNode();
            o.put("task_id", task.id());
            o.put("trace_id", task.attributes().get(A_TRACE_ID));
            return AceDataReplies.json(200, o);
        }
        long limit = (long) Math.min(Long.MAX_VALUE, mode.timeoutSeconds() * 1e9);
        Instant start = ctx.clock().instant();
        long realStart = System.nanoTime();
        while (true) {
            Instant now = ctx.clock().instant();
            SimTask.Phase phase = AceDataReplies.phase(task, now);
            if (phase == SimTask.Phase.SUCCEEDED) {
                return AceDataReplies.json(200, AceDataReplies.result(task, now));
            }
            if (AceDataReplies.terminal(phase)) {
                return failure(task, phase);
            }
            if (Duration.between(start, now).toNanos() >= limit || System.nanoTime() - realStart >= limit) {
                return timeout(task);
            }
            try {
                Thread.sleep(SYNC_STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return SimResponse.drop();
            }
        }
    }

    /** §7: a synchronous call whose job failed answers the error envelope (403 forbidden, 500 api_error). */
    private static SimResponse failure(SimTask task, SimTask.Phase phase) {
        String code = AceDataReplies.errorCode(task, phase);
        return AceDataReplies.error(code, AceDataReplies.errorMessage(task, phase), task.attributes().get(A_TRACE_ID));
    }

    /** §5.1/§7: 504 timeout when the job did not finish within the call's wait. */
    private static SimResponse timeout(SimTask task) {
        return AceDataReplies.error("timeout", "The task " + task.id() + " did not finish in time.", task.attributes().get(A_TRACE_ID));
    }

    // ------------------------------------------------------------------ task queries

    /** §4: {@code retrieve} (by {@code id} or {@code trace_id}) and {@code retrieve_batch}. */
    private static SimResponse tasks(Fields b, SimContext ctx) {
        String action = b.required("action");
        Instant now = ctx.clock().instant();
        switch (action) {
            case "retrieve" -> {
                Optional<String> id = b.text("id");
                Optional<String> trace = b.text("trace_id");
                if (id.isEmpty() && trace.isEmpty()) {
                    throw b.refuse("retrieve needs an id or a trace_id.");
                }
                ctx.countFetch();
                Optional<SimTask> task = id.isPresent() ? ctx.find(id.get()) : byTrace(ctx, trace.get());
                // §4 documents no reply for an unknown id: the envelope with not_found and HTTP 404, which the
                // provider reads as "no such task" on a lookup.
                return task.map(t -> AceDataReplies.json(200, AceDataReplies.task(t, now)))
                        .orElseGet(() -> AceDataReplies.error(404, "not_found", "The task "
                                + (id.isPresent() ? "'" + id.get() + "'" : "with trace_id '" + trace.get() + "'")
                                + " does not exist.", null));
            }
            case "retrieve_batch" -> {
                int offset = b.integer("offset", 0, Integer.MAX_VALUE, 1).orElse(0);
                int limit = b.integer("limit", 0, Integer.MAX_VALUE, 1).orElse(DEFAULT_LIMIT);
                ctx.countFetch();
                List<SimTask> matched = new ArrayList<>();
                List<String> ids = b.strings("ids");
                List<String> traces = b.strings("trace_ids");
                ids.forEach(i -> ctx.find(i).ifPresent(matched::add));
                traces.forEach(t -> byTrace(ctx, t).ifPresent(matched::add));
                if (!b.has("ids") && !b.has("trace_ids")) {
                    // §4.1: without ids the caller pages its own history, newest first, optionally of one type.
                    Optional<String> type = b.text("type");
                    ctx.all().stream().sorted(Comparator.comparing(SimTask::createdAt).reversed())
                            .filter(t -> type.isEmpty() || type.get().equals(t.attributes().get(A_TYPE)))
                            .forEach(matched::add);
                }
                ObjectNode o = JSON.createObjectNode();
                ArrayNode items = o.putArray("items");
                matched.stream().skip(offset).limit(limit).forEach(t -> items.add(AceDataReplies.task(t, now)));
                o.put("count", matched.size());
                return AceDataReplies.json(200, o);
            }
            default -> throw b.refuse("Unknown action '" + action + "'; use retrieve or retrieve_batch.");
        }
    }

    private static Optional<SimTask> byTrace(SimContext ctx, String trace) {
        List<SimTask> all = ctx.all();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (trace.equals(all.get(i).attributes().get(A_TRACE_ID))) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ resolving ids

    /** §3.2: the finished image with this image_id (an unfinished snapshot's image_id resolves to nothing). */
    private static Optional<SimTask> findImage(SimContext ctx, String imageId) {
        Instant now = ctx.clock().instant();
        return ctx.all().stream().filter(t -> ActionWords.hasImage(t) && imageId.equals(t.attributes().get(A_IMAGE_ID))
                && AceDataReplies.phase(t, now) == SimTask.Phase.SUCCEEDED).findFirst();
    }

    /** The finished sandbox job whose file {@code url} names (query ignored), if it is one. */
    private static Optional<SimTask> findByUrl(SimContext ctx, String url) {
        int q = url.indexOf('?');
        String bare = q < 0 ? url : url.substring(0, q);
        Instant now = ctx.clock().instant();
        return ctx.all().stream().filter(t -> AceDataReplies.phase(t, now) == SimTask.Phase.SUCCEEDED)
                .filter(t -> bare.equals(t.gridUrl().toString()) || bare.equals(t.imageUrl().toString())
                        || bare.equals(t.videoUrl().toString())
                        || IntStream.rangeClosed(1, 4).anyMatch(i -> bare.equals(t.cellUrl(i).toString())))
                .findFirst();
    }
}
