package io.mj4j.provider.acedata;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.mj4j.spi.Action;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.VendorStubs;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.mj4j.provider.acedata.Fixtures.fixture;

/**
 * AceData's Midjourney API as WireMock stubs, in its wire format (shared/vendors/acedata.md): every call is a
 * {@code POST} with a JSON body and {@code Authorization: Bearer <token>}; submits must ask for async mode;
 * tasks are read with {@code POST /midjourney/tasks {"action":"retrieve","id":...}}; errors use the
 * {@code {"error":{"code","message"},"trace_id"}} envelope.
 */
final class AceDataStubs implements VendorStubs {
    static final String AUTH = "Bearer " + ProviderConformanceKit.API_KEY;

    /** A POST to {@code path} carrying the kit's key. */
    static MappingBuilder authorized(String path) {
        return post(urlPathEqualTo(path)).withHeader("Authorization", equalTo(AUTH));
    }

    /** A task-creating POST: async mode (callback_url or async: true) and the client reference as trace_id. */
    static MappingBuilder asyncSubmit(String path) {
        return authorized(path)
                .withRequestBody(matchingJsonPath("$.callback_url").or(matchingJsonPath("$.async", equalTo("true"))))
                .withRequestBody(matchingJsonPath("$.trace_id"));
    }

    static MappingBuilder imagineSubmit() {
        return asyncSubmit("/midjourney/imagine")
                .withRequestBody(matchingJsonPath("$.action", equalTo("generate")))
                .withRequestBody(matchingJsonPath("$.prompt", equalTo(ProviderConformanceKit.IMAGINE_PROMPT)));
    }

    static MappingBuilder retrieve(String vendorTaskId) {
        return authorized("/midjourney/tasks")
                .withRequestBody(matchingJsonPath("$.action", equalTo("retrieve")))
                .withRequestBody(matchingJsonPath("$.id", equalTo(vendorTaskId)));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public void submitAccepted(WireMock wm, String vendorTaskId) {
        wm.register(imagineSubmit().willReturn(json(200, fixture("submit-accepted.json", "TASK_ID", vendorTaskId))));
    }

    @Override
    public void submitUnauthorized(WireMock wm) {
        wm.register(post(urlPathEqualTo("/midjourney/imagine")).willReturn(json(401, fixture("error-invalid-token.json"))));
    }

    @Override
    public void submitRateLimited(WireMock wm, String retryAfterHeader) {
        // No Retry-After: see retryAfterOnRateLimit().
        wm.register(imagineSubmit().willReturn(json(429, fixture("error-too-many-requests.json"))));
    }

    @Override
    public RetryAfter retryAfterOnRateLimit() {
        return RetryAfter.none("vendors/acedata.md §7/§8: 429 too_many_requests, no Retry-After documented");
    }

    @Override
    public void submitServerError(WireMock wm) {
        wm.register(imagineSubmit().willReturn(json(500, fixture("error-api-error.json"))));
    }

    /** acedata.md §7/§11: the code is "used_up"; its HTTP status is undocumented (403 chosen here). */
    @Override
    public void submitInsufficientBalance(WireMock wm) {
        wm.register(imagineSubmit().willReturn(json(403, fixture("error-used-up.json"))));
    }

    @Override
    public void submitInvalidRequest(WireMock wm) {
        wm.register(imagineSubmit().willReturn(json(400, fixture("error-bad-request.json"))));
    }

    @Override
    public void submitContentRejected(WireMock wm) {
        wm.register(imagineSubmit().willReturn(json(403, fixture("error-forbidden.json"))));
    }

    /** acedata.md §7: the error envelope with {@code success: false} inside an HTTP 200; api_error is upstream trouble. */
    @Override
    public void submitErrorInOkBody(WireMock wm) {
        wm.register(imagineSubmit().willReturn(json(200, fixture("error-api-error.json"))));
    }

    /** acedata.md §7: the envelope comes with a real status and, in some guides, with {@code success: false} in a 200. */
    @Override
    public List<Variant> variants(Scenario scenario, String vendorTaskId) {
        return switch (scenario) {
            case SUBMIT_CONTENT_REJECTED -> List.of(Variant.of("inside an HTTP 200", w -> w.register(imagineSubmit()
                    .willReturn(json(200, "{\"success\":false," + fixture("error-forbidden.json").strip().substring(1))))));
            case SUBMIT_INVALID_REQUEST -> List.of(Variant.of("inside an HTTP 200", w -> w.register(imagineSubmit()
                    .willReturn(json(200, "{\"success\":false," + fixture("error-bad-request.json").strip().substring(1))))));
            case SUBMIT_SERVER_ERROR -> List.of(Variant.of("504 timeout", w -> w.register(imagineSubmit().willReturn(json(504,
                    "{\"error\":{\"code\":\"timeout\",\"message\":\"generation did not finish in time\"},\"trace_id\":\"t-1\"}")))));
            default -> List.of();
        };
    }

    /** acedata.md §4.1/§4.2: {@code retrieve_batch} with every id, answered {@code {"items":[..],"count":n}}; unknown ids are absent. */
    @Override
    public void batchFetched(WireMock wm, List<String> runningIds, List<String> unknownIds) {
        MappingBuilder m = authorized("/midjourney/tasks").withRequestBody(matchingJsonPath("$.action", equalTo("retrieve_batch")))
                .withRequestBody(matchingJsonPath("$.ids.length()", equalTo(String.valueOf(runningIds.size() + unknownIds.size()))));
        for (String id : runningIds) {
            m = m.withRequestBody(matchingJsonPath("$.ids[?(@ == '" + id + "')]"));
        }
        for (String id : unknownIds) {
            m = m.withRequestBody(matchingJsonPath("$.ids[?(@ == '" + id + "')]"));
        }
        String items = runningIds.stream().map(id -> fixture("task-running.json", "TASK_ID", id, "PERCENT", "30"))
                .collect(Collectors.joining(","));
        wm.register(m.willReturn(json(200, "{\"items\":[" + items + "],\"count\":" + runningIds.size() + "}")));
    }

    /** acedata.md §4.1: {@code retrieve} by {@code trace_id}. */
    @Override
    public void lookupFound(WireMock wm, String clientReference, String vendorTaskId) {
        wm.register(authorized("/midjourney/tasks").withRequestBody(matchingJsonPath("$.action", equalTo("retrieve")))
                .withRequestBody(matchingJsonPath("$.trace_id", equalTo(clientReference)))
                .willReturn(json(200, fixture("task-running.json", "TASK_ID", vendorTaskId, "PERCENT", "5"))));
    }

    /** The not-found shape is undocumented (acedata.md §11); the provider reads HTTP 404 as "none". */
    @Override
    public void lookupNotFound(WireMock wm, String clientReference) {
        wm.register(authorized("/midjourney/tasks").withRequestBody(matchingJsonPath("$.action", equalTo("retrieve")))
                .withRequestBody(matchingJsonPath("$.trace_id", equalTo(clientReference)))
                .willReturn(json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"task not found\"}}")));
    }

