package io.mj4j.provider.acedata;

import io.mj4j.provider.acedata.internal.AceDataOptions;
import io.mj4j.provider.acedata.internal.Wire;
import io.mj4j.provider.acedata.internal.ErrorMapper;
import io.mj4j.provider.acedata.internal.Requests;
import io.mj4j.provider.acedata.internal.Replies;
import io.mj4j.provider.support.ProviderJson;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AceData provider for one account: a stateless translator, one HTTP exchange per call, thread-safe. Submits
 * go to {@code /midjourney/imagine} (imagine, blend, every image follow-up), {@code /videos} (animate),
 * {@code /describe}, {@code /shorten} and {@code /seed}; tasks are read with {@code /midjourney/tasks}
 * ({@code retrieve} by id or trace_id, {@code retrieve_batch}); callbacks carry the result object
 * (acedata.md §5.3). Transport failures propagate unchanged.
 */
public final class AceDataProvider implements MjProvider {
    private final ProviderContext context;
    private final AceDataOptions options;
    private final Requests requests;
    private final ProviderJson json;

    AceDataProvider(ProviderContext context, AceDataOptions options) {
        this.context = context;
        this.options = options;
        this.requests = new Requests(context, options);
        this.json = ProviderJson.of(context.credentials().apiKey().orElse(null));
    }

    @Override
    public SubmitReceipt submit(SubmitRequest request) {
        Requests.Submit submit = requests.submit(request);
        HttpReply reply = send(submit.call());
        String body = masked(reply);
        if (!reply.isSuccess()) {
            throw ErrorMapper.toException(reply, submit.what(), body, context.clock());
        }
        Wire.Result result = json.read(body, Wire.Result.class, submit.what());
        String taskId = blankToNull(result.taskId());
        if (taskId == null) {
            if (result.error() != null || Boolean.FALSE.equals(result.success())) {
                throw ErrorMapper.toException(reply, submit.what(), body, context.clock());
            }
            if (!submit.synchronous() || isBareAcknowledgement(result)) {
                throw new ProviderProtocolException(submit.what() + ": the reply carries no task_id: " + snippet(body));
            }
            // acedata.md §6: describe, shorten and seed answer with their result and no documented task id; the
            // result is final, so the task is known by the trace_id it was sent with.
            taskId = request.clientReference();
        }
        // acedata.md §5/§11: the async acknowledgement is {"task_id"} (perhaps with trace_id/success): a queued task.
        if (!submit.synchronous() && isBareAcknowledgement(result)) {
            return SubmitReceipt.of(taskId);
        }
        return SubmitReceipt.of(Replies.ofResult(taskId, result, submit.single()));
    }

    @Override
    public TaskSnapshot fetch(TaskRef task) {
        String what = "acedata fetch of task " + task.vendorTaskId();
        HttpReply reply = send(requests.retrieve(task.vendorTaskId()));
        String body = masked(reply);
        if (!reply.isSuccess()) {
            throw ErrorMapper.toException(reply, what, body, context.clock());
        }
        Wire.Task t = json.read(body, Wire.Task.class, what);
        if (!isTask(t)) {
            throw notATask(reply, what, body);
        }
        if (t.id() != null && !t.id().isBlank() && !t.id().strip().equals(task.vendorTaskId())) {
            throw new ProviderProtocolException(what + ": the vendor answered with task " + t.id());
        }
        return Replies.ofTask(task.vendorTaskId(), t, task.kind());
    }

    /**
     * One {@code retrieve_batch} for up to 50 tasks (acedata.md §4.1). A task whose item cannot be read (an unknown
     * state word, say) is left out of the map, so the others still advance; when no item can be read the first
     * such error is thrown.
     */
    @Override
    public Map<String, TaskSnapshot> fetchBatch(List<TaskRef> tasks) {
        if (tasks.isEmpty()) {
            return Map.of();
        }
        if (tasks.size() > Requests.MAX_BATCH) {
            throw new InvalidRequestException("acedata: at most " + Requests.MAX_BATCH + " tasks per batch fetch, got " + tasks.size());
        }
        String what = "acedata batch fetch of " + tasks.size() + " tasks";
        Map<String, TaskRef> wanted = new LinkedHashMap<>();
        tasks.forEach(t -> wanted.put(t.vendorTaskId(), t));
        HttpReply reply = send(requests.retrieveBatch(List.copyOf(wanted.keySet())));
        String body = masked(reply);
        if (!reply.isSuccess()) {
            throw ErrorMapper.toException(reply, what, body, context.clock());
        }
        Wire.Batch batch = json.read(body, Wire.Batch.class, what);
        if (batch.items() == null) {
            throw notATask(reply, what, body);
        }
        Map<String, TaskSnapshot> found = new LinkedHashMap<>();
        ProviderProtocolException firstError = null;
        for (Wire.Task item : batch.itemList()) {
            String id = item == null ? null : taskId(item);
            TaskRef ref = id == null ? null : wanted.get(id);
            if (ref == null) {
                continue;
            }
            try {
                found.put(id, Replies.ofTask(id, item, ref.kind()));
            } catch (ProviderProtocolException e) {
                firstError = firstError == null ? e : firstError;
            }
        }
        if (found.isEmpty() && firstError != null) {
            throw firstError;
        }
        return found;
    }

