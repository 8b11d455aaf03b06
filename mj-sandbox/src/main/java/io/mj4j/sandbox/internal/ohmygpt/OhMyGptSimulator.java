package io.mj4j.sandbox.internal.ohmygpt;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.Prompt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * OhMyGPT's "Midjourney Open API" (ohmygpt.md): every call a POST under {@code /api/v1/ai/draw/mj/} with
 * {@code Authorization: Bearer <key>} and {@code model=midjourney}, in a JSON or form body; every reply the
 * envelope {@code {statusCode, message, data}}. Task ids are sequential integers; follow-ups press a finished
 * task's Discord button ({@code taskId} + {@code customId}). Thread-safe.
 *
 * <p>Routes: {@code imagine}, {@code action}, {@code blend}, {@code describe} (each answers the new task id),
 * {@code query} (the task object, {@link TaskView}), {@code query-mj-tasks?page&pageSize} (a page of task
 * objects, newest first) and the account balance {@code /api/v1/user/admin/balance}.
 *
 * <p>Error shapes: a refused request is {@code statusCode 400} with the reason in {@code message} and
 * {@code data: null}, inside an HTTP 200 (§4: clients check the body's {@code statusCode}; §14 leaves open
 * whether the HTTP status mirrors it, and the provider's stubs put 400s inside a 200). A bad key is HTTP 401
 * with {@code statusCode 401}; rate limits and server errors carry their HTTP status in both places.
 */
public final class OhMyGptSimulator implements VendorSimulator {
    static final String MJ = "/api/v1/ai/draw/mj/";
    static final String IMAGINE = MJ + "imagine";
    static final String ACTION = MJ + "action";
    static final String BLEND = MJ + "blend";
    static final String DESCRIBE = MJ + "describe";
    static final String QUERY = MJ + "query";
    static final String LIST = MJ + "query-mj-tasks";
    static final String BALANCE = "/api/v1/user/admin/balance";

    /** ohmygpt.md §5.3 [client]: blend shapes. */
    private static final Map<String, String> DIMENSIONS = Map.of("PORTRAIT", "2:3", "SQUARE", "1:1", "LANDSCAPE", "3:2");
    /**
     * ohmygpt.md §5.8 / §14: the balance unit is OhMyGPT's internal token (clients divide by 34000 for CNY);
     * the sandbox reports a fixed balance, as no per-task price is documented.
     */
    static final String BALANCE_VALUE = "3400000";

    // ohmygpt.md §13: "small, sequential-looking" integer ids
    private final AtomicLong ids = new AtomicLong(1000);

    /** ohmygpt.md §4, §12: a refused request is {@code statusCode 400} inside an HTTP 200. */
    private static final Words WORDS = OhMyGptSimulator::rejectedReply;

    // ohmygpt.md §2: Authorization: Bearer <api-key>
    private final Routes routes = Routes.builder(KeyCheck.bearer("Authorization"),
                    c -> error(401, 401, "Unauthorized: invalid or missing token"))
            .post(IMAGINE, c -> imagine(midjourney(c), c.context()))
            .post(ACTION, c -> action(midjourney(c), c.context()))
            .post(BLEND, c -> blend(midjourney(c), c.context()))
            .post(DESCRIBE, c -> describe(midjourney(c), c.context()))
            .post(QUERY, c -> query(midjourney(c), c.context()))
            .post(LIST, c -> list(midjourney(c), c.request(), c.context()))
            .post(BALANCE, c -> balance(fields(c.request())))
            // §5.5: even the query is a POST; any other method or path is a 404 in the §4 envelope
            .notFound(c -> error(404, 404, "Cannot " + c.request().method().toUpperCase(Locale.ROOT) + " " + c.request().path()))
            .build();

    /** For the sandbox's registry. */
    public OhMyGptSimulator() {
    }

    @Override
    public String id() {
        return "ohmygpt";
    }

    @Override
    public SimResponse handle(SimRequest r, SimContext ctx) {
        return routes.handle(r, ctx);
    }

    /**
     * The fields of a request body. §3: the docs show form bodies, the overview recommends JSON and public clients
     * use both, so both are read (a form body by its content type, or when it does not look like JSON); in a form
     * body an array repeats its key. §13: ids go as numbers or strings; both read as text.
     */
    private static Fields fields(SimRequest r) {
        String type = r.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String text = r.bodyText().strip();
        if (text.isEmpty() || type.contains("x-www-form-urlencoded") || !(text.startsWith("{") || text.startsWith("["))) {
            return Fields.of(Fields.form(text), Fields.Reading.FORM, WORDS);
        }
        JsonNode node = r.json().orElseThrow(() -> rejected("Invalid request body: not JSON"));
        if (!node.isObject()) {
            throw rejected("Invalid request body: expected a JSON object");
        }
        return Fields.of((ObjectNode) node, Fields.Reading.FORM, WORDS);
    }

    /** §2, §3: every Midjourney endpoint takes model=midjourney; the key's permission check keys on it. */
    private static Fields midjourney(Routes.Call c) {
        Fields f = fields(c.request());
        if (!f.text("model").map("midjourney"::equals).orElse(false)) {
            throw rejected("model is required and must be midjourney");
        }
        return f;
    }

    // ------------------------------------------------------------------ routes

    /** §5.1. */
    private SimResponse imagine(Fields f, SimContext ctx) {
        String prompt = f.required("prompt");
        try {
            Prompt.parse(prompt);
        } catch (InvalidRequestException e) {
            // the shape of the provider's invalid-request stub: "Invalid parameter: --ar 0:0"
            throw rejected("Invalid parameter: " + e.getMessage());
        }
        f.strings("base64Array").forEach(OhMyGptSimulator::requireDataUrl);
        String pool = pool(f).orElse("FAST");
        return created(ctx.create(nextId(), ActionKind.IMAGINE, prompt, null, 0, webhook(f)), pool, null);
    }

    /** §5.2: press button {@code customId} of finished task {@code taskId}. */
    private SimResponse action(Fields f, SimContext ctx) {
        String taskId = f.required("taskId");
        String customId = f.required("customId");
        SimTask parent = find(ctx, taskId);
        Instant now = ctx.clock().instant();
        if (parent.phase(now) != SimTask.Phase.SUCCEEDED) {
            throw rejected("Task " + parent.id() + " is " + TaskView.status(parent, now) + "; its buttons can be used once it is SUCCESS");
        }
        // §7: a customId is one of the parent's own buttons, taken from its latest query
        if (!TaskView.customIds(parent).contains(customId)) {
            throw rejected("customId " + customId + " is not a button of task " + parent.id());
        }
        Buttons.Button button = Buttons.parse(customId);
        if (button.kind() == null) {
            // §14: no modal step (Custom Zoom's prompt) is exposed; a bookmark starts no job
            throw rejected(button.name() + " cannot be executed through this API");
        }
        if (button.kind() == ActionKind.VARY_REGION) {
            // §5.2 [client]: Vary (Region) needs the mask as a data URL in base64Mask
            requireDataUrl(f.text("base64Mask").orElseThrow(() -> rejected("base64Mask is required for Vary (Region)")));
        }
        // §5.2: the pool should match the original task's, which is the default here
        String pool = pool(f).orElse(TaskView.pool(parent));
        String prompt = button.makesSquare() ? Prompts.withAspectRatio(parent.prompt(), "1:1") : null;
        return created(ctx.create(nextId(), button.kind(), prompt, parent, button.index(), webhook(f)), pool, customId);
    }

    /** §5.3. */
    private SimResponse blend(Fields f, SimContext ctx) {
        List<String> images = f.strings("base64Array");
        if (images.size() < 2 || images.size() > 5) {
            throw rejected("base64Array must hold 2 to 5 images, got " + images.size());
        }
        images.forEach(OhMyGptSimulator::requireDataUrl);
        String shape = f.text("dimensions").map(s -> s.toUpperCase(Locale.ROOT)).orElse("SQUARE");
        String ar = Optional.ofNullable(DIMENSIONS.get(shape))
                .orElseThrow(() -> rejected("dimensions must be PORTRAIT, SQUARE or LANDSCAPE, got " + shape));
        String prompt = "blend of " + images.size() + " images --ar " + ar;
        return created(ctx.create(nextId(), ActionKind.BLEND, prompt, null, 0, webhook(f)), pool(f).orElse("FAST"), null);
    }

    /** §5.4: the prompts come back in the task's {@code prompt} (see {@link TaskView}). */
    private SimResponse describe(Fields f, SimContext ctx) {
        requireDataUrl(f.required("base64"));
        return created(ctx.create(nextId(), ActionKind.DESCRIBE, "", null, 0, webhook(f)), pool(f).orElse("FAST"), null);
    }

    /** §5.5. */
    private SimResponse query(Fields f, SimContext ctx) {
        ctx.countFetch();
        SimTask task = find(ctx, f.required("taskId"));
        return ok(TaskView.render(task, ctx.clock().instant()));
    }

    /** §5.6: {@code ?page=1&pageSize=12}, newest first [infer]. */
    private SimResponse list(Fields f, SimRequest r, SimContext ctx) {
        ctx.countFetch();
        int page = intParam(r, "page", 1);
        // §5.6: pageSize is optional; 12 is the docs' example value
        int size = intParam(r, "pageSize", 12);
        if (page < 1) {
            throw rejected("page must be 1 or more, got " + page);
        }
        if (size < 5 || size > 20) {
            throw rejected("pageSize must be 5 to 20, got " + size);
        }
        List<SimTask> all = ctx.all();
        Instant now = ctx.clock().instant();
        ObjectNode data = TaskView.JSON.createObjectNode();
        data.put("total", all.size());
        ArrayNode tasks = data.putArray("tasks");
        long skip = (long) (page - 1) * size;
        for (int i = all.size() - 1 - (int) Math.min(skip, all.size()); i >= 0 && tasks.size() < size; i--) {
            tasks.add(TaskView.render(all.get(i), now));
        }
        return ok(data);
    }

    /** §5.8 [client]; its body is read like any other (an unreadable one is refused), though it needs no field. */
    private static SimResponse balance(Fields f) {
        ObjectNode data = TaskView.JSON.createObjectNode();
        data.put("balance", BALANCE_VALUE);
        data.put("free_balance", "0");
        return ok(data);
    }

    // ------------------------------------------------------------------ faults and callbacks

    @Override
    public SimResponse rateLimited(Duration retryAfter) {
        return error(429, 429, "Too Many Requests").withRetryAfter(retryAfter);
    }

    @Override
    public SimResponse serverError() {
        return error(500, 500, "Internal Server Error");
    }

    /** ohmygpt.md §8 [client/infer]: the webhook body is the bare task object. */
    @Override
    public Optional<String> callbackBody(SimTask task, SimContext ctx) {
        return Optional.of(TaskView.render(task, ctx.clock().instant()).toString());
    }

    // ------------------------------------------------------------------ helpers

    private Supplier<String> nextId() {
        return () -> Long.toString(ids.incrementAndGet());
    }

    private static SimResponse created(SimTask task, String pool, String pressed) {
        task.attributes().put(TaskView.POOL, pool);
        if (pressed != null) {
            task.attributes().put(TaskView.PRESSED, pressed);
        }
        TaskView.jobId(task);
        TaskView.customIds(task);
        // §5.1: data is the integer task id
        return ok(TaskView.JSON.getNodeFactory().numberNode(Long.parseLong(task.id())));
    }

    private static SimTask find(SimContext ctx, String taskId) {
        // §14: the error for an unknown id is not documented; a refusal (statusCode 400) like any bad parameter
        return (taskId.matches("\\d{1,18}") ? ctx.find(taskId) : Optional.<SimTask>empty())
                .orElseThrow(() -> rejected("Task not found: " + taskId));
    }

    /** §5.1: {@code type} is {@code FAST} (default) or {@code NORMAL}. */
    private static Optional<String> pool(Fields f) {
        Optional<String> type = f.text("type").map(s -> s.toUpperCase(Locale.ROOT));
        if (type.isPresent() && !type.get().equals("FAST") && !type.get().equals("NORMAL")) {
            throw rejected("type must be FAST or NORMAL, got " + f.text("type").orElseThrow());
        }
        return type;
    }

    private static String webhook(Fields f) {
        return f.url("webhook").orElse(null);
    }

    private static void requireDataUrl(String value) {
        if (!value.matches("(?s)data:image/[a-zA-Z0-9.+-]+;base64,.+")) {
            throw rejected("images must be data URLs (data:image/...;base64,...)");
        }
    }

    private static int intParam(SimRequest r, String name, int fallback) {
        String v = r.query().get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw rejected(name + " must be an integer, got " + v);
        }
    }

    private static Refusal rejected(String message) {
        return new Refusal(rejectedReply(message));
    }

    private static SimResponse rejectedReply(String message) {
        return error(200, 400, message);
    }

    private static SimResponse ok(JsonNode data) {
        ObjectNode o = TaskView.JSON.createObjectNode();
        o.put("statusCode", 200);
        o.put("message", "Success");
        o.set("data", data);
        return SimResponse.json(200, o.toString());
    }

    /** ohmygpt.md §4, §12: {@code {"statusCode":n,"message":"...","data":null}}. */
    private static SimResponse error(int http, int statusCode, String message) {
        ObjectNode o = TaskView.JSON.createObjectNode();
        o.put("statusCode", statusCode);
        o.put("message", message);
        o.putNull("data");
        return SimResponse.json(http, o.toString());
    }
}
