package com.example.mj4j.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.provider.support.ErrorStatus;
import io.mj4j.provider.support.JsonFields;
import io.mj4j.provider.support.ProviderJson;
import io.mj4j.spi.Action;
import io.mj4j.spi.Balance;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.Image;
import io.mj4j.spi.MjException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.Moderation;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.UnsupportedActionException;

import java.util.Map;

/**
 * Acme's API translated to mj4j's vocabulary. A provider is a stateless translator: one HTTP exchange per
 * call through the context's transport, no retries, loops, sleeps or threads (the engine does those), and
 * every failure mapped to the typed exception that tells the engine whether the vendor may have created a
 * task. Thread-safe (immutable).
 *
 * <pre>
 * POST /v2/jobs               {"prompt":"..","ref":"<client reference>"}  -> {"job":{"id":"..","state":"waiting"}}
 * POST /v2/jobs/{id}/upscale  {"index":1..4,"ref":".."}                   -> {"job":{..}}
 * GET  /v2/jobs/{id}          -> {"job":{"id","state":"waiting|working|finished|failed","percent":0..100,
 *                                        "grid":"url" | "image":"url","reason":"..","message":".."}}
 * GET  /v2/account            -> {"credits":12.5}
 * errors: an HTTP status with {"message":"..","reason":"moderation|.."}; 429 carries Retry-After
 * auth: Authorization: Bearer KEY
 * </pre>
 */
final class AcmeProvider implements MjProvider {
    /** Acme's states; anything else is a protocol error naming the word (never a guess that could end a task). */
    private static final Map<String, TaskStatus> STATES = Map.of(
            "waiting", TaskStatus.QUEUED,
            "working", TaskStatus.RUNNING,
            "finished", TaskStatus.SUCCEEDED,
            "failed", TaskStatus.FAILED);

    private final ProviderContext ctx;
    /** Every parse goes through here: a bad body becomes a ProviderProtocolException quoting it with the key hidden. */
    private final ProviderJson json;

    AcmeProvider(ProviderContext ctx) {
        this.ctx = ctx;
        this.json = ProviderJson.of(ctx.credentials().apiKey().orElse(null));
    }

    @Override
    public SubmitReceipt submit(SubmitRequest request) {
        ObjectNode body = json.object().put("ref", request.clientReference());
        String path;
        if (request.action() instanceof Action.Imagine imagine) {
            path = "/v2/jobs";
            body.put("prompt", imagine.prompt().render());
        } else if (request.action() instanceof Action.Upscale upscale) {
            path = "/v2/jobs/" + request.parentVendorTaskId() + "/upscale";
            body.put("index", upscale.index());
        } else {
            throw new UnsupportedActionException("acme cannot " + request.action().kind());
        }
        HttpReply reply = ctx.transport().send(authorized(HttpCall.post(ctx.resolve(path))).jsonBody(json.write(body)).build());
        return SubmitReceipt.of(snapshot(read(reply, "acme submit").path("job")));
    }

    @Override
    public TaskSnapshot fetch(TaskRef task) {
        HttpReply reply = ctx.transport().send(authorized(HttpCall.get(ctx.resolve("/v2/jobs/" + task.vendorTaskId()))).build());
        return snapshot(read(reply, "acme fetch").path("job"));
    }

    @Override
    public Balance balance() {
        JsonNode credits = read(ctx.transport().send(authorized(HttpCall.get(ctx.resolve("/v2/account"))).build()), "acme balance")
                .path("credits");
        if (!credits.isNumber()) {
            throw new ProviderProtocolException("acme balance reply has no number 'credits'");
        }
        return new Balance(credits.decimalValue(), "credits");
    }

    private HttpCall.Builder authorized(HttpCall.Builder call) {
        return call.header("Authorization", "Bearer " + ctx.credentials().requireApiKey(ctx.providerId()));
    }

    /** The JSON object of a 2xx reply, or the typed exception of an error reply. */
    private JsonNode read(HttpReply reply, String what) {
        if (!reply.isSuccess()) {
            throw error(reply, what);
        }
        // For a submit, the ProviderProtocolException of an unreadable body says "may have created a task": the
        // vendor answered 200, we just cannot read it.
        return json.readObject(reply, what);
    }

    /** Acme's own refusal words first (a moderation refusal is a 400), then the common status mapping. */
    private MjException error(HttpReply reply, String what) {
        // a body that is not JSON (a gateway page) is classified by the HTTP status alone
        JsonNode node = json.tryReadObject(reply.bodyText()).orElse(null);
        String message = JsonFields.text(node, "message").orElse(null);
        String reason = JsonFields.text(node, "reason").orElse(null);
        if (reply.status() == 400 && ("moderation".equals(reason) || Moderation.soundsLikeRejection(message))) {
            return new ContentRejectedException(what + " refused the prompt: " + message).withHttpStatus(400);
        }
        return ErrorStatus.classify(reply, reply.status(), what, message, reason, ctx.clock(), json.redaction());
    }

    private static TaskSnapshot snapshot(JsonNode job) {
        String id = job.path("id").asText("");
        if (id.isEmpty()) {
            throw new ProviderProtocolException("acme: the reply carries no job id");
        }
        String state = job.path("state").asText("");
        TaskStatus status = STATES.get(state);
        if (status == null) {
            throw new ProviderProtocolException("acme: unknown job state '" + state + "' for job " + id);
        }
        TaskSnapshot.Builder b = TaskSnapshot.builder(status).vendorTaskId(id).vendorStatus(state);
        if (job.has("percent")) {
            b.progress(job.path("percent").asInt());
        }
        if (status == TaskStatus.SUCCEEDED) {
            if (job.hasNonNull("grid")) {
                b.result(TaskResult.ofGrid(Image.of(job.path("grid").asText())));
                for (int i = 1; i <= 4; i++) {
                    b.followUp(FollowUp.upscale(i));
                }
            } else if (job.hasNonNull("image")) {
                b.result(TaskResult.ofImage(Image.of(job.path("image").asText())));
            } else {
                throw new ProviderProtocolException("acme: finished job " + id + " has neither 'grid' nor 'image'");
            }
        }
        if (status == TaskStatus.FAILED) {
            String message = job.path("message").asText("");
            boolean moderated = "moderation".equals(job.path("reason").asText()) || Moderation.soundsLikeRejection(message);
            b.failure(Failure.of(moderated ? FailureCategory.PROMPT_REJECTED : FailureCategory.VENDOR_ERROR, message));
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "AcmeProvider[" + ctx + "]";
    }
}
