package io.mj4j.sandbox.internal.ohmygpt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.sandbox.internal.ohmygpt.Fields.Rejected;
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
    private static final List<String> ROUTES = List.of(IMAGINE, ACTION, BLEND, DESCRIBE, QUERY, LIST, BALANCE);

    /** ohmygpt.md §5.3 [client]: blend shapes. */
    private static final Map<String, String> DIMENSIONS = Map.of("PORTRAIT", "2:3", "SQUARE", "1:1", "LANDSCAPE", "3:2");
    /**
     * ohmygpt.md §5.8 / §14: the balance unit is OhMyGPT's internal token (clients divide by 34000 for CNY);
     * the sandbox reports a fixed balance, as no per-task price is documented.
     */
    static final String BALANCE_VALUE = "3400000";

    // ohmygpt.md §13: "small, sequential-looking" integer ids
    private final AtomicLong ids = new AtomicLong(1000);

    /** For the sandbox's registry. */
    public OhMyGptSimulator() {
    }

    @Override
    public String id() {
        return "ohmygpt";
    }

    @Override
    public SimResponse handle(SimRequest r, SimContext ctx) {
        // ohmygpt.md §2: Authorization: Bearer <api-key>
        String auth = r.header("Authorization").orElse("").strip();
        if (!(auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.substring(7).strip().equals(ctx.apiKey()))) {
            ctx.countRejectedAuth();
            return error(401, 401, "Unauthorized: invalid or missing token");
        }
        if (!ROUTES.contains(r.path()) || !r.method().equalsIgnoreCase("POST")) {
            // §5.5: even the query is a POST
            return error(404, 404, "Cannot " + r.method().toUpperCase(Locale.ROOT) + " " + r.path());
        }
        try {
            Fields f = Fields.of(r);
            if (r.path().equals(BALANCE)) {
                return balance();
            }
            // §2, §3: every Midjourney endpoint takes model=midjourney; the key's permission check keys on it
            if (!f.text("model").map("midjourney"::equals).orElse(false)) {
                throw new Rejected("model is required and must be midjourney");
            }
            return switch (r.path()) {
                case IMAGINE -> imagine(f, ctx);
                case ACTION -> action(f, ctx);
                case BLEND -> blend(f, ctx);
                case DESCRIBE -> describe(f, ctx);
                case QUERY -> query(f, ctx);
                default -> list(r, ctx);
            };
        } catch (Rejected e) {
            return error(200, 400, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ routes

    /** §5.1. */
    private SimResponse imagine(Fields f, SimContext ctx) {
        String prompt = f.require("prompt");
        try {
            Prompt.parse(prompt);
        } catch (InvalidRequestException e) {
            // the shape of the provider's invalid-request stub: "Invalid parameter: --ar 0:0"
            throw new Rejected("Invalid parameter: " + e.getMessage());
        }
        f.list("base64Array").forEach(OhMyGptSimulator::requireDataUrl);
        String pool = pool(f).orElse("FAST");
        return created(ctx.create(nextId(), ActionKind.IMAGINE, prompt, null, 0, webhook(f)), pool, null);
    }

    /** §5.2: press button {@code customId} of finished task {@code taskId}. */
    private SimResponse action(Fields f, SimContext ctx) {
        String taskId = f.require("taskId");
        String customId = f.require("customId");
        SimTask parent = find(ctx, taskId);
        Instant now = ctx.clock().instant();
        if (parent.phase(now) != SimTask.Phase.SUCCEEDED) {
            throw new Rejected("Task " + parent.id() + " is " + TaskView.status(parent, now) + "; its buttons can be used once it is SUCCESS");
        }
        // §7: a customId is one of the parent's own buttons, taken from its latest query
        if (!TaskView.customIds(parent).contains(customId)) {
            throw new Rejected("customId " + customId + " is not a button of task " + parent.id());
        }
        Buttons.Button button = Buttons.parse(customId);
        if (button.kind() == null) {
            // §14: no modal step (Custom Zoom's prompt) is exposed; a bookmark starts no job
            throw new Rejected(button.name() + " cannot be executed through this API");
        }
        if (button.kind() == ActionKind.VARY_REGION) {
            // §5.2 [client]: Vary (Region) needs the mask as a data URL in base64Mask
            requireDataUrl(f.text("base64Mask").orElseThrow(() -> new Rejected("base64Mask is required for Vary (Region)")));
        }
        // §5.2: the pool should match the original task's, which is the default here
        String pool = pool(f).orElse(TaskView.pool(parent));
        String prompt = button.makesSquare() ? Buttons.squarePrompt(parent.prompt()) : null;
        return created(ctx.create(nextId(), button.kind(), prompt, parent, button.index(), webhook(f)), pool, customId);
    }

    /** §5.3. */
    private SimResponse blend(Fields f, SimContext ctx) {
        List<String> images = f.list("base64Array");
        if (images.size() < 2 || images.size() > 5) {
            throw new Rejected("base64Array must hold 2 to 5 images, got " + images.size());
        }
        images.forEach(OhMyGptSimulator::requireDataUrl);
        String shape = f.text("dimensions").map(s -> s.toUpperCase(Locale.ROOT)).orElse("SQUARE");
        String ar = Optional.ofNullable(DIMENSIONS.get(shape))
                .orElseThrow(() -> new Rejected("dimensions must be PORTRAIT, SQUARE or LANDSCAPE, got " + shape));
        String prompt = "blend of " + images.size() + " images --ar " + ar;
        return created(ctx.create(nextId(), ActionKind.BLEND, prompt, null, 0, webhook(f)), pool(f).orElse("FAST"), null);
    }

    /** §5.4: the prompts come back in the task's {@code prompt} (see {@link TaskView}). */
    private SimResponse describe(Fields f, SimContext ctx) {
        requireDataUrl(f.require("base64"));
        return created(ctx.create(nextId(), ActionKind.DESCRIBE, "", null, 0, webhook(f)), pool(f).orElse("FAST"), null);
    }

    /** §5.5. */
    private SimResponse query(Fields f, SimContext ctx) {
        ctx.countFetch();
        SimTask task = find(ctx, f.require("taskId"));
        return ok(TaskView.render(task, ctx.clock().instant()));
    }

    /** §5.6: {@code ?page=1&pageSize=12}, newest first [infer]. */
    private SimResponse list(SimRequest r, SimContext ctx) {
        ctx.countFetch();
        int page = intParam(r, "page", 1);
        // §5.6: pageSize is optional; 12 is the docs' example value
        int size = intParam(r, "pageSize", 12);
        if (page < 1) {
            throw new Rejected("page must be 1 or more, got " + page);
        }
        if (size < 5 || size > 20) {
            throw new Rejected("pageSize must be 5 to 20, got " + size);
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

    /** §5.8 [client]. */
    private static SimResponse balance() {
        ObjectNode data = TaskView.JSON.createObjectNode();
        data.put("balance", BALANCE_VALUE);
        data.put("free_balance", "0");
        return ok(data);
    }

    // ------------------------------------------------------------------ faults and callbacks

    @Override
    public SimResponse rateLimited(Duration retryAfter) {
        long seconds = (retryAfter.toMillis() + 999) / 1000;
        return error(429, 429, "Too Many Requests").withHeader("Retry-After", Long.toString(seconds));
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
                .orElseThrow(() -> new Rejected("Task not found: " + taskId));
    }

    /** §5.1: {@code type} is {@code FAST} (default) or {@code NORMAL}. */
    private static Optional<String> pool(Fields f) {
        Optional<String> type = f.text("type").map(s -> s.toUpperCase(Locale.ROOT));
        if (type.isPresent() && !type.get().equals("FAST") && !type.get().equals("NORMAL")) {
            throw new Rejected("type must be FAST or NORMAL, got " + f.text("type").orElseThrow());
        }
        return type;
    }

    private static String webhook(Fields f) {
        Optional<String> hook = f.text("webhook");
        if (hook.isPresent() && !hook.get().matches("(?i)https?://\\S+")) {
            throw new Rejected("webhook must be an http(s) URL");
        }
        return hook.orElse(null);
    }

    private static void requireDataUrl(String value) {
        if (!value.matches("(?s)data:image/[a-zA-Z0-9.+-]+;base64,.+")) {
            throw new Rejected("images must be data URLs (data:image/...;base64,...)");
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
            throw new Rejected(name + " must be an integer, got " + v);
        }
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
