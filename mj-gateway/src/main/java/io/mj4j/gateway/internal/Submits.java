package io.mj4j.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.core.BudgetExceededException;
import io.mj4j.core.Mj;
import io.mj4j.core.Task;
import io.mj4j.core.routing.PriceTable;
import io.mj4j.gateway.ClientKey;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.Prompt;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.SubmitOutcomeUnknownException;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.UnsupportedActionException;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code /mj/submit/*} endpoints (mjproxy.md §5): each request is read into an mj4j action and checked (code 4
 * before anything is sent), the gateway's row is written with a new id under the client's budget, and the engine
 * submits the action under that id; the answer waits for the vendor's acknowledgement up to a bound, so a refusal
 * comes back with the protocol's code (24 banned prompt, 23 queue full, 3 no vendor available) and a slow vendor
 * gives code 22 (queued: the task is recorded and will be sent once). Button clicks and the modal step map back to
 * mj4j follow-ups, which the engine sends to the parent's vendor. Thread-safe.
 */
public final class Submits {
    private static final int MAX_STATE = 4000;
    private static final int MAX_HOOK = 2000;
    private static final Pattern SIMPLE_CHANGE = Pattern.compile("^\\s*(\\S+)\\s+(?:([UuVv])([1-4])|([Rr]))\\s*$");

    private final Mj mj;
    private final GatewayTasks tasks;
    private final Views views;
    private final Images images;
    private final TaskIds ids;
    private final Clock clock;
    private final PriceTable prices;
    private final Duration wait;

    public Submits(Mj mj, GatewayTasks tasks, Views views, Images images, Clock clock, PriceTable prices, Duration wait) {
        this.mj = mj;
        this.tasks = tasks;
        this.views = views;
        this.images = images;
        this.ids = new TaskIds(clock);
        this.clock = clock;
        this.prices = prices;
        this.wait = wait;
    }

    /** §5.1 imagine. */
    public ObjectNode imagine(ClientKey caller, JsonNode body) {
        String raw = requiredPrompt(body);
        List<String> refs = new ArrayList<>();
        imagesOf(body, "base64Array").forEach(v -> refs.add(images.url("base64Array", v).toString()));
        Json.text(body, "base64").ifPresent(v -> refs.add(images.url("base64", v).toString())); // OSS v2's deprecated single image
        String full = refs.isEmpty() ? raw : String.join(" ", refs) + " " + raw;
        Action action = checked(() -> new Action.Imagine(Prompt.parse(withBot(full, body))));
        return root(caller, body, action, full, "/imagine " + full);
    }

    /** §5.5 blend. */
    public ObjectNode blend(ClientKey caller, JsonNode body) {
        List<String> raw = imagesOf(body, "base64Array");
        if (raw.size() < 2 || raw.size() > 5) {
            throw Bad.validation("base64Array: blend needs 2 to 5 images, got " + raw.size());
        }
        String dims = Json.text(body, "dimensions").orElse("SQUARE").toUpperCase(Locale.ROOT);
        Action.BlendShape shape;
        try {
            shape = Action.BlendShape.valueOf(dims);
        } catch (IllegalArgumentException e) {
            throw Bad.validation("dimensions: must be PORTRAIT, SQUARE or LANDSCAPE, got '" + CustomIds.shorten(dims) + "'");
        }
        List<URI> urls = raw.stream().map(v -> images.url("base64Array", v)).toList();
        Action action = checked(() -> new Action.Blend(urls, shape));
        return root(caller, body, action, "", "/blend " + urls.size() + " " + shape);
    }

    /** §5.6 describe: {@code base64} (a data URL) or {@code link} (an http(s) URL, as trueai takes it). */
    public ObjectNode describe(ClientKey caller, JsonNode body) {
        Optional<String> b64 = Json.text(body, "base64");
        Optional<String> link = Json.text(body, "link");
        if (b64.isEmpty() && link.isEmpty()) {
            throw Bad.validation("base64 or link is required: the image to describe (base64不能为空)");
        }
        URI url = b64.isPresent() ? images.url("base64", b64.get()) : images.url("link", link.get());
        Action action = checked(() -> new Action.Describe(url));
        return root(caller, body, action, "", "/describe " + url);
    }

    /** §5.7 shorten. */
    public ObjectNode shorten(ClientKey caller, JsonNode body) {
        String raw = requiredPrompt(body);
        Action action = checked(() -> new Action.Shorten(Prompt.parse(raw)));
        return root(caller, body, action, raw, "/shorten " + raw);
    }

