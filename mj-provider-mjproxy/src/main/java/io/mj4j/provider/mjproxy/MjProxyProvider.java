package io.mj4j.provider.mjproxy;

import io.mj4j.provider.support.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.provider.mjproxy.internal.Capabilities;
import io.mj4j.provider.mjproxy.internal.ErrorMapper;
import io.mj4j.provider.mjproxy.internal.LineageDetector;
import io.mj4j.provider.mjproxy.internal.Requests;
import io.mj4j.provider.mjproxy.internal.MjProxyOptions;
import io.mj4j.provider.mjproxy.internal.SubmitResult;
import io.mj4j.provider.mjproxy.internal.Replies;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.Action;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.TaskNotFoundException;
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
import java.util.Set;

/**
 * The midjourney-proxy protocol (mjproxy.md) for one server and key. Submits go to {@code /submit/*}, with
 * the client reference in {@code state} and the callback URI in {@code notifyHook}; follow-ups click the
 * parent's button customIds through {@code /submit/action} (or use {@code /submit/change} on OSS v2); a
 * code-21 modal reply is completed with {@code /submit/modal} in the same submit, the one documented second
 * exchange (§5.4). Fetch, batch fetch (list-by-condition), cancel, callbacks and lookup by {@code state}
 * read the task object of §3.2 through {@link Replies}; errors go through {@link ErrorMapper} and name the
 * method and path that were sent.
 *
 * <p>Without a {@code lineage} option the instance learns its server family from the answers
 * ({@link LineageDetector}): when a Plus-only endpoint proves absent, the call that found out is sent once more on
 * the OSS v2 route where one exists (a 404 without a vendor envelope created nothing), which is the only other
 * second exchange; from then on the OSS routes are used and what OSS lacks is refused before any request.
 *
 * <p>Thread-safe: the only mutable state is the detector's immutable routes, swapped atomically. Created by
 * {@link MjProxyProviderFactory}.
 */
public final class MjProxyProvider implements MjProvider {
    /** Page size of the Plus query used by {@link #lookup}: the newest tasks with the reference come first. */
    static final int LOOKUP_PAGE_SIZE = 10;

    private final ProviderContext context;
    private final Transport transport;
    private final ErrorMapper errors;
    private final LineageDetector lineage;

    MjProxyProvider(ProviderContext context) {
        this.context = context;
        this.transport = context.transport();
        this.errors = new ErrorMapper(context.clock(), context.credentials().apiKey().orElse(null));
        this.lineage = new LineageDetector(context);
    }

    /** What this instance can do on its server, by its options and what it learned (see {@link Capabilities}). */
    @Override
    public ProviderDescriptor capabilities(ProviderDescriptor declared) {
        return Capabilities.of(declared, lineage.current().settings(), lineage.absentEndpoints());
    }

    /** The server family in use and how it was chosen, e.g. "oss (detected: HTTP 404 on POST /mj/submit/action)". */
    public String lineage() {
        return lineage.describe();
    }

    @Override
    public SubmitReceipt submit(SubmitRequest request) {
        LineageDetector.Wiring w = lineage.current();
        refuseAbsent(request.action());
        Requests.SubmitPlan plan = w.requests().plan(request);
        HttpReply reply = transport.send(plan.call());
        if (errors.endpointMissing(reply)) {
            boolean rerouted = lineage.endpointMissing(plan.endpoint(), Requests.sent(plan.call()), w.requests().repeatsBasePath());
            if (!rerouted || !plan.endpoint().equals(LineageDetector.ACTION)) {
                throw noEndpoint(reply, plan.what(), plan.call(), plan.endpoint(), w);
            }
            // The server has no /submit/action, so it is OSS v2 (§0): the 404 created nothing; send the follow-up
            // once more on /submit/change (an action /change cannot express is refused here, before the request).
            w = lineage.current();
            plan = w.requests().plan(request);
            reply = transport.send(plan.call());
            if (errors.endpointMissing(reply)) {
                throw noEndpoint(reply, plan.what(), plan.call(), plan.endpoint(), w);
            }
        } else if (errors.envelope(reply)) {
            lineage.endpointPresent(plan.endpoint(), Requests.sent(plan.call()));
        }
        String what = label(plan.what(), plan.call());
        if (plan.seed()) {
            return SubmitReceipt.of(seedSnapshot(reply, what, request.parentVendorTaskId()));
        }
        SubmitResult result = errors.submitResult(reply, what, plan.root());
        // §4: 21 is "existed" on OSS v2 and "modal pending" on Plus/trueai; the reply's markers decide, the lineage breaks ties.
        SubmitResult.Code21 fallback = w.settings().lineage() == MjProxyOptions.Lineage.OSS ? SubmitResult.Code21.EXISTED : SubmitResult.Code21.MODAL;
        boolean is21Existed = result.is21() && result.code21(fallback) == SubmitResult.Code21.EXISTED;
        boolean modal = plan.modal().always() || result.is21() && !is21Existed;
        if (is21Existed) {
            return existed(result, w, request);
        }
        if (!modal) {
            return SubmitReceipt.of(result.taskId());
        }
        // §5.4: the modal step names the MODAL task (not the parent); an empty prompt means the parent's.
        Optional<String> prompt = plan.modal().prompt().or(result::finalPrompt);
        HttpCall modalCall = w.requests().modal(plan, result.taskId(), prompt, request.clientReference());
        HttpReply second = transport.send(modalCall);
        if (errors.endpointMissing(second)) {
            lineage.endpointMissing(LineageDetector.MODAL, Requests.sent(modalCall), w.requests().repeatsBasePath());
            throw noEndpoint(second, plan.what() + " (modal step)", modalCall, LineageDetector.MODAL, w);
        }
        SubmitResult confirmed = errors.submitResult(second, label(plan.what() + " (modal step)", modalCall), false, result.taskId());
        return SubmitReceipt.of(confirmed.taskId());
    }

