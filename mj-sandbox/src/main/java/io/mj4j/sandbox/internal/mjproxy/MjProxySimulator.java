package io.mj4j.sandbox.internal.mjproxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.sandbox.internal.parts.Fields;
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

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A midjourney-proxy server of the Plus lineage (shared/vendors/mjproxy.md, cited as §n), the surface the
 * {@code mjproxy} provider targets by default: {@code mj-api-secret} auth (§2), everything under {@code /mj}
 * (§1), SubmitResultVO replies in HTTP 200 with the outcome in {@code code} (§3.1, §4), task objects (§3.2) with
 * Discord buttons (§3.3, §8), the code-21 MODAL flow (§5.4), image-seed, cancel, paged query by {@code state}
 * and {@code notifyHook} callbacks (§9). Task ids are 13-digit epoch millis plus 3 digits (§3.1). Thread-safe;
 * its only own state is the id sequence, everything else lives in the jobs and their attributes.
 *
 * <p>Routes (a {@code /mj-fast}, {@code /fast}... speed segment before {@code /mj} is accepted and ignored, §1):
 * <ul>
 *   <li>{@code POST /mj/submit/imagine | blend | describe | shorten} (§5.1, §5.5-§5.7): root jobs;</li>
 *   <li>{@code POST /mj/submit/action} (§5.2): press a button of a SUCCESS task; Custom Zoom, Vary (Region),
 *       the describe/shorten picks and remixable buttons with {@code enableRemix} answer code 21 with a MODAL
 *       task, completed by {@code POST /mj/submit/modal} (§5.4); the bookmark answers the parent's id;</li>
 *   <li>{@code POST /mj/submit/change | simple-change} (§5.3): the legacy U/V/reroll;</li>
 *   <li>{@code GET /mj/task/{id}/fetch}, {@code POST /mj/task/list-by-condition}, {@code POST /mj/task/query},
 *       {@code GET /mj/task/list}, {@code GET /mj/task/queue}, {@code GET /mj/task/{id}/image-seed},
 *       {@code POST /mj/task/{id}/cancel} (§5.9).</li>
 * </ul>
 *
 * <p>Error shapes: a wrong or missing secret is HTTP 401 with an empty body (§2); refusals are HTTP 200 with
 * {@code code} 3 (unknown task), 4 (validation) (§4, §10); an unknown fetch id is HTTP 200 with an empty body
 * (§5.9); an unknown path or an unreadable body is Spring's error JSON (§10).
 */
public final class MjProxySimulator implements VendorSimulator {
    /** §2: the OSS v2 / Plus secret header. */
    static final String AUTH_HEADER = "mj-api-secret";

    static final String NOT_FOUND = "关联任务不存在或已失效";
    static final String BAD_STATUS = "关联任务状态错误";

    private static final Pattern SPEED_SEGMENT = Pattern.compile("^/(?:mj-)?(?:fast|relax|turbo)(?=/mj/)");
    private static final Pattern DATA_URL = Pattern.compile("(?s)data:image/[a-zA-Z0-9.+-]+;base64,[A-Za-z0-9+/=\\s]+");
    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://\\S+");
    private static final Pattern ZOOM = Pattern.compile("--zoom\\s+(\\S+)");
    private static final Pattern SIMPLE_CHANGE = Pattern.compile("\\s*(\\S+)\\s+([UuVv][1-4]|[Rr])\\s*");
    private static final Pattern FILE_URL = Pattern.compile("/sandbox/files/([^/]+)/[^/]+");
    /** §5.5: blend shapes and their aspect ratios. */
    private static final Map<String, String> DIMENSIONS = Map.of("PORTRAIT", "2:3", "SQUARE", "1:1", "LANDSCAPE", "3:2");
    /** §5.3: the parents /submit/change accepts. */
    private static final Set<String> CHANGE_PARENTS = Set.of("IMAGINE", "VARIATION", "REROLL", "BLEND");
    /** Spring's error timestamp, e.g. {@code 2024-11-03T08:15:22.123+00:00}. */
    private static final DateTimeFormatter SPRING_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx")
            .withZone(ZoneOffset.UTC);
    /** trueai's list size (§5.9: "latest 100"); OSS v2 lists everything. */
    private static final int LIST_LIMIT = 100;