    /** §5.2 a button of a finished task. */
    public ObjectNode action(ClientKey caller, JsonNode body) {
        String parentId = Json.text(body, "taskId").orElseThrow(() -> Bad.validation("taskId is required"));
        String customId = Json.text(body, "customId").orElseThrow(() -> Bad.validation("customId is required"));
        GatewayTasks.Row parent = views.owned(caller, parentId).orElseThrow(() -> Bad.parentMissing(parentId));
        TaskSnapshot ps = finishedParent(parent);
        CustomIds.Button button = CustomIds.find(parent.id(), ps.followUps(), customId).orElseThrow(() -> Bad.validation(
                "unknown customId '" + CustomIds.shorten(customId) + "' for task " + parentId + ": use one of its current buttons"));
        boolean remix = body.path("enableRemix").asBoolean(false);
        Optional<String> modal = button.modal(remix);
        if (modal.isPresent()) {
            // §5.4: a MODAL task waits for /submit/modal; nothing is sent (or billed by the vendor) until then
            GatewayTasks.Row row = newRow(caller, body, button.kind(), parent.prompt(), description(parent, button), parent.id(),
                    modal.get(), GatewayTasks.Phase.MODAL, price(providerOf(parent), button.kind()));
            String id = insert(caller, row);
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("finalPrompt", parent.prompt() == null ? "" : parent.prompt());
            props.put("remix", true);
            return Codes.reply(Codes.MODAL, "Waiting for window confirm", id, props);
        }
        return followUp(caller, body, parent, button.action(), description(parent, button));
    }

    /** §5.4 the modal step of a MODAL task. */
    public ObjectNode modal(ClientKey caller, JsonNode body) {
        String id = Json.text(body, "taskId").orElseThrow(() -> Bad.validation("taskId is required"));
        GatewayTasks.Row row = views.owned(caller, id).orElseThrow(() -> Bad.parentMissing(id));
        if (row.phase() != GatewayTasks.Phase.MODAL) {
            throw Bad.validation("task " + id + " is not waiting for a modal (关联任务状态错误)");
        }
        Optional<String> prompt = Json.text(body, "prompt");
        Optional<String> mask = Json.text(body, "maskBase64");
        Action action = checked(() -> CustomIds.action(row.modal(), prompt, mask));
        if (!tasks.claimModal(id)) {
            throw Bad.validation("task " + id + " was already submitted");
        }
        return send(row.id(), () -> mj.followUpWithId(row.id(), row.parentId(), action), false);
    }

    /** §5.3 the legacy U/V/R endpoint. */
    public ObjectNode change(ClientKey caller, JsonNode body) {
        String parentId = Json.text(body, "taskId").orElseThrow(() -> Bad.validation("taskId is required"));
        String word = Json.text(body, "action").orElseThrow(() -> Bad.validation("action is required: UPSCALE, VARIATION or REROLL"))
                .toUpperCase(Locale.ROOT);
        JsonNode index = body.get("index");
        return change(caller, body, parentId, word, index == null || index.isNull() ? null : index.asText());
    }

    /** §5.3 {@code content: "<taskId> U2"}. */
    public ObjectNode simpleChange(ClientKey caller, JsonNode body) {
        String content = Json.text(body, "content").orElseThrow(() -> Bad.validation("content is required, e.g. '1320098173412546 U2'"));
        Matcher m = SIMPLE_CHANGE.matcher(content);
        if (!m.matches()) {
            throw Bad.validation("content must be '<taskId> U1..U4', '<taskId> V1..V4' or '<taskId> R', got '" + CustomIds.shorten(content) + "'");
        }
        if (m.group(4) != null) {
            return change(caller, body, m.group(1), "REROLL", null);
        }
        return change(caller, body, m.group(1), m.group(2).equalsIgnoreCase("U") ? "UPSCALE" : "VARIATION", m.group(3));
    }