    /**
     * §4 code 21 on OSS v2: the task already exists and {@code properties.status}/{@code imageUrl} hold its state;
     * the receipt carries it as the first snapshot, so a finished result is not dropped.
     */
    private SubmitReceipt existed(SubmitResult result, LineageDetector.Wiring w, SubmitRequest request) {
        com.fasterxml.jackson.databind.node.ObjectNode task = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        task.put("id", result.taskId());
        JsonFields.text(result.properties(), "status").ifPresent(v -> task.put("status", v));
        JsonFields.text(result.properties(), "imageUrl").ifPresent(v -> task.put("imageUrl", v));
        if (!task.has("status")) {
            return SubmitReceipt.of(result.taskId());
        }
        if ("SUCCESS".equalsIgnoreCase(task.get("status").asText())) {
            task.put("progress", "100%");
        }
        return SubmitReceipt.of(w.tasks().map(task, result.taskId(), request.action().kind()));
    }

    /** Features whose endpoint this server proved to lack are refused before any request. */
    private void refuseAbsent(Action action) {
        String endpoint = switch (action.kind()) {
            case SHORTEN -> LineageDetector.SHORTEN;
            case SEED -> LineageDetector.SEED;
            default -> null;
        };
        if (endpoint != null && lineage.absent(endpoint)) {
            throw new UnsupportedActionException("mjproxy cannot send " + action.kind() + ": this server has no "
                    + endpoint + " (it answered 404 earlier; lineage " + lineage.describe() + ", mjproxy.md §0)");
        }
    }

    @Override
    public TaskSnapshot fetch(TaskRef task) {
        LineageDetector.Wiring w = lineage.current();
        if (task.kind() == ActionKind.SEED) {
            // A seed is no vendor task (§5.9): its "task" is the parent, and reading it again asks image-seed again.
            HttpCall call = w.requests().seed(task.vendorTaskId());
            HttpReply reply = transport.send(call);
            if (errors.endpointMissing(reply)) {
                lineage.endpointMissing(LineageDetector.SEED, Requests.sent(call), w.requests().repeatsBasePath());
                throw noEndpoint(reply, "mjproxy seed of task " + task.vendorTaskId(), call, LineageDetector.SEED, w);
            }
            return seedSnapshot(reply, label("mjproxy seed of task " + task.vendorTaskId(), call), task.vendorTaskId());
        }
        HttpCall call = w.requests().fetch(task.vendorTaskId());
        String what = label("mjproxy fetch of task " + task.vendorTaskId(), call);
        HttpReply reply = transport.send(call);
        if (!reply.isSuccess()) {
            if (errors.saysTaskMissing(reply)) {
                // §5.9/§10: new-api answers an unknown id with HTTP 400 code 4 "task_no_found"; trueai 404 + code 3.
                throw notFound(task, call, reply, errors.vendorText(reply));
            }
            if (errors.endpointMissing(reply)) {
                throw noEndpoint(reply, "mjproxy fetch of task " + task.vendorTaskId(), call, "/task/{id}/fetch", w);
            }
            throw errors.failure(reply, what, false);
        }
        // §5.9: an unknown id is 200 with an empty body (OSS v2) or 204 (trueai).
        Optional<JsonNode> body = errors.body(reply, what);
        if (body.isEmpty()) {
            throw notFound(task, call, reply, "an empty reply (HTTP " + reply.status() + ")");
        }
        lineage.observeTask(body.get());
        return lineage.current().tasks().map(body.get(), task.vendorTaskId(), task.kind());
    }

