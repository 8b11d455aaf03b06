package io.mj4j.provider.mjproxy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.mj4j.spi.Action;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.VendorStubs;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * The midjourney-proxy protocol as WireMock stubs, on the default settings (Plus lineage: {@code /mj} prefix,
 * {@code mj-api-secret} header). Follow-up stubs match the parent id and the literal customId the parent's
 * fixture offered, so a provider that sends another button (or synthesises one) gets WireMock's 404.
 */
final class MjProxyStubs implements VendorStubs {
    static final String AUTH = "mj-api-secret";
    static final String SEED = "636646138";

    /** The customId each fixture button carries, by "KIND:option". */
    static final Map<String, String> CUSTOM_IDS = Map.ofEntries(
            Map.entry("UPSCALE:1", "MJ::JOB::upsample::1::" + Fixtures.GRID_HASH),
            Map.entry("UPSCALE:2", "MJ::JOB::upsample::2::" + Fixtures.GRID_HASH),
            Map.entry("UPSCALE:3", "MJ::JOB::upsample::3::" + Fixtures.GRID_HASH),
            Map.entry("UPSCALE:4", "MJ::JOB::upsample::4::" + Fixtures.GRID_HASH),
            Map.entry("VARIATION:1", "MJ::JOB::variation::1::" + Fixtures.GRID_HASH),
            Map.entry("VARIATION:2", "MJ::JOB::variation::2::" + Fixtures.GRID_HASH),
            Map.entry("VARIATION:3", "MJ::JOB::variation::3::" + Fixtures.GRID_HASH),
            Map.entry("VARIATION:4", "MJ::JOB::variation::4::" + Fixtures.GRID_HASH),
            Map.entry("REROLL", "MJ::JOB::reroll::0::" + Fixtures.GRID_HASH + "::SOLO"),
            Map.entry("VARY:SUBTLE", "MJ::JOB::low_variation::1::" + Fixtures.IMAGE_HASH + "::SOLO"),
            Map.entry("VARY:STRONG", "MJ::JOB::high_variation::1::" + Fixtures.IMAGE_HASH + "::SOLO"),
            Map.entry("UPSCALE_MORE:SUBTLE", "MJ::JOB::upsample_v7_2x_subtle::1::" + Fixtures.IMAGE_HASH + "::SOLO"),
            Map.entry("UPSCALE_MORE:CREATIVE", "MJ::JOB::upsample_v7_2x_creative::1::" + Fixtures.IMAGE_HASH + "::SOLO"),
            Map.entry("ZOOM:2x", "MJ::Outpaint::50::1::" + Fixtures.IMAGE_HASH + "::SOLO"),
            Map.entry("ZOOM:1.5x", "MJ::Outpaint::75::1::" + Fixtures.IMAGE_HASH + "::SOLO"),
            Map.entry("ZOOM:square", "MJ::Outpaint::100::1::" + Fixtures.IMAGE_HASH + "::SOLO"),
            Map.entry("ZOOM:custom", "MJ::CustomZoom::" + Fixtures.IMAGE_HASH),
            Map.entry("PAN:LEFT", "MJ::JOB::pan_left::1::" + Fixtures.IMAGE_HASH + "::SOLO"),
            Map.entry("PAN:RIGHT", "MJ::JOB::pan_right::1::" + Fixtures.IMAGE_HASH + "::SOLO"),
            Map.entry("PAN:UP", "MJ::JOB::pan_up::1::" + Fixtures.IMAGE_HASH + "::SOLO"),
            Map.entry("PAN:DOWN", "MJ::JOB::pan_down::1::" + Fixtures.IMAGE_HASH + "::SOLO"),
            Map.entry("VARY_REGION", "MJ::Inpaint::1::" + Fixtures.IMAGE_HASH + "::SOLO"),
            Map.entry("ANIMATE:LOW", "MJ::JOB::animate_low::1::" + Fixtures.IMAGE_HASH + "::SOLO"),
            Map.entry("ANIMATE:HIGH", "MJ::JOB::animate_high::1::" + Fixtures.IMAGE_HASH + "::SOLO"));

    // ------------------------------------------------------------------ submit

    @Override
    public void submitAccepted(WireMock wm, String vendorTaskId) {
        wm.register(imagine().willReturn(json(200, Fixtures.withId("submit-accepted.json", vendorTaskId))));
    }

    @Override
    public void submitUnauthorized(WireMock wm) {
        // §2: OSS v2 / Plus answer a wrong secret with 401 and an empty body.
        wm.register(post(urlEqualTo("/mj/submit/imagine")).willReturn(aResponse().withStatus(401)));
    }

