package io.mj4j.testkit.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Balance;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.Feature;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.HttpErrors;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.Image;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.UnsupportedActionException;
import io.mj4j.spi.Usage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    private final boolean readsNestedResult;

    RefVendorProvider(ProviderContext ctx, ProviderDescriptor descriptor) {
        this(ctx, descriptor, true);
    }

    /** @param readsNestedResult false only for the broken variant that knows one nesting of a result */
    RefVendorProvider(ProviderContext ctx, ProviderDescriptor descriptor, boolean readsNestedResult) {
        this.ctx = ctx;
        this.descriptor = descriptor;
        this.readsNestedResult = readsNestedResult;
    }

    @Override
    public SubmitReceipt submit(SubmitRequest request) {
        Action a = request.action();
        if (!descriptor.supports(a.kind())) {
            throw new UnsupportedActionException("refvendor cannot " + a.kind());
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("action", a.kind().name().toLowerCase(Locale.ROOT));
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
        HttpReply reply = ctx.transport().send(authorized(HttpCall.post(ctx.resolve("/v1/tasks"))).jsonBody(body.toString()).build());
        return SubmitReceipt.of(toSnapshot(parse(reply, "submit")));
    }

    @Override
    public TaskSnapshot fetch(TaskRef task) {
        HttpReply reply = ctx.transport().send(authorized(HttpCall.get(ctx.resolve("/v1/tasks/" + task.vendorTaskId()))).build());
        return toSnapshot(parse(reply, "fetch"));
    }

    @Override
    public Map<String, TaskSnapshot> fetchBatch(List<TaskRef> tasks) {
        require(Feature.BATCH_FETCH);
        String ids = tasks.stream().map(TaskRef::vendorTaskId).collect(Collectors.joining(","));
        return list(ctx.transport().send(authorized(HttpCall.get(ctx.resolve("/v1/tasks?ids=" + ids))).build()), "batch fetch");
    }

    @Override
    public TaskSnapshot cancel(TaskRef task) {
        require(Feature.CANCEL);
        HttpReply reply = ctx.transport().send(authorized(HttpCall.post(ctx.resolve("/v1/tasks/" + task.vendorTaskId() + "/cancel")))
                .jsonBody("{}").build());
        return toSnapshot(parse(reply, "cancel"));
    }

    @Override
    public List<TaskSnapshot> parseCallback(Map<String, List<String>> headers, byte[] body) {
        require(Feature.CALLBACKS);
        try {
            return List.of(toSnapshot(JSON.readTree(new String(body, StandardCharsets.UTF_8))));
        } catch (JsonProcessingException e) {
            throw new ProviderProtocolException("refvendor callback is not JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public Balance balance() {
        require(Feature.BALANCE);
        JsonNode n = parse(ctx.transport().send(authorized(HttpCall.get(ctx.resolve("/v1/account"))).build()), "balance");
        if (!n.path("balance").isNumber() || n.path("unit").asText("").isBlank()) {
            throw new ProviderProtocolException("refvendor balance reply has no number 'balance' and 'unit'");
        }
        return new Balance(n.path("balance").decimalValue(), n.path("unit").asText());
    }

    @Override
    public Optional<TaskSnapshot> lookup(String clientReference) {
        require(Feature.LOOKUP_BY_REFERENCE);
        String ref = URLEncoder.encode(clientReference, StandardCharsets.UTF_8);
        HttpReply reply = ctx.transport().send(authorized(HttpCall.get(ctx.resolve("/v1/tasks?reference=" + ref))).build());
        return list(reply, "lookup").values().stream().findFirst();
    }

    private void require(Feature feature) {
        if (!descriptor.has(feature)) {
            throw new UnsupportedActionException("refvendor (" + descriptor.id() + ") does not declare " + feature);
        }
    }

    private Map<String, TaskSnapshot> list(HttpReply reply, String what) {
        Map<String, TaskSnapshot> out = new LinkedHashMap<>();
        for (JsonNode t : parse(reply, what).path("tasks")) {
            TaskSnapshot s = toSnapshot(t);
            out.put(s.vendorTaskId().orElseThrow(), s);
        }
        return out;
    }

    private HttpCall.Builder authorized(HttpCall.Builder b) {
        return b.header("Authorization", "Bearer " + ctx.credentials().requireApiKey(ctx.providerId()));
    }

    /** The reply's JSON, or the mapped error: a non-2xx status, or the error envelope inside a 200. */
    private JsonNode parse(HttpReply reply, String what) {
        if (!reply.isSuccess()) {
            throw error(reply, what);
        }
        JsonNode node;
        try {
            node = JSON.readTree(reply.bodyText());
        } catch (JsonProcessingException e) {
            throw new ProviderProtocolException("refvendor " + what + " reply is not JSON: " + reply.bodySnippet(100));
        }
        if (node == null || node.isMissingNode() || !node.isObject()) {
            throw new ProviderProtocolException("refvendor " + what + " reply is not a JSON object: " + reply.bodySnippet(100));
        }
        if (node.has("error") && !node.has("id")) {
            throw errorInOk(node.path("error"), what);
        }
        return node;
    }

    /** The vendor's error envelope inside an HTTP 200: refusals by their code, anything else may have created the task. */
    private static MjException errorInOk(JsonNode err, String what) {
        String code = err.path("code").asText("");
        String message = "refvendor " + what + " failed inside an HTTP 200: " + code + ": " + err.path("message").asText("");
        MjException e = switch (code) {
            case "moderation" -> new ContentRejectedException(message);
            case "bad_request" -> new InvalidRequestException(message);
            default -> new ProviderUnavailableException(message, true);
        };
        return e.withHttpStatus(200).withVendorCode(code);
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
        if (reply.status() == 400 && "moderation".equals(code)) {
            return new ContentRejectedException("refvendor " + what + " refused the prompt: " + message).withHttpStatus(400).withVendorCode(code);
        }
        return HttpErrors.classify(reply, "refvendor " + what, message, code, ctx.clock());
    }

    private TaskSnapshot toSnapshot(JsonNode n) {
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
            b.usage(new Usage(n.path("cost").decimalValue(), "credits"));
        }
        if (status == TaskStatus.SUCCEEDED) {
            imageUrl(n).ifPresent(url -> {
                Image img = Image.of(url);
                b.result(n.path("single").asBoolean(false) ? TaskResult.ofImage(img) : TaskResult.ofGrid(img));
            });
        }
        for (JsonNode f : n.path("followUps")) {
            String[] parts = f.asText().split(":", 2);
            b.followUp(FollowUp.of(ActionKind.valueOf(parts[0].toUpperCase(Locale.ROOT)), parts.length > 1 ? parts[1] : ""));
        }
        if (status == TaskStatus.FAILED) {
            String code = n.path("error").path("code").asText("internal");
            b.failure(new Failure("moderation".equals(code) ? FailureCategory.PROMPT_REJECTED : FailureCategory.VENDOR_ERROR,
                    n.path("error").path("message").asText(""), Optional.of(code)));
        }
        return b.build();
    }

    /** The result image: {@code "image"}, or (the vendor's newer nesting) {@code "result":{"images":[{"url"}]}}. */
    private Optional<String> imageUrl(JsonNode n) {
        if (n.hasNonNull("image")) {
            return Optional.of(n.path("image").asText());
        }
        JsonNode nested = n.path("result").path("images").path(0).path("url");
        return readsNestedResult && nested.isTextual() ? Optional.of(nested.asText()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "RefVendorProvider[" + ctx + "]";
    }
}