    private final AtomicLong sequence = new AtomicLong();
    // §2: Plus compares mj-api-secret with its configured secret (the sandbox always has one); a wrong or missing
    // one is HTTP 401 with an empty body.
    private final Routes routes = Routes.builder(KeyCheck.bare(AUTH_HEADER), c -> new SimResponse(401, Map.of(), new byte[0], false))
            .post("/mj/submit/imagine", c -> imagine(body(c), c.context()))
            .post("/mj/submit/blend", c -> blend(body(c), c.context()))
            .post("/mj/submit/describe", c -> describe(body(c), c.context()))
            .post("/mj/submit/shorten", c -> shorten(body(c), c.context()))
            .post("/mj/submit/action", c -> action(body(c), c.context()))
            .post("/mj/submit/modal", c -> modal(body(c), c.context()))
            .post("/mj/submit/change", c -> change(body(c), c.context()))
            .post("/mj/submit/simple-change", c -> simpleChange(body(c), c.context()))
            .post("/mj/task/list-by-condition", c -> listByCondition(body(c), c.context()))
            .post("/mj/task/query", c -> query(Fields.jsonOrEmpty(c.request(), Fields.Reading.LENIENT, new SpringWords(c)), c.context()))
            .get("/mj/task/list", c -> list(c.context(), false))
            .get("/mj/task/queue", c -> list(c.context(), true))
            .get("/mj/task/{id}/fetch", c -> fetch(c.var("id"), c.context()))
            .get("/mj/task/{id}/image-seed", c -> seed(c.var("id"), c.context()))
            .post("/mj/task/{id}/cancel", c -> cancel(c.var("id"), c.context()))
            // §10: an unknown path, or a known one asked with another method, is Spring's error JSON
            .notFound(c -> spring(404, "Not Found", c))
            .wrongMethod(c -> spring(405, "Method Not Allowed", c))
            .build();

    /** For the sandbox's registry. */
    public MjProxySimulator() {
    }

    @Override
    public String id() {
        return "mjproxy";
    }

    @Override
    public SimResponse handle(SimRequest r, SimContext ctx) {
        String path = SPEED_SEGMENT.matcher(r.path()).replaceFirst("");
        return routes.handle(new SimRequest(r.method(), path, r.query(), r.headers(), r.body()), ctx);
    }

    /** A JSON object body (Spring: HttpMessageNotReadableException otherwise). */
    private static Fields body(Routes.Call c) {
        return Fields.json(c.request(), Fields.Reading.LENIENT, new SpringWords(c));
    }

    /**
     * Plus's words: a missing field is refused with code 4 and "{@code <field>不能为空}" (§4, §10); an unreadable body
     * is Spring's 400 (§10). Spring binds scalars of any JSON type as text and ignores what does not bind.
     */
    private record SpringWords(Routes.Call call) implements Words {
        @Override
        public SimResponse refusal(String message) {
            return submitResult(4, message, null, null);
        }

        @Override
        public SimResponse unreadableBody() {
            return spring(400, "Bad Request", call);
        }

        @Override
        public String missing(String field) {
            return field + "不能为空";
        }
    }

    // ------------------------------------------------------------------ root submits

    /** §5.1. */
    private SimResponse imagine(Fields b, SimContext ctx) {
        String prompt = b.required("prompt");
        List<String> images = new ArrayList<>(b.strings("base64Array"));
        b.text("base64").ifPresent(images::add); // §5.1: OSS v2's deprecated single image
        List<String> links = new ArrayList<>();
        for (String image : images) {
            // §5.1: data URLs are uploaded to Discord and prepended; trueai also takes http(s) URLs. The sandbox
            // hosts no uploads, so only links are prepended to the prompt.
            if (HTTP_URL.matcher(image).matches()) {
                links.add(image);
            } else if (!DATA_URL.matcher(image).matches()) {
                throw refusal(4, "base64格式错误");
            }
        }
        String full = links.isEmpty() ? prompt : String.join(" ", links) + " " + prompt;
        SimTask t = ctx.create(ids(ctx), ActionKind.IMAGINE, full, null, 0, hook(b));
        keep(t, b, botType(b), "IMAGINE");
        return accepted(t, ctx);
    }

