package io.mj4j.provider.kolersky;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.mj4j.spi.Action;
import io.mj4j.spi.Balance;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.VendorStubs;

import java.util.Locale;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Kolersky's wire format (kolersky.md §2-§7), scenario by scenario. Every stub requires
 * {@code Authorization: Bearer <kit key>}. Submit-time moderation is not stubbed: the vendor documents no
 * such error (§7), so {@link #submitContentRejected} keeps the kit's "not applicable" default.
 */
final class KolerskyStubs implements VendorStubs {
    static final String AUTH = "Bearer " + ProviderConformanceKit.API_KEY;

    private static MappingBuilder generate() {
        return post(urlEqualTo("/v1/midjourney/generate")).withHeader("Authorization", equalTo(AUTH));
    }

    /** The kit's imagine ("a red fox in fresh snow --ar 16:9 --v 7") as Kolersky fields (§2.1). */
    private static MappingBuilder imagine() {
        return generate()
                .withRequestBody(matchingJsonPath("$.taskType", equalTo("text-to-image")))
                .withRequestBody(matchingJsonPath("$.prompt", equalTo("a red fox in fresh snow")))
                .withRequestBody(matchingJsonPath("$.aspectRatio", equalTo("16:9")))
                .withRequestBody(matchingJsonPath("$.version", equalTo("7")));
    }

    private static MappingBuilder status(String id) {
        return get(urlPathEqualTo("/v1/status")).withQueryParam("requestId", equalTo(id)).withHeader("Authorization", equalTo(AUTH));
    }

    private static MappingBuilder followUp(String endpoint, String parentId) {
        return post(urlEqualTo("/v1/midjourney/" + endpoint)).withHeader("Authorization", equalTo(AUTH))
                .withRequestBody(matchingJsonPath("$.requestId", equalTo(parentId)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(Fixtures.load(fixture));
    }

    @Override
    public void submitAccepted(WireMock wm, String id) {
        wm.register(imagine().willReturn(okJson(Fixtures.load("accepted", "id", id))));
    }

    @Override
    public void submitUnauthorized(WireMock wm) {
        wm.register(post(urlEqualTo("/v1/midjourney/generate")).willReturn(error(401, "err-unauthorized")));
    }

    @Override
    public void submitRateLimited(WireMock wm, String retryAfterHeader) {
        // No Retry-After: see retryAfterOnRateLimit().
        wm.register(imagine().willReturn(error(429, "err-too-many-requests")));
    }

    @Override
    public RetryAfter retryAfterOnRateLimit() {
        return RetryAfter.none("vendors/kolersky.md §7/§8: 429 shape and rate limits not documented");
    }

    @Override
    public void submitServerError(WireMock wm) {
        wm.register(imagine().willReturn(error(500, "err-internal")));
    }

    @Override
    public void submitInsufficientBalance(WireMock wm) {
        // §7: out of requests is HTTP 403, not 402.
        wm.register(imagine().willReturn(error(403, "err-insufficient-requests")));
    }

    @Override
    public void submitInvalidRequest(WireMock wm) {
        wm.register(imagine().willReturn(error(400, "err-invalid-parameters")));
    }

    @Override
    public void submitContentRejected(WireMock wm) {
        throw VendorStubs.notInVendor("submitContentRejected", "vendors/kolersky.md §7: no moderation refusal at submit is documented");
    }

    @Override
    public void submitErrorInOkBody(WireMock wm) {
        throw VendorStubs.notInVendor("submitErrorInOkBody", "vendors/kolersky.md §7: the body code mirrors the HTTP status;"
                + " no error inside an HTTP 200 is documented");
    }

    /** §2.9: a DELETE carrying {@code {"requestId"}} in its body; the answer's shape is undocumented. */
    @Override
    public void cancelled(WireMock wm, String id) {
        wm.register(com.github.tomakehurst.wiremock.client.WireMock.delete(urlEqualTo("/v1/midjourney/cancel"))
                .withHeader("Authorization", equalTo(AUTH))
                .withRequestBody(matchingJsonPath("$.requestId", equalTo(id)))
                .willReturn(okJson("{\"code\":200,\"message\":\"cancelled\"}")));
    }

    /** §2.12: {@code credits.remaining} of {@code GET /v1/usage}, in requests. */
    @Override
    public Balance balance(WireMock wm) {
        wm.register(get(urlEqualTo("/v1/usage")).withHeader("Authorization", equalTo(AUTH)).willReturn(okJson(
                "{\"userId\":\"u-1\",\"period\":{\"start\":\"2026-03-01\",\"end\":\"2026-03-31\"},"
                        + "\"requests\":{\"total\":12,\"successful\":11,\"failed\":1,\"byEndpoint\":{}},"
                        + "\"credits\":{\"used\":12,\"remaining\":488},\"limits\":{\"requestsPerDay\":1000,\"creditsPerMonth\":500}}")));
        return new Balance(new java.math.BigDecimal("488"), "requests");
    }

    @Override
    public void running(WireMock wm, String id, int percent) {
        wm.register(status(id).willReturn(okJson(Fixtures.load("processing", "id", id, "percent", String.valueOf(percent)))));
    }

    @Override
    public void succeededGrid(WireMock wm, String id) {
        wm.register(status(id).willReturn(okJson(Fixtures.load("success-grid", "id", id))));
    }

    @Override
    public void failedGeneric(WireMock wm, String id) {
        wm.register(status(id).willReturn(okJson(Fixtures.load("error", "id", id))));
    }

    @Override
    public void malformedBody(WireMock wm, String id) {
        wm.register(status(id).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"requestId\": \"" + id + "\", \"status\": ")));
    }

    @Override
    public void queued(WireMock wm, String id) {
        wm.register(status(id).willReturn(okJson(Fixtures.load("queued", "id", id))));
    }

    @Override
    public void succeededImage(WireMock wm, String id) {
        wm.register(status(id).willReturn(okJson(Fixtures.load("success-upscale", "id", id))));
    }

    @Override
    public void failedPromptRejected(WireMock wm, String id) {
        wm.register(status(id).willReturn(okJson(Fixtures.load("error-banned", "id", id))));
    }

    @Override
    public void unknownStatus(WireMock wm, String id) {
        wm.register(status(id).willReturn(okJson(Fixtures.load("unknown-status", "id", id))));
    }

    @Override
    public void actionAccepted(WireMock wm, SubmitRequest request, String newId) {
        Action a = request.action();
        String parentId = request.parent().flatMap(TaskSnapshot::vendorTaskId).orElse(null);
        MappingBuilder m = switch (a.kind()) {
            // §2.2/§2.3: the parent job's requestId plus the grid position 1..4 (never the actions[] index 5..8).
            case UPSCALE -> followUp("upscale", parentId)
                    .withRequestBody(matchingJsonPath("$.index", equalTo(String.valueOf(((Action.Upscale) a).index()))));
            case VARIATION -> followUp("variation", parentId)
                    .withRequestBody(matchingJsonPath("$.index", equalTo(String.valueOf(((Action.Variation) a).index()))));
            case REROLL -> followUp("reroll", parentId);
            case SEED -> followUp("seed", parentId);
            case ZOOM -> followUp("outpaint", parentId)
                    .withRequestBody(matchingJsonPath("$.zoom_ratio", equalTo(zoomRatio((Action.Zoom) a))));
            case PAN -> {
                Action.Pan p = (Action.Pan) a;
                yield followUp("pan", parentId)
                        .withRequestBody(matchingJsonPath("$.direction", equalTo(p.direction().name().toLowerCase(Locale.ROOT))))
                        .withRequestBody(matchingJsonPath("$.prompt", equalTo(p.prompt().orElseThrow())));
            }
            case VARY_REGION -> followUp("inpaint", parentId)
                    .withRequestBody(matchingJsonPath("$.mask", equalTo(((Action.VaryRegion) a).maskPngBase64())));
            case ANIMATE -> {
                String image = request.parent().flatMap(TaskSnapshot::result).flatMap(r -> r.primaryImage()).orElseThrow().toString();
                Action.Animate an = (Action.Animate) a;
                yield generate()
                        .withRequestBody(matchingJsonPath("$.taskType", equalTo(an.hd() ? "image-to-video-hd" : "image-to-video")))
                        .withRequestBody(matchingJsonPath("$.fileUrl", equalTo(image)))
                        .withRequestBody(matchingJsonPath("$.motion", equalTo(an.motion().name().toLowerCase(Locale.ROOT))));
            }
            case BLEND -> {
                Action.Blend b = (Action.Blend) a;
                MappingBuilder g = generate().withRequestBody(matchingJsonPath("$.taskType", equalTo("image-to-image")));
                for (int i = 0; i < b.images().size(); i++) {
                    g = g.withRequestBody(matchingJsonPath("$.fileUrls[" + i + "]", equalTo(b.images().get(i).toString())));
                }
                yield g;
            }
            default -> throw VendorStubs.notApplicable("actionAccepted(" + a.kind() + ")");
        };
        wm.register(m.willReturn(okJson(Fixtures.load("accepted", "id", newId))));
    }

    @Override
    public CallbackPayload callbackSucceeded(String id) {
        // §6: the callback payload is undocumented; the vendor file's guess is that it mirrors the status reply.
        return CallbackPayload.json(Fixtures.load("success-grid", "id", id));
    }

    private static String zoomRatio(Action.Zoom z) {
        return z.square() ? "1" : java.math.BigDecimal.valueOf(z.factor()).stripTrailingZeros().toPlainString();
    }
}
