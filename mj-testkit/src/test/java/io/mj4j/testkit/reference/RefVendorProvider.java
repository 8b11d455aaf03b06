package io.mj4j.testkit.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.spi.Action;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.HttpErrors;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.MjException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.TransportException;
import io.mj4j.spi.UnsupportedActionException;
import io.mj4j.spi.Image;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The reference provider: one exchange per call, one status table, errors mapped, ids from the parent. */
final class RefVendorProvider implements MjProvider {
    /** The one status table of this vendor. */
    private static final Map<String, TaskStatus> STATUS = Map.of(
            "queued", TaskStatus.QUEUED,
            "running", TaskStatus.RUNNING,
            "done", TaskStatus.SUCCEEDED,
            "failed", TaskStatus.FAILED,
            "cancelled", TaskStatus.CANCELLED);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderContext ctx;
    private final ProviderDescriptor descriptor;
    private final RefVendorProviderFactory.Quirk quirk;

    RefVendorProvider(ProviderContext ctx, ProviderDescriptor descriptor, RefVendorProviderFactory.Quirk quirk) {
        this.ctx = ctx;
        this.descriptor = descriptor;
        this.quirk = quirk;
    }

    @Override
    public SubmitReceipt submit(SubmitRequest request) {
        Action a = request.action();
        boolean allowed = quirk == RefVendorProviderFactory.Quirk.IGNORES_CAPABILITIES
                ? RefVendorProviderFactory.EXPRESSIBLE.contains(a.kind()) : descriptor.supports(a.kind());
        if (!allowed) {
            throw new UnsupportedActionException("refvendor cannot " + a.kind());
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("action", a.kind().name().toLowerCase(java.util.Locale.ROOT));
        body.put("reference", request.clientReference());
        request.callbackUri(ctx).ifPresent(u -> body.put("callback", u.toString()));
        if (a instanceof Action.Imagine im) {
            body.put("prompt", im.prompt().render());
        }
        if (a.isFollowUp()) {
            body.put("parent", request.parentVendorTaskId());
        }
        if (a instanceof Action.Upscale u) {
            body.put("index", u.index());
        } else if (a instanceof Action.Variation v) {
            body.put("index", v.index());
        }
        HttpCall call = authorized(HttpCall.post(ctx.resolve("/v1/tasks"))).jsonBody(body.toString()).build();
        HttpReply reply;
        try {
            reply = ctx.transport().send(call);
        } catch (TransportException e) {
            if (quirk != RefVendorProviderFactory.Quirk.RETRIES_ON_ITS_OWN) {
                throw e;
            }
            reply = ctx.transport().send(call); // the defect R6.1 must catch
        }
        JsonNode node = parse(reply, "submit");
        return SubmitReceipt.of(toSnapshot(node));
    }

    @Override
    public TaskSnapshot fetch(TaskRef task) {
        HttpReply reply = ctx.transport().send(authorized(HttpCall.get(ctx.resolve("/v1/tasks/" + task.vendorTaskId()))).build());
        return toSnapshot(parse(reply, "fetch"));
    }

    @Override
    public Map<String, TaskSnapshot> fetchBatch(List<TaskRef> tasks) {
        String ids = tasks.stream().map(TaskRef::vendorTaskId).collect(Collectors.joining(","));
        HttpReply reply = ctx.transport().send(authorized(HttpCall.get(ctx.resolve("/v1/tasks?ids=" + ids))).build());
        JsonNode node = parse(reply, "batch fetch");
        Map<String, TaskSnapshot> out = new LinkedHashMap<>();
        for (JsonNode t : node.path("tasks")) {
            TaskSnapshot s = toSnapshot(t);
            out.put(s.vendorTaskId().orElseThrow(), s);
        }
        return out;
    }

    @Override
    public TaskSnapshot cancel(TaskRef task) {
        HttpReply reply = ctx.transport().send(authorized(HttpCall.post(ctx.resolve("/v1/tasks/" + task.vendorTaskId() + "/cancel")))
                .jsonBody("{}").build());
        return toSnapshot(parse(reply, "cancel"));
    }

    @Override
    public List<TaskSnapshot> parseCallback(Map<String, List<String>> headers, byte[] body) {
        try {
            return List.of(toSnapshot(JSON.readTree(new String(body, StandardCharsets.UTF_8))));
        } catch (JsonProcessingException e) {
            throw new ProviderProtocolException("refvendor callback is not JSON: " + e.getOriginalMessage());
        }
    }

    private HttpCall.Builder authorized(HttpCall.Builder b) {
        return b.header("Authorization", "Bearer " + ctx.credentials().requireApiKey(ctx.providerId()));
    }

    private JsonNode parse(HttpReply reply, String what) {
        if (!reply.isSuccess()) {
            throw error(reply, what);
        }
        try {
            return JSON.readTree(reply.bodyText());
        } catch (JsonProcessingException e) {
            throw new ProviderProtocolException("refvendor " + what + " reply is not JSON: " + reply.bodySnippet(100));
        }
    }

    private MjException error(HttpReply reply, String what) {
        String code = null;
        String message = null;
        try {
            JsonNode err = JSON.readTree(reply.bodyText()).path("error");
            code = err.path("code").asText(null);
            message = err.path("message").asText(null);
        } catch (JsonProcessingException ignored) {
            // classify by HTTP status alone
        }
        if (quirk == RefVendorProviderFactory.Quirk.LEAKS_KEY) {
            message = message + " (sent key " + ctx.credentials().apiKey().orElse("") + ")"; // the defect R9 must catch
        }
        if (reply.status() == 429 && quirk == RefVendorProviderFactory.Quirk.RATE_LIMIT_AS_AUTH) {
            return new AuthenticationException("refvendor " + what + ": " + message); // the defect R5.3 must catch
        }
        if (reply.status() == 400 && "moderation".equals(code)) {
            return new ContentRejectedException("refvendor " + what + " refused the prompt: " + message).withHttpStatus(400).withVendorCode(code);
        }
        return HttpErrors.classify(reply, "refvendor " + what, message, code, ctx.clock());
    }

    private static TaskSnapshot toSnapshot(JsonNode n) {
        String id = n.path("id").asText("");
        if (id.isEmpty()) {
            throw new ProviderProtocolException("refvendor task has no id");
        }
        String word = n.path("status").asText("");
        TaskStatus status = STATUS.get(word);
        if (status == null) {
            throw new ProviderProtocolException("refvendor reported an unknown status '" + word + "' for task " + id);
        }
        TaskSnapshot.Builder b = TaskSnapshot.builder(status).vendorTaskId(id).vendorStatus(word);
        if (n.has("progress")) {
            b.progress(n.path("progress").asInt());
        }
        if (n.has("cost")) {
            b.usage(new io.mj4j.spi.Usage(n.path("cost").decimalValue(), "credits"));
        }
        if (status == TaskStatus.SUCCEEDED && n.hasNonNull("image")) {
            Image img = Image.of(n.path("image").asText());
            b.result(n.path("single").asBoolean(false) ? TaskResult.ofImage(img) : TaskResult.ofGrid(img));
        }
        for (JsonNode f : n.path("followUps")) {
            String[] parts = f.asText().split(":", 2);
            b.followUp(FollowUp.of(io.mj4j.spi.ActionKind.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT)), parts.length > 1 ? parts[1] : ""));
        }
        if (status == TaskStatus.FAILED) {
            String code = n.path("error").path("code").asText("internal");
            b.failure(new Failure("moderation".equals(code) ? FailureCategory.PROMPT_REJECTED : FailureCategory.VENDOR_ERROR,
                    n.path("error").path("message").asText(""), java.util.Optional.of(code)));
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "RefVendorProvider[" + ctx + "]";
    }
}