    /** §5.5: 2-5 images (the provider sends http(s) URLs by default, so both kinds are accepted). */
    private SimResponse blend(Fields b, SimContext ctx) {
        List<String> images = b.strings("base64Array");
        if (images.size() < 2 || images.size() > 5) {
            throw refusal(4, "base64List参数错误: 需要2-5张图片");
        }
        for (String image : images) {
            if (!DATA_URL.matcher(image).matches() && !HTTP_URL.matcher(image).matches()) {
                throw refusal(4, "base64格式错误");
            }
        }
        String shape = b.text("dimensions").map(s -> s.toUpperCase(Locale.ROOT)).orElse("SQUARE");
        String ar = DIMENSIONS.get(shape);
        if (ar == null) {
            throw refusal(4, "dimensions参数错误");
        }
        SimTask t = ctx.create(ids(ctx), ActionKind.BLEND, "blend of " + images.size() + " images --ar " + ar, null, 0, hook(b));
        keep(t, b, botType(b), "BLEND");
        t.attributes().put(TaskView.IMAGE_COUNT, Integer.toString(images.size()));
        return accepted(t, ctx);
    }

    /**
     * §5.6: {@code base64} (data URL) or {@code link} (http(s), the provider's choice). The four suggestions
     * describe the prompt of the image when it is a file of this sandbox, else a generic scene.
     */
    private SimResponse describe(Fields b, SimContext ctx) {
        Optional<String> base64 = b.text("base64");
        Optional<String> link = b.text("link");
        if (base64.isEmpty() && link.isEmpty()) {
            throw refusal(4, "base64不能为空");
        }
        if (base64.isPresent() && !DATA_URL.matcher(base64.get()).matches()) {
            throw refusal(4, "base64格式错误");
        }
        if (link.isPresent() && !HTTP_URL.matcher(link.get()).matches()) {
            throw refusal(4, "link格式错误");
        }
        String prompt = link.flatMap(l -> described(l, ctx)).orElse("");
        SimTask t = ctx.create(ids(ctx), ActionKind.DESCRIBE, prompt, null, 0, hook(b));
        keep(t, b, botType(b), "DESCRIBE");
        link.ifPresent(l -> t.attributes().put(TaskView.IMAGE, l));
        return accepted(t, ctx);
    }

    /** §5.7. */
    private SimResponse shorten(Fields b, SimContext ctx) {
        String prompt = b.required("prompt");
        SimTask t = ctx.create(ids(ctx), ActionKind.SHORTEN, prompt, null, 0, hook(b));
        keep(t, b, botType(b), "SHORTEN");
        return accepted(t, ctx);
    }

    // ------------------------------------------------------------------ follow-ups

    /** §5.2: press button {@code customId} of the SUCCESS task {@code taskId}. */
    private SimResponse action(Fields b, SimContext ctx) {
        String taskId = b.required("taskId");
        String customId = b.required("customId");
        SimTask parent = succeeded(taskId, ctx);
        // §8: a customId is copied from the parent's latest buttons; anything else is refused (§5.2: code 4)
        if (!TaskView.customIds(parent).contains(customId)) {
            throw refusal(4, "customId不存在: " + customId + " is not a button of task " + parent.id());
        }
        Buttons.Press press = Buttons.press(customId);
        if (press.bookmark()) {
            // §5.2 (trueai; §16 leaves Plus open): a bookmark answers code 1 with the parent's id, no new task
            return submitResult(1, "Submit success", parent.id(), instance());
        }
        if (press.modal() || press.remixable() && b.text("enableRemix").map("true"::equalsIgnoreCase).orElse(false)) {
            return openModal(parent, customId, press, b, ctx);
        }
        String prompt = press.square() ? Prompts.withAspectRatio(parent.prompt(), "1:1") : null;
        SimTask t = followUp(ctx, ids(ctx), press, customId, parent, prompt, b.text("state").orElse(null), hook(b));
        return accepted(t, ctx);
    }