    private ObjectNode change(ClientKey caller, JsonNode body, String parentId, String word, String index) {
        Action action;
        switch (word) {
            case "UPSCALE", "VARIATION" -> {
                int i;
                try {
                    i = Integer.parseInt(index == null ? "" : index.strip());
                } catch (NumberFormatException e) {
                    throw Bad.validation("index is required for " + word + ": 1 to 4");
                }
                if (i < 1 || i > 4) {
                    throw Bad.validation("index must be 1 to 4, got " + i);
                }
                action = word.equals("UPSCALE") ? new Action.Upscale(i) : new Action.Variation(i);
            }
            case "REROLL" -> action = new Action.Reroll();
            default -> throw Bad.validation("action must be UPSCALE, VARIATION or REROLL, got '" + CustomIds.shorten(word) + "'");
        }
        GatewayTasks.Row parent = views.owned(caller, parentId).orElseThrow(() -> Bad.parentMissing(parentId));
        TaskSnapshot ps = finishedParent(parent);
        FollowUp needed = action.requiredFollowUp().orElseThrow();
        if (!ps.followUps().contains(needed)) {
            throw Bad.validation("task " + parentId + " does not offer " + needed + " (it offers " + ps.followUps() + ")");
        }
        String label = action instanceof Action.Upscale u ? "/up " + parentId + " U" + u.index()
                : action instanceof Action.Variation v ? "/variation " + parentId + " V" + v.index() : "/reroll " + parentId;
        return followUp(caller, body, parent, action, label);
    }

    private ObjectNode followUp(ClientKey caller, JsonNode body, GatewayTasks.Row parent, Action action, String description) {
        GatewayTasks.Row row = newRow(caller, body, action.kind(), parent.prompt(), description, parent.id(), null,
                GatewayTasks.Phase.SUBMITTED, price(providerOf(parent), action.kind()));
        String id = insert(caller, row);
        return send(id, () -> mj.followUpWithId(id, parent.id(), action), false);
    }

    private ObjectNode root(ClientKey caller, JsonNode body, Action action, String prompt, String description) {
        GatewayTasks.Row row = newRow(caller, body, action.kind(), prompt, description, null, null, GatewayTasks.Phase.SUBMITTED,
                price(mj.defaultProvider(), action.kind()));
        String id = insert(caller, row);
        return send(id, () -> mj.submitWithId(id, null, action), true);
    }

