package io.mj4j.provider.gptunnel;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.mj4j.spi.Action;
import io.mj4j.spi.Balance;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.VendorStubs;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
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
    public void submitRateLimited(WireMock wm, String retryAfterHeader) {
        // No Retry-After: see retryAfterOnRateLimit().
        // §9: rate limits are undocumented; this is the generic 429 shape in the vendor's OpenAI-style envelope.
        wm.register(imagine().willReturn(error(429, "error-rate-limited.json")));
    }

    @Override
    public RetryAfter retryAfterOnRateLimit() {
        return RetryAfter.none("vendors/gptunnel.md §9: rate limits (and so Retry-After) not documented");
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

    @Override
    public void submitContentRejected(WireMock wm) {
        throw VendorStubs.notInVendor("submitContentRejected", "vendors/gptunnel.md §7: no moderation refusal at submit (400/401/402 only)");
    }

    @Override
    public void submitErrorInOkBody(WireMock wm) {
        throw VendorStubs.notInVendor("submitErrorInOkBody", "vendors/gptunnel.md §7: /v1/midjourney/* errors are HTTP statuses;"
                + " the 200-with-code convention belongs to another GPTunnel API");
    }

    /** §3.7: the organisation balance in roubles, fractional and possibly negative. */
    @Override
    public Balance balance(WireMock wm) {
        wm.register(get(urlPathEqualTo("/v1/balance")).withHeader("Authorization", equalTo(KEY))
                .willReturn(ok("{\"orgId\":\"ddc0652cde46d307200011c4\",\"object\":\"balance\",\"balance\":-51.54397,\"creditLimit\":15000}")));
        return new Balance(new BigDecimal("-51.54397"), "RUB");
    }

    /** §7: the 401 body as documented (trailing comma, not JSON) and as valid JSON. */
    @Override
    public List<Variant> variants(Scenario scenario, String vendorTaskId) {
        return switch (scenario) {
            case SUBMIT_UNAUTHORIZED -> List.of(Variant.of("valid JSON body", w -> w.register(create("imagine").willReturn(
                    aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(
                            "{\"error\":{\"message\":\"Unauthorized\",\"type\":\"unauthorized_request_error\",\"param\":null,\"code\":null}}")))));
            case SUBMIT_SERVER_ERROR -> List.of(Variant.of("JSON 500", w -> w.register(imagine().willReturn(aResponse().withStatus(500)
                    .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"Internal error\",\"type\":\"server_error\"}}")))));
            default -> List.of();
        };
    }

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

    @Override
    public void failedPromptRejected(WireMock wm, String vendorTaskId) {
        throw VendorStubs.notInVendor("failedPromptRejected", "vendors/gptunnel.md §4/§12: no moderation outcome of a task is documented");
    }

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
