package com.example.mj4j.acme;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.mj4j.spi.Action;
import io.mj4j.spi.Balance;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.VendorStubs;

import java.math.BigDecimal;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * Acme's wire format, scenario by scenario, as the kit asks for it. Each stub matches the request as
 * strictly as Acme would (path, key, body), so a provider that sends the wrong thing meets WireMock's 404
 * and the failing rule shows WireMock's near-miss report.
 */
final class AcmeStubs implements VendorStubs {
    private static final String AUTH = "Bearer " + ProviderConformanceKit.API_KEY;

    private static MappingBuilder imagine() {
        return post(urlEqualTo("/v2/jobs")).withHeader("Authorization", equalTo(AUTH))
                .withRequestBody(matchingJsonPath("$.prompt", equalTo(ProviderConformanceKit.IMAGINE_PROMPT)))
                .withRequestBody(matchingJsonPath("$.ref"));
    }

    private static MappingBuilder job(String id) {
        return get(urlEqualTo("/v2/jobs/" + id)).withHeader("Authorization", equalTo(AUTH));
    }

    private static ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("{\"message\":\"" + message + "\"}");
    }

    private static String job(String id, String fields) {
        return "{\"job\":{\"id\":\"" + id + "\"," + fields + "}}";
    }

    // ------------------------------------------------------------------ submit

    @Override
    public void submitAccepted(WireMock wm, String id) {
        wm.register(imagine().willReturn(okJson(job(id, "\"state\":\"waiting\""))));
    }

    @Override
    public void submitUnauthorized(WireMock wm) {
        wm.register(post(urlEqualTo("/v2/jobs")).willReturn(error(401, "invalid API key")));
    }

    @Override
    public void submitRateLimited(WireMock wm, String retryAfterHeader) {
        wm.register(imagine().willReturn(error(429, "slow down").withHeader("Retry-After", retryAfterHeader)));
    }

    /** Acme's docs: every 429 carries Retry-After. */
    @Override
    public RetryAfter retryAfterOnRateLimit() {
        return RetryAfter.SENT;
    }

    @Override
    public void submitServerError(WireMock wm) {
        wm.register(imagine().willReturn(error(500, "internal error")));
    }

    @Override
    public void submitInsufficientBalance(WireMock wm) {
        wm.register(imagine().willReturn(error(402, "no credits left")));
    }

    @Override
    public void submitInvalidRequest(WireMock wm) {
        wm.register(imagine().willReturn(error(400, "unknown parameter --zz")));
    }

    @Override
    public void submitContentRejected(WireMock wm) {
        wm.register(imagine().willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"prompt refused\",\"reason\":\"moderation\"}")));
    }

    /** A skip must say why: name the place in the vendor's docs. */
    @Override
    public void submitErrorInOkBody(WireMock wm) {
        throw VendorStubs.notInVendor("submitErrorInOkBody", "Acme API docs, 'Errors': errors are HTTP statuses only");
    }

    /** A scenario with two wire shapes: the kit runs the rule on each. */
    @Override
    public List<Variant> variants(Scenario scenario, String id) {
        return switch (scenario) {
            case SUBMIT_CONTENT_REJECTED -> List.of(Variant.of("moderation wording only", w -> w.register(imagine()
                    .willReturn(error(400, "Banned prompt detected")))));
            default -> List.of();
        };
    }

    // ------------------------------------------------------------------ fetch

    @Override
    public void running(WireMock wm, String id, int percent) {
        wm.register(job(id).willReturn(okJson(job(id, "\"state\":\"working\",\"percent\":" + percent))));
    }

    @Override
    public void queued(WireMock wm, String id) {
        wm.register(job(id).willReturn(okJson(job(id, "\"state\":\"waiting\""))));
    }

    @Override
    public void succeededGrid(WireMock wm, String id) {
        wm.register(job(id).willReturn(okJson(job(id, "\"state\":\"finished\",\"percent\":100,\"grid\":\"https://cdn.acme.example/" + id + ".png\""))));
    }

    @Override
    public void succeededImage(WireMock wm, String id) {
        wm.register(job(id).willReturn(okJson(job(id, "\"state\":\"finished\",\"image\":\"https://cdn.acme.example/" + id + "-u.png\""))));
    }

    @Override
    public void failedGeneric(WireMock wm, String id) {
        wm.register(job(id).willReturn(okJson(job(id, "\"state\":\"failed\",\"message\":\"renderer crashed\""))));
    }

    @Override
    public void failedPromptRejected(WireMock wm, String id) {
        wm.register(job(id).willReturn(okJson(job(id, "\"state\":\"failed\",\"reason\":\"moderation\",\"message\":\"refused\""))));
    }

    @Override
    public void unknownStatus(WireMock wm, String id) {
        wm.register(job(id).willReturn(okJson(job(id, "\"state\":\"zz_new_state\""))));
    }

    @Override
    public void malformedBody(WireMock wm, String id) {
        wm.register(job(id).willReturn(aResponse().withStatus(200).withBody("{\"job\":{\"id\":\"" + id + "\",\"state\":")));
    }

    // ------------------------------------------------------------------ follow-ups and features

    /** An upscale names its parent in the path and the image in the body. */
    @Override
    public void actionAccepted(WireMock wm, SubmitRequest request, String newId) {
        Action.Upscale upscale = (Action.Upscale) request.action();
        wm.register(post(urlEqualTo("/v2/jobs/" + request.parentVendorTaskId() + "/upscale")).withHeader("Authorization", equalTo(AUTH))
                .withRequestBody(equalToJson("{\"index\":" + upscale.index() + ",\"ref\":\"" + request.clientReference() + "\"}"))
                .willReturn(okJson(job(newId, "\"state\":\"waiting\""))));
    }

    @Override
    public Balance balance(WireMock wm) {
        wm.register(get(urlEqualTo("/v2/account")).withHeader("Authorization", equalTo(AUTH)).willReturn(okJson("{\"credits\":12.5}")));
        return new Balance(new BigDecimal("12.5"), "credits");
    }
}