    private static TaskNotFoundException notFound(TaskRef task, HttpCall call, HttpReply reply, String answer) {
        TaskNotFoundException e = new TaskNotFoundException("mjproxy has no task " + task.vendorTaskId() + " ("
                + Requests.sent(call) + "): the server answered " + answer + " (unknown, expired, on another server, or lost when the server restarted)");
        e.withHttpStatus(reply.status()).withVendorCode("not_found");
        return e;
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
        LineageDetector.Wiring w = lineage.current();
        HttpCall call = w.requests().listByIds(List.copyOf(kinds.keySet()));
        String what = label("mjproxy list-by-condition of " + refs.size() + " tasks", call);
        HttpReply reply = transport.send(call);
        if (!reply.isSuccess()) {
            if (errors.endpointMissing(reply)) {
                throw noEndpoint(reply, "mjproxy list-by-condition of " + refs.size() + " tasks", call, "/task/list-by-condition", w);
            }
            throw errors.failure(reply, what, false);
        }
        Map<String, TaskSnapshot> found = new HashMap<>();
        for (JsonNode item : array(reply, what, false)) {
            String id = JsonFields.text(item, "id").orElse(null);
            // §5.9: missing ids are omitted silently and the order is not guaranteed.
            if (id != null && kinds.containsKey(id)) {
                lineage.observeTask(item);
                found.put(id, lineage.current().tasks().map(item, id, kinds.get(id)));
            }
        }
        return found;
    }

    @Override
    public TaskSnapshot cancel(TaskRef task) {
        LineageDetector.Wiring w = lineage.current();
        if (!w.settings().cancel() || lineage.absent(LineageDetector.CANCEL)) {
            throw new UnsupportedActionException("mjproxy: this server has no cancel endpoint (mjproxy.md §5.9; lineage "
                    + lineage.describe() + "; option cancel=true if it does)");
        }
        HttpCall call = w.requests().cancel(task.vendorTaskId());
        HttpReply reply = transport.send(call);
        if (errors.endpointMissing(reply)) {
            lineage.endpointMissing(LineageDetector.CANCEL, Requests.sent(call), w.requests().repeatsBasePath());
            throw noEndpoint(reply, "mjproxy cancel of task " + task.vendorTaskId(), call, LineageDetector.CANCEL, w);
        }
        Optional<JsonNode> body = errors.acknowledged(reply, label("mjproxy cancel of task " + task.vendorTaskId(), call));
        if (body.isPresent() && body.get().has("id") && body.get().has("status")) {
            return lineage.current().tasks().map(body.get(), task.vendorTaskId(), task.kind());
        }
        // §5.9: Plus answers {code:1}, trueai an empty 200 (and later shows FAILURE "取消任务").
        return TaskSnapshot.builder(TaskStatus.CANCELLED).vendorTaskId(task.vendorTaskId()).build();
    }

    @Override
    public List<TaskSnapshot> parseCallback(Map<String, List<String>> headers, byte[] body) {
        // §9: the body is the full task object; there is no signature to check.
        String what = "mjproxy callback";
        JsonNode node = errors.body(body, what).orElseThrow(() ->
                new ProviderProtocolException(what + ": empty body"));
        if (node.isArray()) {
            List<TaskSnapshot> out = new ArrayList<>();
            node.forEach(n -> {
                lineage.observeTask(n);
                out.add(lineage.current().tasks().map(n, null, null));
            });
            return out;
        }
        lineage.observeTask(node);
        return List.of(lineage.current().tasks().map(node, null, null));
    }