    /** §4 code 21 / §5.4: a MODAL task waits for its window; the reply carries the window's prompt. */
    private SimResponse openModal(SimTask parent, String customId, Buttons.Press press, Fields b, SimContext ctx) {
        String finalPrompt;
        if (press.fromText()) {
            finalPrompt = Buttons.suggestion(parent, press.index());
        } else if (press.kind() == ActionKind.VARY_REGION) {
            finalPrompt = ""; // §15: Vary (Region) answers an empty finalPrompt
        } else if (press.kind() == ActionKind.ZOOM) {
            finalPrompt = parent.prompt() + " --zoom 2"; // Midjourney's Custom Zoom window starts at 2
        } else {
            finalPrompt = parent.prompt();
        }
        String id = reserveId(ctx);
        new PendingModal(id, parent, customId, b.text("state").orElse(null), hook(b),
                parent.attributes().getOrDefault(TaskView.BOT_TYPE, TaskView.MID_JOURNEY), finalPrompt,
                ctx.clock().millis(), 0).save();
        ObjectNode props = TaskView.JSON.createObjectNode();
        props.put("finalPrompt", finalPrompt);
        props.put("remix", true);
        return submitResult(21, "Waiting for window confirm", id, props);
    }

    /** §5.4: completes a MODAL task; it becomes a job under the same id. */
    private SimResponse modal(Fields b, SimContext ctx) {
        String id = b.required("taskId");
        PendingModal m = PendingModal.find(ctx, id).orElseThrow(() -> ctx.find(id).isPresent()
                ? refusal(4, "任务状态错误: task " + id + " is not waiting in MODAL")
                : refusal(3, NOT_FOUND));
        if (m.cancelled()) {
            throw refusal(4, "任务状态错误: task " + id + " was cancelled");
        }
        Buttons.Press press = Buttons.press(m.customId());
        SimTask parent = m.parent();
        // §5.4: an empty prompt means the window's (for picks: the suggestion), else the parent's
        String prompt = b.text("prompt").orElse(m.finalPrompt().isBlank() ? parent.prompt() : m.finalPrompt());
        if (press.kind() == ActionKind.VARY_REGION) {
            String mask = b.text("maskBase64").orElseThrow(() -> refusal(4, "maskBase64不能为空"));
            if (!DATA_URL.matcher(mask).matches()) {
                throw refusal(4, "maskBase64格式错误");
            }
        }
        if (press.kind() == ActionKind.ZOOM) {
            Matcher z = ZOOM.matcher(prompt);
            if (z.find() && !zoomInRange(z.group(1))) {
                throw refusal(4, "Invalid zoom value: --zoom takes 1 to 2, got " + z.group(1));
            }
        }
        if (!m.take()) {
            throw refusal(4, "任务状态错误: task " + id + " was already submitted");
        }
        String newPrompt = press.fromText() ? prompt : prompt.equals(parent.prompt()) ? null : keepAspect(prompt, parent);
        String state = b.text("state").orElse(m.state());
        String hook = Optional.ofNullable(hook(b)).orElse(m.notifyHook());
        SimTask t = followUp(ctx, reserved(id, ctx), press, m.customId(), parent, newPrompt, state, hook);
        return accepted(t, ctx);
    }

    /** §5.3: {@code {taskId, action: UPSCALE|VARIATION|REROLL, index}} on a finished grid. */
    private SimResponse change(Fields b, SimContext ctx) {
        String taskId = b.required("taskId");
        String action = b.required("action").toUpperCase(Locale.ROOT);
        int index = b.text("index").map(MjProxySimulator::integer).orElse(0);
        return change(taskId, action, index, b, ctx);
    }