    /**
     * Hands the task to the engine and waits (bounded) for the vendor's acknowledgement. A refusal marks the row
     * REFUSED (no longer charged) and answers with the protocol's code.
     */
    private ObjectNode send(String id, java.util.function.Supplier<Task> submit, boolean root) {
        Task task;
        try {
            task = submit.get();
        } catch (MjException e) {
            tasks.setPhase(id, GatewayTasks.Phase.REFUSED);
            throw refusal(e, root);
        }
        try {
            task.accepted().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return Codes.reply(Codes.SUCCESS, "Submit success", id, Map.of("discordInstanceId", task.providerId()));
        } catch (TimeoutException e) {
            return Codes.reply(Codes.IN_QUEUE, "In queue: recorded, the vendor has not answered yet", id,
                    Map.of("numberOfQueues", 0, "discordInstanceId", task.providerId()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Codes.reply(Codes.IN_QUEUE, "In queue: recorded, the vendor has not answered yet", id, Map.of("numberOfQueues", 0));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SubmitOutcomeUnknownException) {
                // the vendor may have the task: mj4j reconciles it (never resends); the client follows it by id
                return Codes.reply(Codes.IN_QUEUE, "In queue: the vendor's answer was lost; mj4j is checking with the vendor and"
                        + " never sends it twice", id, Map.of("numberOfQueues", 0, "discordInstanceId", task.providerId()));
            }
            tasks.setPhase(id, GatewayTasks.Phase.REFUSED);
            throw refusal(cause instanceof MjException m ? m : new io.mj4j.spi.ProviderUnavailableException(String.valueOf(cause.getMessage()), cause, false, null), root);
        }
    }

    /** §4: the code of an error that created nothing. Engine messages are already redacted. */
    static Bad refusal(MjException e, boolean root) {
        String m = e.getMessage();
        if (e instanceof ContentRejectedException) {
            return new Bad(Codes.BANNED_PROMPT, "Banned prompt (可能包含敏感词): " + m);
        }
        if (e instanceof RateLimitedException) {
            return new Bad(Codes.QUEUE_REJECTED, "Queue full, please try again later (队列已满，请稍后尝试): " + m);
        }
        if (e instanceof InvalidRequestException || e instanceof UnsupportedActionException || e instanceof BudgetExceededException) {
            return Bad.validation(m);
        }
        return new Bad(Codes.NOT_FOUND, (root ? "No vendor account can take the task now (无可用的账号实例): "
                : "The parent exists, but no account of its vendor can take the follow-up now: ") + m);
    }

    private TaskSnapshot finishedParent(GatewayTasks.Row parent) {
        TaskSnapshot ps = views.engine(parent.id()).map(TaskView.Engine::snapshot).orElseThrow(() ->
                Bad.validation("task " + parent.id() + " has not started (关联任务状态错误)"));
        if (ps.status() != TaskStatus.SUCCEEDED) {
            throw Bad.validation("task " + parent.id() + " is " + ps.status() + ", not SUCCESS (关联任务状态错误)");
        }
        return ps;
    }

    private String providerOf(GatewayTasks.Row parent) {
        return views.engine(parent.id()).map(TaskView.Engine::providerId).orElse(mj.defaultProvider());
    }

    private BigDecimal price(String providerId, ActionKind kind) {
        return prices.price(providerId, kind).orElse(BigDecimal.ZERO);
    }

    private GatewayTasks.Row newRow(ClientKey caller, JsonNode body, ActionKind kind, String prompt, String description,
                                    String parentId, String modal, GatewayTasks.Phase phase, BigDecimal price) {
        Optional<String> state = Json.text(body, "state");
        if (state.isPresent() && state.get().length() > MAX_STATE) {
            throw Bad.validation("state: at most " + MAX_STATE + " characters");
        }
        return new GatewayTasks.Row("", caller.name(), kind, TaskView.word(kind), prompt, description, state.orElse(null),
                hook(body).map(URI::toString).orElse(null), parentId, modal, phase, price, clock.millis());
    }

    /** Writes the row under a fresh id (another draw on the rare collision); refuses past the client's budget. */
    private String insert(ClientKey caller, GatewayTasks.Row template) {
        for (int attempt = 0; attempt < 5; attempt++) {
            String id = ids.next();
            GatewayTasks.Row row = new GatewayTasks.Row(id, template.owner(), template.kind(), template.actionWord(), template.prompt(),
                    template.description(), template.state(), template.notifyHook(), template.parentId(), template.modal(),
                    template.phase(), template.price(), template.submitTime());
            try {
                if (!tasks.insert(row, caller.budget())) {
                    throw Bad.validation("the budget of client key '" + caller.name() + "' is exhausted (spent "
                            + tasks.spent(caller.name()).stripTrailingZeros().toPlainString() + " of "
                            + caller.budget().orElseThrow().stripTrailingZeros().toPlainString() + "; this task costs "
                            + row.price().stripTrailingZeros().toPlainString() + ")");
                }
                return id;
            } catch (IllegalStateException collision) {
                if (!String.valueOf(collision.getMessage()).endsWith("exists")) {
                    throw collision;
                }
            }
        }
        throw new IllegalStateException("could not draw a free task id in 5 attempts");
    }

    /** §9: the client's callback URL, an absolute http(s) URL of at most 2000 characters. */
    private static Optional<URI> hook(JsonNode body) {
        Optional<String> h = Json.text(body, "notifyHook");
        if (h.isEmpty()) {
            return Optional.empty();
        }
        String v = h.get().strip();
        if (v.length() > MAX_HOOK) {
            throw Bad.validation("notifyHook: at most " + MAX_HOOK + " characters");
        }
        try {
            URI u = URI.create(v);
            if (!("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
            return Optional.of(u);
        } catch (IllegalArgumentException e) {
            throw Bad.validation("notifyHook: must be an absolute http(s) URL");
        }
    }

    private static String requiredPrompt(JsonNode body) {
        return Json.text(body, "prompt").map(String::strip).orElseThrow(() -> Bad.validation("prompt must not be blank (prompt不能为空)"));
    }

    /** §5.1 botType NIJI_JOURNEY selects the niji model: as a --niji flag unless the prompt names a model. */
    private static String withBot(String prompt, JsonNode body) {
        String bot = Json.text(body, "botType").orElse("MID_JOURNEY").toUpperCase(Locale.ROOT);
        if ((bot.equals("NIJI_JOURNEY") || bot.equals("NIJI")) && !prompt.contains("--niji") && !prompt.contains("--v ")) {
            return prompt + " --niji";
        }
        return prompt;
    }

    private static List<String> imagesOf(JsonNode body, String field) {
        JsonNode a = body.get(field);
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw Bad.validation(field + ": must be an array of data URLs");
        }
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String description(GatewayTasks.Row parent, CustomIds.Button b) {
        return switch (b.kind()) {
            case UPSCALE -> "/up " + parent.id() + " U" + b.variant();
            case VARIATION -> "/variation " + parent.id() + " V" + b.variant();
            case REROLL -> "/reroll " + parent.id();
            default -> "/" + b.kind().name().toLowerCase(Locale.ROOT) + " " + parent.id() + (b.variant().isEmpty() ? "" : " " + b.variant());
        };
    }

    /** An action built from request values; its validation error is a code-4 answer. */
    private static <T> T checked(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidRequestException e) {
            throw Bad.validation(e.getMessage());
        }
    }
}