    @Override
    public void submitRateLimited(WireMock wm, String retryAfterHeader) {
        // No Retry-After: see retryAfterOnRateLimit().
        // §4/§10: new-api "group overloaded" is code 30 with HTTP 429.
        wm.register(imagine().willReturn(json(429, Fixtures.withId("error-overloaded.json", ""))));
    }

    @Override
    public RetryAfter retryAfterOnRateLimit() {
        return RetryAfter.none("vendors/mjproxy.md §10: 429 (code 30 overloaded) without a documented Retry-After");
    }

    @Override
    public void submitServerError(WireMock wm) {
        wm.register(imagine().willReturn(json(500, Fixtures.withId("error-spring-500.json", ""))));
    }

    @Override
    public void submitInsufficientBalance(WireMock wm) {
        // §10: new-api aggregator out of quota: HTTP 400, code 4, quota_not_enough.
        wm.register(imagine().willReturn(json(400, Fixtures.withId("error-quota.json", ""))));
    }

    @Override
    public void submitInvalidRequest(WireMock wm) {
        wm.register(imagine().willReturn(json(200, Fixtures.withId("submit-invalid.json", ""))));
    }

    @Override
    public void submitContentRejected(WireMock wm) {
        // §4: code 24, the proxy's own banned-word check.
        wm.register(imagine().willReturn(json(200, Fixtures.withId("submit-banned.json", ""))));
    }

    @Override
    public void submitErrorInOkBody(WireMock wm) {
        throw VendorStubs.notInVendor("submitErrorInOkBody", "vendors/mjproxy.md §4: on every non-success code in a 200"
                + " 'ignore result; no task exists', so no error inside a 200 may have created a task");
    }

