package io.mj4j.provider.mjproxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.provider.mjproxy.internal.ErrorMapper;
import io.mj4j.provider.mjproxy.internal.Json;
import io.mj4j.provider.mjproxy.internal.Requests;
import io.mj4j.provider.mjproxy.internal.Settings;
import io.mj4j.provider.mjproxy.internal.SubmitResult;
import io.mj4j.provider.mjproxy.internal.TaskMapper;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.Transport;
import io.mj4j.spi.UnsupportedActionException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The midjourney-proxy protocol (mjproxy.md) for one server and key. Submits go to {@code /submit/*}, with
 * the client reference in {@code state} and the callback URI in {@code notifyHook}; follow-ups click the
 * parent's button customIds through {@code /submit/action} (or use {@code /submit/change} on OSS v2); a
 * code-21 modal reply is completed with {@code /submit/modal} in the same submit, the one documented second
 * exchange (§5.4). Fetch, batch fetch (list-by-condition), cancel, callbacks and lookup by {@code state}
 * read the task object of §3.2 through {@link TaskMapper}; errors go through {@link ErrorMapper}.
 *
 * <p>Stateless apart from its immutable settings: thread-safe. Created by {@link MjProxyProviderFactory}.
 */
public final class MjProxyProvider implements MjProvider {
    /** Page size of the Plus query used by {@link #lookup}: the newest tasks with the reference come first. */
    static final int LOOKUP_PAGE_SIZE = 10;

    private final ProviderContext context;
    private final Settings settings;
    private final Transport transport;
    private final Requests requests;
    private final ErrorMapper errors;
    private final TaskMapper tasks;

    MjProxyProvider(ProviderContext context, Settings settings) {
        this.context = context;
        this.settings = settings;
        this.transport = context.transport();
        this.requests = new Requests(context, settings);
        this.errors = new ErrorMapper(context.clock(), context.credentials().apiKey().orElse(null));
        this.tasks = new TaskMapper(settings, context.baseUri());
    }

    @Override
    public SubmitReceipt submit(SubmitRequest request) {
        Requests.SubmitPlan plan = requests.plan(request);
        HttpReply reply = transport.send(plan.call());
        if (plan.seed()) {
            return SubmitReceipt.of(seedSnapshot(reply, request.parentVendorTaskId()));
        }
        SubmitResult result = errors.submitResult(reply, plan.what(), plan.root());
        // §4: 21 is "existed" on OSS v2 and "modal pending" on Plus/trueai; the reply's markers decide, the lineage breaks ties.
        SubmitResult.Code21 fallback = settings.lineage() == Settings.Lineage.OSS ? SubmitResult.Code21.EXISTED : SubmitResult.Code21.MODAL;
        boolean modal = plan.modal().always() || result.is21() && result.code21(fallback) == SubmitResult.Code21.MODAL;
        if (!modal) {
            return SubmitReceipt.of(result.taskId());
        }
        // §5.4: the modal step names the MODAL task (not the parent); an empty prompt means the parent's.
        Optional<String> prompt = plan.modal().prompt().or(result::finalPrompt);
        HttpReply second = transport.send(requests.modal(plan, result.taskId(), prompt, request.clientReference()));
        SubmitResult confirmed = errors.submitResult(second, plan.what() + " (modal step)", false, result.taskId());
        return SubmitReceipt.of(confirmed.taskId());
    }

    @Override
    public TaskSnapshot fetch(TaskRef task) {
        if (task.kind() == ActionKind.SEED) {
            // A seed is no vendor task (§5.9): its "task" is the parent, and reading it again asks image-seed again.
            return seedSnapshot(transport.send(requests.seed(task.vendorTaskId())), task.vendorTaskId());
        }
        String what = "mjproxy fetch of task " + task.vendorTaskId();
        HttpReply reply = transport.send(requests.fetch(task.vendorTaskId()));
        if (!reply.isSuccess()) {
            throw errors.failure(reply, what, false);
        }
        // §5.9: an unknown id is 200 with an empty body (OSS v2) or 204 (trueai).
        Optional<JsonNode> body = errors.body(reply, what);
        if (body.isEmpty()) {
            InvalidRequestException e = new InvalidRequestException("mjproxy has no task " + task.vendorTaskId()
                    + " (empty reply: unknown, expired or on another server)");
            e.withHttpStatus(reply.status()).withVendorCode("not_found");
            throw e;
        }
        return tasks.map(body.get(), task.vendorTaskId(), task.kind());
    }

    @Override
    public Map<String, TaskSnapshot> fetchBatch(List<TaskRef> refs) {
        if (refs.isEmpty()) {
            return Map.of();
        }
        Map<String, ActionKind> kinds = new LinkedHashMap<>();
        // A seed "task" is its parent (see fetch): listing it would read the parent, so it is left out.
        refs.stream().filter(r -> r.kind() != ActionKind.SEED).forEach(r -> kinds.put(r.vendorTaskId(), r.kind()));
        if (kinds.isEmpty()) {
            return Map.of();
        }
        String what = "mjproxy list-by-condition of " + refs.size() + " tasks";
        HttpReply reply = transport.send(requests.listByIds(List.copyOf(kinds.keySet())));
        if (!reply.isSuccess()) {
            throw errors.failure(reply, what, false);
        }
        Map<String, TaskSnapshot> found = new HashMap<>();
        for (JsonNode item : array(reply, what, false)) {
            String id = Json.text(item, "id").orElse(null);
            // §5.9: missing ids are omitted silently and the order is not guaranteed.
            if (id != null && kinds.containsKey(id)) {
                found.put(id, tasks.map(item, id, kinds.get(id)));
            }
        }
        return found;
    }

    @Override
    public TaskSnapshot cancel(TaskRef task) {
        if (!settings.cancel()) {
            throw new UnsupportedActionException("mjproxy: this server has no cancel endpoint (mjproxy.md §5.9;"
                    + " option cancel=true if it does)");
        }
        String what = "mjproxy cancel of task " + task.vendorTaskId();
        Optional<JsonNode> body = errors.acknowledged(transport.send(requests.cancel(task.vendorTaskId())), what);
        if (body.isPresent() && body.get().has("id") && body.get().has("status")) {
            return tasks.map(body.get(), task.vendorTaskId(), task.kind());
        }
        // §5.9: Plus answers {code:1}, trueai an empty 200 (and later shows FAILURE "取消任务").
        return TaskSnapshot.builder(TaskStatus.CANCELLED).vendorTaskId(task.vendorTaskId()).build();
    }

    @Override
    public List<TaskSnapshot> parseCallback(Map<String, List<String>> headers, byte[] body) {
        // §9: the body is the full task object; there is no signature to check.
        String what = "mjproxy callback";
        JsonNode node = Json.read(body, what, errors.snippet(body)).orElseThrow(() ->
                new ProviderProtocolException(what + ": empty body"));
        if (node.isArray()) {
            List<TaskSnapshot> out = new ArrayList<>();
            node.forEach(n -> out.add(tasks.map(n, null, null)));
            return out;
        }
        return List.of(tasks.map(node, null, null));
    }

    @Override
    public Optional<TaskSnapshot> lookup(String clientReference) {
        String what = "mjproxy lookup of state '" + clientReference + "'";
        HttpReply reply = switch (settings.lookup()) {
            case QUERY -> transport.send(requests.queryByState(clientReference, LOOKUP_PAGE_SIZE));
            case LIST -> transport.send(requests.list());
            case NONE -> throw new UnsupportedActionException("mjproxy: this server offers no way to find a task by its"
                    + " state (mjproxy.md §13; option lookup=query or lookup=list if it does)");
        };
        if (!reply.isSuccess()) {
            throw errors.failure(reply, what, false);
        }
        // §13: the reference travels in 'state'; filter here too, in case a server ignores the query's filter.
        for (JsonNode item : array(reply, what, true)) {
            if (clientReference.equals(Json.text(item, "state").orElse(null))) {
                return Optional.of(tasks.map(item, null, null));
            }
        }
        return Optional.empty();
    }

    private TaskSnapshot seedSnapshot(HttpReply reply, String taskId) {
        SubmitResult r = errors.submitResult(reply, "mjproxy seed of task " + taskId, false);
        long seed;
        try {
            seed = Long.parseLong(r.taskId());
        } catch (NumberFormatException e) {
            throw new ProviderProtocolException("mjproxy seed of task " + taskId + ": 'result' is not a number: " + r.taskId(), e);
        }
        return TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId(taskId).progress(100)
                .result(TaskResult.ofSeed(seed)).build();
    }

    /** A list reply: an array, or (Plus paged query, §5.9) a page object holding one. Empty body = no tasks. */
    private List<JsonNode> array(HttpReply reply, String what, boolean page) {
        Optional<JsonNode> body = errors.body(reply, what);
        if (body.isEmpty()) {
            return List.of();
        }
        JsonNode node = body.get();
        if (page && node.isObject()) {
            // §16: the Plus page shape is undocumented; Spring Data pages use 'content', other servers 'list'/'records'.
            for (String field : List.of("content", "list", "records", "data")) {
                if (node.has(field) && node.get(field).isArray()) {
                    node = node.get(field);
                    break;
                }
            }
        }
        if (!node.isArray()) {
            throw new ProviderProtocolException(what + ": expected a list of tasks, got " + errors.snippet(reply));
        }
        List<JsonNode> out = new ArrayList<>();
        node.forEach(out::add);
        return out;
    }

    @Override
    public String toString() {
        return "MjProxyProvider[" + context.providerId() + ", baseUri=" + context.baseUri() + ", lineage="
                + settings.lineage().name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}