    @Override
    public Optional<TaskSnapshot> lookup(String clientReference) {
        LineageDetector.Wiring w = lineage.current();
        HttpCall call = lookupCall(w, clientReference);
        HttpReply reply = transport.send(call);
        if (errors.endpointMissing(reply) && w.settings().lookup() == MjProxyOptions.LookupMode.QUERY) {
            // §5.9: /task/query is Plus only; OSS v2 and trueai list recent tasks instead (remembered for next time).
            if (lineage.endpointMissing(LineageDetector.QUERY, Requests.sent(call), w.requests().repeatsBasePath())) {
                w = lineage.current();
                call = lookupCall(w, clientReference);
                reply = transport.send(call);
            }
        }
        String what = label("mjproxy lookup of state '" + clientReference + "'", call);
        if (!reply.isSuccess()) {
            if (errors.endpointMissing(reply)) {
                throw noEndpoint(reply, "mjproxy lookup of state '" + clientReference + "'", call, LineageDetector.QUERY, w);
            }
            throw errors.failure(reply, what, false);
        }
        // §13: the reference travels in 'state'; filter here too, in case a server ignores the query's filter.
        for (JsonNode item : array(reply, what, true)) {
            if (clientReference.equals(JsonFields.text(item, "state").orElse(null))) {
                lineage.observeTask(item);
                return Optional.of(lineage.current().tasks().map(item, null, null));
            }
        }
        return Optional.empty();
    }

    private HttpCall lookupCall(LineageDetector.Wiring w, String clientReference) {
        return switch (w.settings().lookup()) {
            case QUERY -> w.requests().queryByState(clientReference, LOOKUP_PAGE_SIZE);
            case LIST -> w.requests().list();
            case NONE -> throw new UnsupportedActionException("mjproxy: this server offers no way to find a task by its"
                    + " state (mjproxy.md §13; option lookup=query or lookup=list if it does)");
        };
    }

    private TaskSnapshot seedSnapshot(HttpReply reply, String what, String taskId) {
        SubmitResult r = errors.submitResult(reply, what, false);
        long seed;
        try {
            seed = Long.parseLong(r.taskId());
        } catch (NumberFormatException e) {
            throw new ProviderProtocolException(what + ": 'result' is not a number: " + r.taskId(), e);
        }
        return TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId(taskId).progress(100)
                .result(TaskResult.ofSeed(seed)).build();
    }

    /**
     * The error for an endpoint that answered 404/405 without a vendor envelope: names the method and path, and
     * says which setting to change (the base URL or path prefix when the path repeats the base path or a root
     * endpoint is missing; the lineage when a lineage-specific endpoint is missing).
     */
    private MjException noEndpoint(HttpReply reply, String what, HttpCall call, String endpoint, LineageDetector.Wiring w) {
        MjProxyOptions s = w.settings();
        String sent = Requests.sent(call);
        String prefix = s.pathPrefix().isEmpty() ? "" : s.pathPrefix();
        StringBuilder m = new StringBuilder(what).append(": the server has no ").append(sent).append(" (HTTP ")
                .append(reply.status()).append(", ").append(errors.vendorText(reply)).append(")");
        boolean lineageSpecific = Set.of(LineageDetector.ACTION, LineageDetector.MODAL, LineageDetector.SHORTEN,
                LineageDetector.QUERY, LineageDetector.CANCEL, LineageDetector.SEED, "/submit/change").contains(endpoint);
        if (w.requests().repeatsBasePath()) {
            m.append(". The path repeats '").append(prefix).append("': the base URL ").append(context.baseUri())
                    .append(" already ends with it; drop it from the base URL (MJ_MJPROXY_BASE_URL) or set option ")
                    .append(MjProxyOptions.PATH_PREFIX).append(" to empty (MJ_MJPROXY_OPT_PATH_PREFIX=)");
        } else if (lineageSpecific) {
            m.append(". This endpoint belongs to another server family than the one in use (lineage ").append(lineage.describe())
                    .append("; OSS v2 has no /submit/action, /submit/modal, /submit/shorten, /task/query, cancel or image-seed,"
                            + " trueai v10 no /submit/change: mjproxy.md §0). Set option ").append(MjProxyOptions.LINEAGE)
                    .append(" (MJ_MJPROXY_OPT_LINEAGE) to oss, plus, trueai or newapi, or to auto to let the provider detect it");
        } else {
            m.append(". Check the base URL (MJ_MJPROXY_BASE_URL=").append(context.baseUri()).append(") and option ")
                    .append(MjProxyOptions.PATH_PREFIX).append(" (now '").append(prefix)
                    .append("'): the API is usually under /mj (mjproxy.md §1)");
        }
        MjException e = lineageSpecific && !w.requests().repeatsBasePath()
                ? new UnsupportedActionException(m.toString()) : new InvalidRequestException(m.toString());
        e.withHttpStatus(reply.status());
        return e;
    }

    /** "mjproxy imagine submit (POST /mj/submit/imagine)": a label naming what was sent. */
    private static String label(String what, HttpCall call) {
        return what + " (" + Requests.sent(call) + ")";
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
        return "MjProxyProvider[" + context.providerId() + ", baseUri=" + context.baseUri() + ", lineage=" + lineage.describe() + "]";
    }
}
