package io.mj4j.provider.gptunnel;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.mj4j.spi.Action;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.VendorStubs;

import java.util.LinkedHashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * GPTunnel's wire format (shared/vendors/gptunnel.md) as WireMock stubs. Every stub requires the bare key in
 * {@code Authorization} (§1) and JSON bodies exactly as the vendor documents them; polls are
 * {@code GET /v1/midjourney/result?taskId=...} (§3.2).
 */
public final class GptunnelStubs implements VendorStubs {
    static final String KEY = ProviderConformanceKit.API_KEY;
    static final String GRID_URL = "https://gptunnel.ru/task/image/%s?cache=%d";

    // ------------------------------------------------------------------ building blocks

    static MappingBuilder create(String endpoint) {
        return post(urlPathEqualTo("/v1/midjourney/" + endpoint)).withHeader("Authorization", equalTo(KEY));
    }

    static MappingBuilder imagine() {
        return create("imagine").withRequestBody(equalToJson(json(Map.of("prompt", ProviderConformanceKit.IMAGINE.prompt().render()))));
    }

    static MappingBuilder result(String id) {
        return get(urlPathEqualTo("/v1/midjourney/result")).withQueryParam("taskId", equalTo(id))
                .withHeader("Authorization", equalTo(KEY));
    }

    static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    static ResponseDefinitionBuilder error(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(Fixtures.load(fixture));
    }

    static String json(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(v instanceof String s ? '"' + s + '"' : String.valueOf(v)));
        return sb.append('}').toString();
    }

    // ------------------------------------------------------------------ submit

    @Override
    public void submitAccepted(WireMock wm, String vendorTaskId) {
        wm.register(imagine().willReturn(ok(Fixtures.load("imagine-created.json", "id", vendorTaskId))));
    }

    @Override
    public void submitUnauthorized(WireMock wm) {
        // §7: the documented 401 body has a trailing comma, i.e. is not valid JSON.
        wm.register(create("imagine").willReturn(error(401, "error-unauthorized.txt")));
    }

    @Override
    public void submitRateLimited(WireMock wm, int retryAfterSeconds) {
        // §9: rate limits are undocumented; this is the generic 429 shape in the vendor's OpenAI-style envelope.
        wm.register(imagine().willReturn(error(429, "error-rate-limited.json").withHeader("Retry-After", Integer.toString(retryAfterSeconds))));
    }

    @Override
    public void submitServerError(WireMock wm) {
        wm.register(imagine().willReturn(aResponse().withStatus(500).withBody("<html><body>502 Bad Gateway</body></html>")));
    }

    @Override
    public void submitInsufficientBalance(WireMock wm) {
        wm.register(imagine().willReturn(error(402, "error-insufficient-balance.json")));
    }

    @Override
    public void submitInvalidRequest(WireMock wm) {
        wm.register(imagine().willReturn(error(400, "error-invalid-prompt.json")));
    }

    // submitContentRejected: GPTunnel documents no moderation refusal at submit (§7 lists 400/401/402 only).

    // ------------------------------------------------------------------ fetch

    @Override
    public void running(WireMock wm, String vendorTaskId, int percent) {
        // §4: no intermediate word is documented; any word besides idle/done/failure words means "still running".
        wm.register(result(vendorTaskId).willReturn(ok(Fixtures.task(vendorTaskId, "processing", percent,
                '"' + GRID_URL.formatted(vendorTaskId, percent) + '"', "null"))));
    }

    @Override
    public void queued(WireMock wm, String vendorTaskId) {
        wm.register(result(vendorTaskId).willReturn(ok(Fixtures.task(vendorTaskId, "idle", 0, "null", "null"))));
    }

    @Override
    public void succeededGrid(WireMock wm, String vendorTaskId) {
        wm.register(result(vendorTaskId).willReturn(ok(Fixtures.load("done-grid.json", "id", vendorTaskId))));
    }

    @Override
    public void succeededImage(WireMock wm, String vendorTaskId) {
        wm.register(result(vendorTaskId).willReturn(ok(Fixtures.load("done-upsample.json", "id", vendorTaskId))));
    }

    @Override
    public void failedGeneric(WireMock wm, String vendorTaskId) {
        // §12: the failure shape is undocumented; a "failed" word with an error string is the public clients' guess.
        wm.register(result(vendorTaskId).willReturn(ok(Fixtures.task(vendorTaskId, "failed", 0, "null", "\"Midjourney job failed\""))));
    }

    // failedPromptRejected: GPTunnel documents no moderation outcome of a task (§4, §12).

    @Override
    public void unknownStatus(WireMock wm, String vendorTaskId) {
        wm.register(result(vendorTaskId).willReturn(ok(Fixtures.task(vendorTaskId, "zz_new_state", 10, "null", "null"))));
    }

    @Override
    public void malformedBody(WireMock wm, String vendorTaskId) {
        wm.register(result(vendorTaskId).willReturn(ok("{\"id\": \"" + vendorTaskId + "\", \"status\": ")));
    }

    // ------------------------------------------------------------------ follow-ups

    @Override
    public void actionAccepted(WireMock wm, SubmitRequest request, String newVendorTaskId) {
        String parent = request.parentVendorTaskId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("taskId", parent);
        String endpoint;
        String type;
        Action a = request.action();
        switch (a.kind()) {
            case UPSCALE -> {
                endpoint = type = "upsample";
                body.put("image", ((Action.Upscale) a).index());
            }
            case VARIATION -> {
                endpoint = type = "variation";
                body.put("image", ((Action.Variation) a).index());
            }
            case VARY -> {
                endpoint = type = "variation";
                body.put("mode", ((Action.Vary) a).strength() == Action.Strength.STRONG ? "high" : "low");
            }
            case REROLL -> endpoint = type = "reroll";
            case VARY_REGION -> {
                endpoint = type = "inpaint";
                Action.VaryRegion v = (Action.VaryRegion) a;
                body.put("mask", v.maskPngBase64());
                v.prompt().ifPresent(p -> body.put("prompt", p));
            }
            default -> throw new IllegalArgumentException("GPTunnel stubs have no " + a.kind());
        }
        String reply = Fixtures.load("action-created.json", "id", newVendorTaskId, "parentId", parent, "type", type,
                "cost", endpoint.equals("upsample") ? "0" : "18");
        wm.register(create(endpoint).withRequestBody(equalToJson(json(body))).willReturn(ok(reply)));
    }
}