    /**
     * Reads a callback: the result object of acedata.md §5.3 ({@code success}, {@code task_id}, ...) or, leniently,
     * a task object with a {@code response}.
     */
    @Override
    public List<TaskSnapshot> parseCallback(Map<String, List<String>> headers, byte[] body) {
        String text = mask(new String(body, StandardCharsets.UTF_8));
        String what = "acedata callback";
        Wire.Task asTask = json.read(text, Wire.Task.class, what);
        if (asTask.response() != null) {
            String id = taskId(asTask);
            if (id == null) {
                throw new ProviderProtocolException(what + " carries no task id: " + snippet(text));
            }
            return List.of(Replies.ofTask(id, asTask, null));
        }
        Wire.Result result = json.read(text, Wire.Result.class, what);
        String id = blankToNull(result.taskId());
        if (id == null) {
            throw new ProviderProtocolException(what + " carries no task_id: " + snippet(text));
        }
        return List.of(Replies.ofResult(id, result, null));
    }

    /**
     * Finds the task submitted with {@code trace_id = clientReference} (acedata.md §4.1). Empty on HTTP 404 or a
     * reply without a task (the not-found shape is undocumented); a task with another trace_id is a protocol error,
     * never "not found".
     */
    @Override
    public Optional<TaskSnapshot> lookup(String clientReference) {
        String what = "acedata lookup of trace_id " + clientReference;
        HttpReply reply = send(requests.retrieveByTrace(clientReference));
        String body = masked(reply);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        if (!reply.isSuccess()) {
            throw ErrorMapper.toException(reply, what, body, context.clock());
        }
        Wire.Task t = json.read(body, Wire.Task.class, what);
        String id = taskId(t);
        if (id == null) {
            Wire.Envelope env = ErrorMapper.envelope(body);
            if (env != null && env.code() != null) {
                throw ErrorMapper.toException(reply, what, body, context.clock());
            }
            return Optional.empty();
        }
        if (t.traceId() != null && !t.traceId().isBlank() && !t.traceId().strip().equals(clientReference)) {
            throw new ProviderProtocolException(what + ": the vendor answered with the task of trace_id " + t.traceId());
        }
        return Optional.of(Replies.ofTask(id, t, null));
    }

    private HttpReply send(HttpCall call) {
        return context.transport().send(call);
    }

    private static boolean isTask(Wire.Task t) {
        return (t.id() != null && !t.id().isBlank()) || t.response() != null || (t.state() != null && !t.state().isBlank());
    }

    private RuntimeException notATask(HttpReply reply, String what, String body) {
        Wire.Envelope env = ErrorMapper.envelope(body);
        if (env != null && env.code() != null) {
            // a 2xx carrying the error envelope of acedata.md §7
            return ErrorMapper.toException(reply, what, body, context.clock());
        }
        return new ProviderProtocolException(what + ": the reply is not an AceData task: " + snippet(body));
    }

    /** The acknowledgement of an async submit: no progress, no error and no payload (acedata.md §5.2). */
    private static boolean isBareAcknowledgement(Wire.Result r) {
        return r.progress() == null && r.error() == null && !Boolean.FALSE.equals(r.success()) && r.actionList().isEmpty()
                && blankToNull(r.imageUrl()) == null && blankToNull(r.rawImageUrl()) == null
                && (r.videoUrls() == null || r.videoUrls().isEmpty())
                && (r.descriptions() == null || r.descriptions().isEmpty())
                && (r.prompts() == null || r.prompts().isEmpty())
                && blankToNull(r.seed()) == null;
    }

    private static String taskId(Wire.Task t) {
        String id = blankToNull(t.id());
        return id != null ? id : t.response() == null ? null : blankToNull(t.response().taskId());
    }

    private String masked(HttpReply reply) {
        return mask(reply.bodyText());
    }

    /** Vendor bodies end up in messages: the key never does. */
    private String mask(String text) {
        return Redaction.redact(text, context.credentials().apiKey().orElse(null)); // raw and JSON-escaped forms
    }

    private static String snippet(String body) {
        return Replies.snippet(body);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        return "AceDataProvider[baseUri=" + context.baseUri() + ", options=" + options
                + ", callbacks=" + context.callbackUri().isPresent() + "]";
    }
}