    /** §10: the same refusals as real HTTP statuses from trueai and new-api aggregators. */
    @Override
    public List<Variant> variants(Scenario scenario, String vendorTaskId) {
        return switch (scenario) {
            case SUBMIT_UNAUTHORIZED -> List.of(
                    Variant.of("trueai 401 plain text", w -> w.register(post(urlEqualTo("/mj/submit/imagine"))
                            .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "text/plain").withBody("Unauthorized")))),
                    Variant.of("new-api 401 OpenAI-style", w -> w.register(post(urlEqualTo("/mj/submit/imagine")).willReturn(json(401,
                            "{\"error\":{\"message\":\"invalid token\",\"type\":\"new_api_error\"}}")))));
            case SUBMIT_INVALID_REQUEST -> List.of(Variant.of("new-api HTTP 400 code 4", w -> w.register(imagine().willReturn(json(400,
                    "{\"description\":\"prompt is invalid\",\"type\":\"upstream_error\",\"code\":4}")))));
            case SUBMIT_SERVER_ERROR -> List.of(Variant.of("trueai 500 Result", w -> w.register(imagine().willReturn(json(500,
                    "{\"success\":false,\"code\":-1,\"message\":\"操作失败\",\"timestamp\":\"1730621826053\"}")))));
            default -> List.of();
        };
    }

    /** §5.9: OSS v2 answers an unknown id with an empty 200, which the provider reads as "no such task". */
    @Override
    public Map<String, String> vendorMeaningOnFetch() {
        return Map.of("empty body", "vendors/mjproxy.md §5.9/§10: an empty 200 on fetch means 'no such task'");
    }

    // ------------------------------------------------------------------ declared features

    /** §5.9: list-by-condition with every id; missing ids are left out silently. */
    @Override
    public void batchFetched(WireMock wm, List<String> runningIds, List<String> unknownIds) {
        MappingBuilder m = post(urlEqualTo("/mj/task/list-by-condition")).withHeader(AUTH, equalTo(ProviderConformanceKit.API_KEY))
                .withRequestBody(matchingJsonPath("$.ids.length()", equalTo(String.valueOf(runningIds.size() + unknownIds.size()))));
        for (String id : runningIds) {
            m = m.withRequestBody(matchingJsonPath("$.ids[?(@ == '" + id + "')]"));
        }
        for (String id : unknownIds) {
            m = m.withRequestBody(matchingJsonPath("$.ids[?(@ == '" + id + "')]"));
        }
        String tasks = runningIds.stream().map(id -> Fixtures.load("task-running.json", Map.of("id", id, "percent", "30")))
                .collect(java.util.stream.Collectors.joining(","));
        wm.register(m.willReturn(json(200, "[" + tasks + "]")));
    }

    /** §5.9: Plus cancel answers {@code {code, description}}. */
    @Override
    public void cancelled(WireMock wm, String vendorTaskId) {
        wm.register(post(urlEqualTo("/mj/task/" + vendorTaskId + "/cancel")).withHeader(AUTH, equalTo(ProviderConformanceKit.API_KEY))
                .willReturn(json(200, "{\"code\":1,\"description\":\"成功\"}")));
    }

    /** §13/§5.9: the Plus paged query filtered by {@code state}. */
    @Override
    public void lookupFound(WireMock wm, String clientReference, String vendorTaskId) {
        String task = Fixtures.load("task-running.json", Map.of("id", vendorTaskId, "percent", "5"))
                .replace("\"state\":\"kit-ref-1\"", "\"state\":\"" + clientReference + "\"");
        wm.register(query(clientReference).willReturn(json(200, "{\"content\":[" + task + "],\"totalElements\":1}")));
    }

    @Override
    public void lookupNotFound(WireMock wm, String clientReference) {
        wm.register(query(clientReference).willReturn(json(200, "{\"content\":[],\"totalElements\":0}")));
    }

    private static MappingBuilder query(String state) {
        return post(urlEqualTo("/mj/task/query")).withHeader(AUTH, equalTo(ProviderConformanceKit.API_KEY))
                .withRequestBody(matchingJsonPath("$.state", equalTo(state)));
    }

    // ------------------------------------------------------------------ fetch

    @Override
    public void running(WireMock wm, String vendorTaskId, int percent) {
        fetch(wm, vendorTaskId, Fixtures.load("task-running.json", Map.of("id", vendorTaskId, "percent", Integer.toString(percent))));
    }

    @Override
    public void succeededGrid(WireMock wm, String vendorTaskId) {
        fetch(wm, vendorTaskId, Fixtures.withId("task-success-grid.json", vendorTaskId));
    }

    @Override
    public void failedGeneric(WireMock wm, String vendorTaskId) {
        fetch(wm, vendorTaskId, Fixtures.withId("task-failed.json", vendorTaskId));
    }

    @Override
    public void malformedBody(WireMock wm, String vendorTaskId) {
        wm.register(get(urlEqualTo("/mj/task/" + vendorTaskId + "/fetch")).withHeader(AUTH, equalTo(ProviderConformanceKit.API_KEY))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + vendorTaskId + "\",\"status\":\"IN_PROG")));
    }

    @Override
    public void queued(WireMock wm, String vendorTaskId) {
        fetch(wm, vendorTaskId, Fixtures.withId("task-queued.json", vendorTaskId));
    }

    @Override
    public void succeededImage(WireMock wm, String vendorTaskId) {
        fetch(wm, vendorTaskId, Fixtures.withId("task-success-upscale.json", vendorTaskId));
    }

    @Override
    public void failedPromptRejected(WireMock wm, String vendorTaskId) {
        fetch(wm, vendorTaskId, Fixtures.withId("task-failed-banned.json", vendorTaskId));
    }

    @Override
    public void unknownStatus(WireMock wm, String vendorTaskId) {
        fetch(wm, vendorTaskId, Fixtures.withId("task-unknown-status.json", vendorTaskId));
    }

    // ------------------------------------------------------------------ other actions

    @Override
    public void actionAccepted(WireMock wm, SubmitRequest request, String newVendorTaskId) {
        String accepted = Fixtures.withId("submit-accepted.json", newVendorTaskId);
        String state = request.clientReference();
        Action action = request.action();
        if (action instanceof Action.Blend b) {
            MappingBuilder m = submit("/mj/submit/blend", state).withRequestBody(matchingJsonPath("$.dimensions", equalTo(b.shape().name())));
            for (int i = 0; i < b.images().size(); i++) {
                m = m.withRequestBody(matchingJsonPath("$.base64Array[" + i + "]", equalTo(b.images().get(i).toString())));
            }
            wm.register(m.willReturn(json(200, accepted)));
        } else if (action instanceof Action.Describe d) {
            wm.register(submit("/mj/submit/describe", state).withRequestBody(matchingJsonPath("$.link", equalTo(d.image().toString())))
                    .willReturn(json(200, accepted)));
        } else if (action instanceof Action.Shorten s) {
            wm.register(submit("/mj/submit/shorten", state).withRequestBody(matchingJsonPath("$.prompt", equalTo(s.prompt().render())))
                    .willReturn(json(200, accepted)));
        } else if (action instanceof Action.Seed) {
            // §5.9: the seed is read synchronously from the parent; no task is created.
            wm.register(get(urlEqualTo("/mj/task/" + request.parentVendorTaskId() + "/image-seed"))
                    .withHeader(AUTH, equalTo(ProviderConformanceKit.API_KEY)).willReturn(json(200, Fixtures.withId("seed.json", ""))));
        } else {
            followUp(wm, request, newVendorTaskId);
        }
    }

    /** §5.2 action with the parent's literal customId; §5.4 modal where the vendor needs one. */
    private static void followUp(WireMock wm, SubmitRequest request, String newVendorTaskId) {
        Action action = request.action();
        String key = buttonKey(action);
        String customId = CUSTOM_IDS.get(key);
        if (customId == null) {
            throw new IllegalArgumentException("no fixture button for " + key);
        }
        MappingBuilder click = submit("/mj/submit/action", request.clientReference())
                .withRequestBody(matchingJsonPath("$.taskId", equalTo(request.parentVendorTaskId())))
                .withRequestBody(matchingJsonPath("$.customId", equalTo(customId)));
        String modalPrompt = null;
        String mask = null;
        if (action instanceof Action.VaryRegion v) {
            modalPrompt = v.prompt().orElse(null);
            mask = "data:image/png;base64," + v.maskPngBase64();
        } else if (action instanceof Action.Pan p && p.prompt().isPresent()) {
            modalPrompt = p.prompt().get();
            click = click.withRequestBody(matchingJsonPath("$.enableRemix", equalTo("true")));
        } else if (action instanceof Action.Animate a && a.prompt().isPresent()) {
            modalPrompt = a.prompt().get();
            click = click.withRequestBody(matchingJsonPath("$.enableRemix", equalTo("true")));
        }
        if (modalPrompt == null && mask == null) {
            wm.register(click.willReturn(json(200, Fixtures.withId("submit-accepted.json", newVendorTaskId))));
            return;
        }
        wm.register(click.willReturn(json(200, Fixtures.withId("submit-modal.json", newVendorTaskId))));
        MappingBuilder modal = submit("/mj/submit/modal", request.clientReference())
                .withRequestBody(matchingJsonPath("$.taskId", equalTo(newVendorTaskId)));
        if (modalPrompt != null) {
            modal = modal.withRequestBody(matchingJsonPath("$.prompt", equalTo(modalPrompt)));
        }
        if (mask != null) {
            modal = modal.withRequestBody(matchingJsonPath("$.maskBase64", equalTo(mask)));
        }
        wm.register(modal.willReturn(json(200, Fixtures.withId("submit-accepted.json", newVendorTaskId))));
    }

    static String buttonKey(Action action) {
        if (action instanceof Action.Upscale u) return "UPSCALE:" + u.index();
        if (action instanceof Action.Variation v) return "VARIATION:" + v.index();
        if (action instanceof Action.Reroll) return "REROLL";
        if (action instanceof Action.Vary v) return "VARY:" + v.strength();
        if (action instanceof Action.UpscaleMore u) return "UPSCALE_MORE:" + u.mode();
        if (action instanceof Action.Zoom z) {
            return z.square() ? "ZOOM:square" : z.factor() == 2.0 ? "ZOOM:2x" : z.factor() == 1.5 ? "ZOOM:1.5x" : "ZOOM:custom";
        }
        if (action instanceof Action.Pan p) return "PAN:" + p.direction();
        if (action instanceof Action.VaryRegion) return "VARY_REGION";
        if (action instanceof Action.Animate a) return "ANIMATE:" + a.motion();
        return action.kind().name();
    }

    // ------------------------------------------------------------------ callbacks

    @Override
    public CallbackPayload callbackSucceeded(String vendorTaskId) {
        // §9: the body is the full task object.
        return CallbackPayload.json(Fixtures.withId("task-success-grid.json", vendorTaskId));
    }

    // ------------------------------------------------------------------ helpers

    private static MappingBuilder imagine() {
        return submit("/mj/submit/imagine", null)
                .withRequestBody(matchingJsonPath("$.prompt", equalTo(ProviderConformanceKit.IMAGINE_PROMPT)));
    }

    /** A POST with the auth header, a JSON body and (when given) the client reference in {@code state}. */
    static MappingBuilder submit(String path, String state) {
        MappingBuilder m = post(urlEqualTo(path)).withHeader(AUTH, equalTo(ProviderConformanceKit.API_KEY))
                .withHeader("Content-Type", WireMock.containing("application/json"));
        return state == null ? m.withRequestBody(matchingJsonPath("$.state"))
                : m.withRequestBody(matchingJsonPath("$.state", equalTo(state)));
    }

    private static void fetch(WireMock wm, String id, String body) {
        wm.register(get(urlEqualTo("/mj/task/" + id + "/fetch")).withHeader(AUTH, equalTo(ProviderConformanceKit.API_KEY))
                .willReturn(json(200, body)));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }
}