    /** §5.3: {@code content} = "{@code <taskId> U2}" (U1-4, V1-4, R). */
    private SimResponse simpleChange(Fields b, SimContext ctx) {
        Matcher m = SIMPLE_CHANGE.matcher(b.required("content"));
        if (!m.matches()) {
            throw refusal(4, "content参数错误");
        }
        String op = m.group(2).toUpperCase(Locale.ROOT);
        String action = op.startsWith("U") ? "UPSCALE" : op.startsWith("V") ? "VARIATION" : "REROLL";
        return change(m.group(1), action, op.length() > 1 ? op.charAt(1) - '0' : 0, b, ctx);
    }

    private SimResponse change(String taskId, String action, int index, Fields b, SimContext ctx) {
        String fragment = switch (action) {
            case "UPSCALE", "VARIATION" -> {
                if (index < 1 || index > 4) {
                    throw refusal(4, "index参数错误: 1-4");
                }
                yield (action.equals("UPSCALE") ? "::upsample::" : "::variation::") + index + "::";
            }
            case "REROLL" -> "::reroll::";
            default -> throw refusal(4, "action参数错误");
        };
        SimTask parent = succeeded(taskId, ctx);
        if (!parent.producesGrid() || !CHANGE_PARENTS.contains(TaskView.word(parent))) {
            throw refusal(4, BAD_STATUS);
        }
        String customId = TaskView.customIds(parent).stream().filter(c -> c.contains(fragment)).findFirst()
                .orElseThrow(() -> refusal(4, BAD_STATUS));
        SimTask t = followUp(ctx, ids(ctx), Buttons.press(customId), customId, parent, null, b.text("state").orElse(null), hook(b));
        return accepted(t, ctx);
    }

    /** A follow-up job of {@code parent}, with its vendor values. */
    private static SimTask followUp(SimContext ctx, Supplier<String> ids, Buttons.Press press, String customId, SimTask parent,
                                    String prompt, String state, String hook) {
        int index = press.kind() == ActionKind.UPSCALE || press.kind() == ActionKind.VARIATION ? press.index() : 0;
        SimTask t = ctx.create(ids, press.kind(), prompt, parent, index, hook);
        Map<String, String> a = t.attributes();
        if (state != null) {
            a.put(TaskView.STATE, state);
        }
        a.put(TaskView.ACTION, press.word() != null ? press.word() : TaskView.word(parent));
        a.put(TaskView.PRESSED, customId);
        if (!press.fromText()) {
            a.put(TaskView.PRESSED_NAME, press.name());
        }
        a.put(TaskView.BOT_TYPE, parent.attributes().getOrDefault(TaskView.BOT_TYPE, TaskView.MID_JOURNEY));
        if (press.kind() == ActionKind.DESCRIBE) {
            Optional.ofNullable(parent.attributes().get(TaskView.IMAGE)).ifPresent(l -> a.put(TaskView.IMAGE, l));
        }
        return t;
    }

    // ------------------------------------------------------------------ queries

    /** §5.9: the task object; an unknown id is HTTP 200 with an empty body (OSS v2 / Plus). */
    private static SimResponse fetch(String id, SimContext ctx) {
        ctx.countFetch();
        return view(id, ctx).map(o -> SimResponse.json(200, o.toString()))
                .orElseGet(() -> SimResponse.of(200, "application/json", new byte[0]));
    }

    /** §5.9: {@code {"ids": [...]}} → the tasks found, unknown ids left out; no ids → {@code []}. */
    private static SimResponse listByCondition(Fields b, SimContext ctx) {
        ctx.countFetch();
        ArrayNode out = TaskView.JSON.createArrayNode();
        for (String id : new java.util.LinkedHashSet<>(b.strings("ids"))) {
            view(id, ctx).ifPresent(out::add);
        }
        return SimResponse.json(200, out.toString());
    }