    @Override
    public void running(WireMock wm, String vendorTaskId, int percent) {
        wm.register(retrieve(vendorTaskId).willReturn(json(200,
                fixture("task-running.json", "TASK_ID", vendorTaskId, "PERCENT", Integer.toString(percent)))));
    }

    @Override
    public void succeededGrid(WireMock wm, String vendorTaskId) {
        wm.register(retrieve(vendorTaskId).willReturn(json(200, fixture("task-finished-grid.json", "TASK_ID", vendorTaskId))));
    }

    @Override
    public void failedGeneric(WireMock wm, String vendorTaskId) {
        wm.register(retrieve(vendorTaskId).willReturn(json(200, fixture("task-failed.json", "TASK_ID", vendorTaskId))));
    }

    @Override
    public void malformedBody(WireMock wm, String vendorTaskId) {
        wm.register(retrieve(vendorTaskId).willReturn(json(200, "{\"id\": \"" + vendorTaskId + "\", \"response\": {\"succ")));
    }

    @Override
    public void queued(WireMock wm, String vendorTaskId) {
        wm.register(retrieve(vendorTaskId).willReturn(json(200, fixture("task-pending.json", "TASK_ID", vendorTaskId))));
    }

    @Override
    public void succeededImage(WireMock wm, String vendorTaskId) {
        wm.register(retrieve(vendorTaskId).willReturn(json(200, fixture("task-finished-image.json", "TASK_ID", vendorTaskId))));
    }

    @Override
    public void failedPromptRejected(WireMock wm, String vendorTaskId) {
        wm.register(retrieve(vendorTaskId).willReturn(json(200, fixture("task-failed-moderation.json", "TASK_ID", vendorTaskId))));
    }

    @Override
    public void unknownStatus(WireMock wm, String vendorTaskId) {
        wm.register(retrieve(vendorTaskId).willReturn(json(200, fixture("task-unknown-state.json", "TASK_ID", vendorTaskId))));
    }

    /**
     * Each action on its AceData endpoint, matching the ids AceData needs: image follow-ups carry the parent's
     * {@code image_id} (never its task id) and the action word (acedata.md §3); animate sends the parent image URL
     * to {@code /midjourney/videos}; seed sends the {@code image_id} to {@code /midjourney/seed}.
     */
    @Override
    public void actionAccepted(WireMock wm, SubmitRequest request, String newVendorTaskId) {
        Action action = request.action();
        String accepted = fixture("submit-accepted.json", "TASK_ID", newVendorTaskId);
        MappingBuilder stub = switch (action.kind()) {
            case BLEND -> asyncSubmit("/midjourney/imagine")
                    .withRequestBody(matchingJsonPath("$.action", equalTo("generate")))
                    .withRequestBody(matchingJsonPath("$.prompt", equalTo(blendPrompt((Action.Blend) action))));
            case DESCRIBE -> {
                accepted = fixture("describe-reply.json", "TASK_ID", newVendorTaskId);
                yield authorized("/midjourney/describe").withRequestBody(matchingJsonPath("$.image_url",
                        equalTo(((Action.Describe) action).image().toString())));
            }
            case SHORTEN -> {
                accepted = fixture("shorten-reply.json", "TASK_ID", newVendorTaskId);
                yield authorized("/midjourney/shorten").withRequestBody(matchingJsonPath("$.prompt",
                        equalTo(((Action.Shorten) action).prompt().render())));
            }
            case SEED -> {
                accepted = fixture("seed-reply.json", "TASK_ID", newVendorTaskId);
                yield authorized("/midjourney/seed").withRequestBody(matchingJsonPath("$.image_id",
                        equalTo(request.parentState("image_id"))));
            }
            case ANIMATE -> asyncSubmit("/midjourney/videos")
                    .withRequestBody(matchingJsonPath("$.action", equalTo("generate")))
                    .withRequestBody(matchingJsonPath("$.image_url", equalTo(request.parentState("image_url"))));
            default -> asyncSubmit("/midjourney/imagine")
                    .withRequestBody(matchingJsonPath("$.action", equalTo(expectedWord(action))))
                    .withRequestBody(matchingJsonPath("$.image_id", equalTo(request.parentState("image_id"))));
        };
        wm.register(stub.willReturn(json(200, accepted)));
    }

    @Override
    public CallbackPayload callbackSucceeded(String vendorTaskId) {
        return CallbackPayload.json(fixture("callback-succeeded.json", "TASK_ID", vendorTaskId));
    }

    /** acedata.md §3.1 action words, written out independently of the provider's table. */
    static String expectedWord(Action action) {
        return switch (action.kind()) {
            case UPSCALE -> "upscale" + ((Action.Upscale) action).index();
            case VARIATION -> "variation" + ((Action.Variation) action).index();
            case REROLL -> "reroll";
            case VARY -> ((Action.Vary) action).strength() == Action.Strength.SUBTLE ? "variation_subtle" : "variation_strong";
            case UPSCALE_MORE -> switch (((Action.UpscaleMore) action).mode()) {
                case X2 -> "upscale_2x";
                case X4 -> "upscale_4x";
                case SUBTLE -> "upscale_subtle";
                case CREATIVE -> "upscale_creative";
            };
            case ZOOM -> ((Action.Zoom) action).square() ? "square"
                    : ((Action.Zoom) action).factor() == 2.0 ? "zoom_out_2x" : "zoom_out_1_5x";
            case PAN -> "pan_" + ((Action.Pan) action).direction().name().toLowerCase(Locale.ROOT);
            case VARY_REGION -> "variation_region";
            case CUSTOM -> ((Action.Custom) action).vendorActionId();
            default -> throw new IllegalArgumentException("no imagine action word for " + action.kind());
        };
    }

    /** acedata.md §2.1: blend = image URLs first in the prompt; the shape as Midjourney's blend aspect ratio. */
    static String blendPrompt(Action.Blend blend) {
        String ratio = switch (blend.shape()) {
            case PORTRAIT -> "2:3";
            case SQUARE -> "1:1";
            case LANDSCAPE -> "3:2";
        };
        return blend.images().stream().map(URI::toString).collect(Collectors.joining(" ")) + " --ar " + ratio;
    }
}