    /**
     * §5.9 Plus paged query. The page shape is undocumented (§16): a Spring Data page ({@code content},
     * {@code totalElements}, {@code number}, {@code size}...), which the provider reads through {@code content}.
     */
    private static SimResponse query(Fields b, SimContext ctx) {
        ctx.countFetch();
        int page = Math.max(0, b.text("pageNumber").map(MjProxySimulator::integer).orElse(0));
        int size = Math.max(1, Math.min(100, b.text("pageSize").map(MjProxySimulator::integer).orElse(10)));
        boolean asc = b.text("sort").map(s -> s.toLowerCase(Locale.ROOT).endsWith(",asc")).orElse(false);
        Set<String> ids = new HashSet<>(b.strings("ids"));
        b.text("id").ifPresent(ids::add);
        Set<String> statuses = new HashSet<>(b.strings("statusSet"));
        b.text("status").ifPresent(statuses::add);
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode o : everything(ctx)) {
            if ((ids.isEmpty() || ids.contains(o.path("id").asText()))
                    && (statuses.isEmpty() || statuses.contains(o.path("status").asText()))
                    && b.text("action").map(a -> a.equalsIgnoreCase(o.path("action").asText())).orElse(true)
                    && b.text("state").map(s -> s.equals(o.path("state").asText(null))).orElse(true)
                    && b.text("prompt").map(p -> o.path("prompt").asText("").contains(p)).orElse(true)
                    && b.text("description").map(d -> o.path("description").asText("").contains(d)).orElse(true)) {
                matching.add(o);
            }
        }
        Comparator<ObjectNode> byId = Comparator.comparing(o -> new BigInteger(o.path("id").asText("0").replaceAll("\\D", "0")));
        matching.sort(asc ? byId : byId.reversed());
        ObjectNode pageNode = TaskView.JSON.createObjectNode();
        ArrayNode content = pageNode.putArray("content");
        matching.stream().skip((long) page * size).limit(size).forEach(content::add);
        int pages = (matching.size() + size - 1) / size;
        pageNode.put("totalElements", matching.size());
        pageNode.put("totalPages", pages);
        pageNode.put("number", page);
        pageNode.put("size", size);
        pageNode.put("numberOfElements", content.size());
        pageNode.put("first", page == 0);
        pageNode.put("last", page >= pages - 1);
        pageNode.put("empty", content.isEmpty());
        return SimResponse.json(200, pageNode.toString());
    }

    /** §5.9 {@code /task/list} (newest first) and {@code /task/queue} (waiting or running). */
    private static SimResponse list(SimContext ctx, boolean queueOnly) {
        ctx.countFetch();
        List<ObjectNode> all = everything(ctx);
        ArrayNode out = TaskView.JSON.createArrayNode();
        for (int i = all.size() - 1; i >= 0 && out.size() < LIST_LIMIT; i--) {
            String status = all.get(i).path("status").asText();
            if (!queueOnly || Set.of("NOT_START", "SUBMITTED", "IN_PROGRESS").contains(status)) {
                out.add(all.get(i));
            }
        }
        return SimResponse.json(200, out.toString());
    }

    /** §5.9: {@code {code:1, description:"成功", result:"<seed>"}} for a finished image job. */
    private static SimResponse seed(String id, SimContext ctx) {
        ctx.countFetch();
        SimTask t = succeeded(id, ctx);
        if (!t.producesGrid() && t.kind() != ActionKind.UPSCALE && t.kind() != ActionKind.UPSCALE_MORE) {
            throw refusal(4, "任务没有图片种子: task " + id + " has no image job");
        }
        return submitResult(1, "成功", Long.toString(t.seed()), null);
    }

    /**
     * §5.9: Plus answers {@code {code, description}} and marks the task CANCEL. §16 leaves open what happens to a
     * running task: the sandbox cancels queued (and MODAL) tasks only and refuses others with code 4.
     */
    private static SimResponse cancel(String id, SimContext ctx) {
        Instant now = ctx.clock().instant();
        Optional<SimTask> task = ctx.find(id);
        if (task.isPresent()) {
            if (!task.get().cancel(now)) {
                throw refusal(4, "任务状态错误: task " + id + " is " + TaskView.status(task.get(), now) + " and cannot be cancelled");
            }
            return cancelled();
        }
        PendingModal m = PendingModal.find(ctx, id).orElseThrow(() -> refusal(3, NOT_FOUND));
        if (m.cancelled()) {
            throw refusal(4, "任务状态错误: task " + id + " is CANCEL");
        }
        m.cancelledAt(now.toEpochMilli()).save();
        return cancelled();
    }

    private static SimResponse cancelled() {
        ObjectNode o = TaskView.JSON.createObjectNode();
        o.put("code", 1);
        o.put("description", "成功");
        return SimResponse.json(200, o.toString());
    }

    // ------------------------------------------------------------------ faults and callbacks

    /**
     * Plus has no HTTP rate limit: its "too many" is code 23, queue full (§4, §10). The sandbox sends that
     * SubmitResultVO with HTTP 429 and {@code Retry-After}, as trueai and the aggregators limit (§10), so that any
     * call (a fetch too) reads as rate-limited rather than as a task object without an id.
     */
    @Override
    public SimResponse rateLimited(Duration retryAfter) {
        ObjectNode o = TaskView.JSON.createObjectNode();
        o.put("code", 23);
        o.put("description", "队列已满，请稍后尝试");
        o.putNull("result");
        o.putObject("properties");
        return SimResponse.json(429, o.toString()).withRetryAfter(retryAfter);
    }

    /** §10: Spring's default 500 JSON (without {@code path}: the fault knob does not say which request it answers). */
    @Override
    public SimResponse serverError() {
        ObjectNode o = TaskView.JSON.createObjectNode();
        o.put("timestamp", SPRING_TIME.format(Instant.now()));
        o.put("status", 500);
        o.put("error", "Internal Server Error");
        return SimResponse.json(500, o.toString());
    }

    /** §9: the body is the full task object as it is at that moment (the sandbox sends the terminal one). */
    @Override
    public Optional<String> callbackBody(SimTask task, SimContext ctx) {
        return Optional.of(TaskView.render(task, ctx.clock().instant()).toString());
    }

    /** §13: the client reference travels in {@code state}, kept on the job as it was submitted. */
    @Override
    public Optional<String> clientReference(SimTask task) {
        return Optional.ofNullable(task.attributes().get(TaskView.STATE));
    }

    // ------------------------------------------------------------------ helpers

    /** §3.1: "13-digit epoch-millis + 3 random digits" (here a sequence, which keeps ids unique within a millisecond). */
    private Supplier<String> ids(SimContext ctx) {
        return () -> ctx.clock().millis() + String.format(Locale.ROOT, "%03d", Math.floorMod(sequence.getAndIncrement(), 1000));
    }

    /** A fresh id for a MODAL task: no job and no other MODAL task has it. */
    private String reserveId(SimContext ctx) {
        Supplier<String> ids = ids(ctx);
        while (true) {
            String id = ids.get();
            if (ctx.find(id).isEmpty() && PendingModal.find(ctx, id).isEmpty()) {
                return id;
            }
        }
    }

    /** {@code id} first (the MODAL task becomes its job), fresh ids should it ever be taken. */
    private Supplier<String> reserved(String id, SimContext ctx) {
        AtomicBoolean first = new AtomicBoolean(true);
        Supplier<String> fresh = ids(ctx);
        return () -> first.getAndSet(false) ? id : fresh.get();
    }

    /** A job or a MODAL task, rendered now. */
    private static Optional<ObjectNode> view(String id, SimContext ctx) {
        Optional<SimTask> t = ctx.find(id);
        if (t.isPresent()) {
            return Optional.of(TaskView.render(t.get(), ctx.clock().instant()));
        }
        return PendingModal.find(ctx, id).map(TaskView::render);
    }

    /** Every job and MODAL task, rendered now, oldest first. */
    private static List<ObjectNode> everything(SimContext ctx) {
        Instant now = ctx.clock().instant();
        List<ObjectNode> out = new ArrayList<>();
        ctx.all().forEach(t -> out.add(TaskView.render(t, now)));
        PendingModal.all(ctx).forEach(m -> out.add(TaskView.render(m)));
        return out;
    }

    /** The parent of a follow-up: code 3 when unknown, code 4 when not SUCCESS (§5.2, §10). */
    private static SimTask succeeded(String id, SimContext ctx) {
        SimTask t = ctx.find(id).orElseThrow(() -> refusal(3, NOT_FOUND));
        if (t.phase(ctx.clock().instant()) != SimTask.Phase.SUCCEEDED) {
            throw refusal(4, BAD_STATUS);
        }
        return t;
    }

    /** Code 1, or code 22 with {@code numberOfQueues} when earlier jobs still wait (§4). */
    private static SimResponse accepted(SimTask t, SimContext ctx) {
        Instant now = ctx.clock().instant();
        long ahead = ctx.all().stream().filter(o -> o != t && !o.createdAt().isAfter(t.createdAt())
                && o.phase(now) == SimTask.Phase.QUEUED).count();
        ObjectNode props = instance();
        if (ahead == 0) {
            return submitResult(1, "Submit success", t.id(), props);
        }
        props.put("numberOfQueues", ahead);
        return submitResult(22, "排队中，前面还有" + ahead + "个任务", t.id(), props);
    }

    private static ObjectNode instance() {
        ObjectNode props = TaskView.JSON.createObjectNode();
        props.put("discordInstanceId", TaskView.INSTANCE_ID);
        props.put("discordChannelId", TaskView.INSTANCE_ID);
        return props;
    }

    /** §3.1 SubmitResultVO. */
    static SimResponse submitResult(int code, String description, String result, ObjectNode properties) {
        ObjectNode o = TaskView.JSON.createObjectNode();
        o.put("code", code);
        o.put("description", description);
        o.put("result", result);
        o.set("properties", properties == null ? TaskView.JSON.createObjectNode() : properties);
        return SimResponse.json(200, o.toString());
    }

    private static void keep(SimTask t, Fields b, String botType, String word) {
        b.text("state").ifPresent(s -> t.attributes().put(TaskView.STATE, s));
        t.attributes().put(TaskView.BOT_TYPE, botType);
        t.attributes().put(TaskView.ACTION, word);
    }

    /** §5.1: MID_JOURNEY (default) or NIJI_JOURNEY; unknown values become MID_JOURNEY. */
    private static String botType(Fields b) {
        return b.text("botType").map(s -> s.toUpperCase(Locale.ROOT)).filter(s -> s.equals("NIJI_JOURNEY")).orElse(TaskView.MID_JOURNEY);
    }

    /** The prompt of the sandbox job whose file {@code link} is, if it is one. */
    private static Optional<String> described(String link, SimContext ctx) {
        if (!link.startsWith(ctx.baseUri().toString())) {
            return Optional.empty();
        }
        Matcher m = FILE_URL.matcher(link.substring(ctx.baseUri().toString().length()));
        return m.matches() ? ctx.find(m.group(1)).map(SimTask::prompt) : Optional.empty();
    }

    /** A remix prompt of an image follow-up keeps the parent's aspect ratio unless it sets one. */
    private static String keepAspect(String prompt, SimTask parent) {
        if (prompt.matches("(?is).*--(ar|aspect)\\s.*") || parent.aspectRatio().equals("1:1")) {
            return prompt;
        }
        return prompt + " --ar " + parent.aspectRatio();
    }

    private static boolean zoomInRange(String value) {
        try {
            double z = Double.parseDouble(value);
            return z >= 1.0 && z <= 2.0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw refusal(4, "参数错误: not an integer: " + value);
        }
    }

    /** §10: Spring's error JSON for the (speed-segment-free) path asked. */
    private static SimResponse spring(int status, String error, Routes.Call c) {
        ObjectNode o = TaskView.JSON.createObjectNode();
        o.put("timestamp", SPRING_TIME.format(c.context().clock().instant()));
        o.put("status", status);
        o.put("error", error);
        o.put("path", c.request().path());
        return SimResponse.json(status, o.toString());
    }

    /** A refusal in a SubmitResultVO with HTTP 200 (§4, §10). */
    static Refusal refusal(int code, String description) {
        return new Refusal(submitResult(code, description, null, null));
    }

    /** §9: the per-task hook, or null. */
    private static String hook(Fields b) {
        return b.text("notifyHook").orElse(null);
    }
}
