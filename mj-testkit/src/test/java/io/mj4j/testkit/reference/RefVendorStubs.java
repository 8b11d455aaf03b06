package io.mj4j.testkit.reference;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** The reference vendor's wire format, scenario by scenario. */
public final class RefVendorStubs implements VendorStubs {
    private static final String AUTH = "Bearer " + ProviderConformanceKit.API_KEY;

    private static MappingBuilder submit() {
        return post(urlEqualTo("/v1/tasks")).withHeader("Authorization", equalTo(AUTH))
                .withRequestBody(matchingJsonPath("$.action", equalTo("imagine")));
    }

    private static MappingBuilder task(String id) {
        return get(urlEqualTo("/v1/tasks/" + id)).withHeader("Authorization", equalTo(AUTH));
    }

    private static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    @Override
    public void submitAccepted(WireMock wm, String id) {
        wm.register(submit().withRequestBody(matchingJsonPath("$.prompt", equalTo(ProviderConformanceKit.IMAGINE_PROMPT)))
                .willReturn(okJson("{\"id\":\"" + id + "\",\"status\":\"queued\"}")));
    }

    @Override
    public void submitUnauthorized(WireMock wm) {
        wm.register(post(urlEqualTo("/v1/tasks")).willReturn(aResponse().withStatus(401).withBody(error("unauthorized", "bad key"))));
    }

    @Override
    public void submitRateLimited(WireMock wm, String retryAfter) {
        wm.register(submit().willReturn(aResponse().withStatus(429).withHeader("Retry-After", retryAfter)
                .withBody(error("rate_limited", "slow down"))));
    }

    @Override
    public RetryAfter retryAfterOnRateLimit() {
        return RetryAfter.SENT;
    }

    @Override
    public void submitErrorInOkBody(WireMock wm) {
        wm.register(submit().willReturn(okJson(error("internal", "queue lost your job"))));
    }

    @Override
    public List<Variant> variants(Scenario scenario, String id) {
        return switch (scenario) {
            case SUBMIT_SERVER_ERROR -> List.of(Variant.of("HTML 500 page",
                    w -> w.register(submit().willReturn(aResponse().withStatus(500).withBody("<html>Internal Server Error</html>")))));
            case SUBMIT_INVALID_REQUEST -> List.of(Variant.of("inside an HTTP 200",
                    w -> w.register(submit().willReturn(okJson(error("bad_request", "unknown argument --zz"))))));
            case SUBMIT_CONTENT_REJECTED -> List.of(Variant.of("inside an HTTP 200",
                    w -> w.register(submit().willReturn(okJson(error("moderation", "banned word"))))));
            case SUCCEEDED_GRID -> List.of(Variant.of("result.images nesting", w -> w.register(task(id).willReturn(okJson(
                    "{\"id\":\"" + id + "\",\"status\":\"done\",\"result\":{\"images\":[{\"url\":\"https://cdn.refvendor.example/"
                            + id + ".png\"}]},\"followUps\":[\"upscale:1\",\"upscale:2\",\"upscale:3\",\"upscale:4\"]}")))));
            default -> List.of();
        };
    }

    @Override
    public void submitServerError(WireMock wm) {
        wm.register(submit().willReturn(aResponse().withStatus(500).withBody(error("internal", "boom"))));
    }

    @Override
    public void submitInsufficientBalance(WireMock wm) {
        wm.register(submit().willReturn(aResponse().withStatus(402).withBody(error("balance", "no credits left"))));
    }

    @Override
    public void submitInvalidRequest(WireMock wm) {
        wm.register(submit().willReturn(aResponse().withStatus(400).withBody(error("bad_request", "unknown argument --zz"))));
    }

    @Override
    public void submitContentRejected(WireMock wm) {
        wm.register(submit().willReturn(aResponse().withStatus(400).withBody(error("moderation", "banned word"))));
    }

    @Override
    public void running(WireMock wm, String id, int percent) {
        wm.register(task(id).willReturn(okJson("{\"id\":\"" + id + "\",\"status\":\"running\",\"progress\":" + percent + "}")));
    }

    @Override
    public void queued(WireMock wm, String id) {
        wm.register(task(id).willReturn(okJson("{\"id\":\"" + id + "\",\"status\":\"queued\"}")));
    }

    @Override
    public void succeededGrid(WireMock wm, String id) {
        wm.register(task(id).willReturn(okJson(gridJson(id))));
    }

    /** A finished grid in the vendor's format. */
    public static String gridJson(String id) {
        return "{\"id\":\"" + id + "\",\"status\":\"done\",\"progress\":100,\"image\":\"https://cdn.refvendor.example/" + id + ".png\","
                + "\"followUps\":[\"upscale:1\",\"upscale:2\",\"upscale:3\",\"upscale:4\",\"variation:1\",\"variation:2\","
                + "\"variation:3\",\"variation:4\",\"reroll\"]}";
    }

    @Override
    public void succeededImage(WireMock wm, String id) {
        wm.register(task(id).willReturn(okJson("{\"id\":\"" + id + "\",\"status\":\"done\",\"single\":true,"
                + "\"image\":\"https://cdn.refvendor.example/" + id + ".png\",\"followUps\":[]}")));
    }

    @Override
    public void failedGeneric(WireMock wm, String id) {
        wm.register(task(id).willReturn(okJson("{\"id\":\"" + id + "\",\"status\":\"failed\",\"error\":{\"code\":\"internal\",\"message\":\"gpu lost\"}}")));
    }

    @Override
    public void failedPromptRejected(WireMock wm, String id) {
        wm.register(task(id).willReturn(okJson("{\"id\":\"" + id + "\",\"status\":\"failed\",\"error\":{\"code\":\"moderation\",\"message\":\"banned\"}}")));
    }

    @Override
    public void unknownStatus(WireMock wm, String id) {
        wm.register(task(id).willReturn(okJson("{\"id\":\"" + id + "\",\"status\":\"zz_new_state\"}")));
    }

    @Override
    public void malformedBody(WireMock wm, String id) {
        wm.register(task(id).willReturn(aResponse().withStatus(200).withBody("{\"id\":\"" + id + "\",\"status\":")));
    }

    @Override
    public void actionAccepted(WireMock wm, SubmitRequest request, String newId) {
        Action a = request.action();
        String expected = "{\"action\":\"" + a.kind().name().toLowerCase(java.util.Locale.ROOT) + "\",\"parent\":\""
                + request.parentVendorTaskId() + "\",\"reference\":\"" + request.clientReference() + "\""
                + (a instanceof Action.Upscale u ? ",\"index\":" + u.index() : "")
                + (a instanceof Action.Variation v ? ",\"index\":" + v.index() : "") + "}";
        wm.register(post(urlEqualTo("/v1/tasks")).withHeader("Authorization", equalTo(AUTH))
                .withRequestBody(equalToJson(expected, true, true))
                .willReturn(okJson("{\"id\":\"" + newId + "\",\"status\":\"queued\"}")));
    }

    @Override
    public void batchFetched(WireMock wm, List<String> runningIds, List<String> unknownIds) {
        StringBuilder tasks = new StringBuilder();
        for (String id : runningIds) {
            tasks.append(tasks.length() == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"status\":\"running\",\"progress\":30}");
        }
        wm.register(get(urlPathEqualTo("/v1/tasks")).withHeader("Authorization", equalTo(AUTH))
                .withQueryParam("ids", com.github.tomakehurst.wiremock.client.WireMock.matching(idsRegex(runningIds, unknownIds)))
                .willReturn(okJson("{\"tasks\":[" + tasks + "]}")));
    }

    /** A comma-separated list holding exactly these ids, in any order. */
    private static String idsRegex(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        StringBuilder re = new StringBuilder();
        for (String id : all) {
            re.append("(?=(^|.*,)").append(java.util.regex.Pattern.quote(id)).append("(,|$))");
        }
        return re + "[^,]+(,[^,]+){" + (all.size() - 1) + "}";
    }

    @Override
    public void cancelled(WireMock wm, String id) {
        wm.register(post(urlEqualTo("/v1/tasks/" + id + "/cancel")).withHeader("Authorization", equalTo(AUTH))
                .willReturn(okJson("{\"id\":\"" + id + "\",\"status\":\"cancelled\"}")));
    }

    @Override
    public Balance balance(WireMock wm) {
        wm.register(get(urlEqualTo("/v1/account")).withHeader("Authorization", equalTo(AUTH))
                .willReturn(okJson("{\"balance\":12.75,\"unit\":\"credits\"}")));
        return new Balance(new BigDecimal("12.75"), "credits");
    }

    @Override
    public void lookupFound(WireMock wm, String reference, String id) {
        wm.register(get(urlPathEqualTo("/v1/tasks")).withHeader("Authorization", equalTo(AUTH)).withQueryParam("reference", equalTo(reference))
                .willReturn(okJson("{\"tasks\":[{\"id\":\"" + id + "\",\"status\":\"running\",\"progress\":5}]}")));
    }

    @Override
    public void lookupNotFound(WireMock wm, String reference) {
        wm.register(get(urlPathEqualTo("/v1/tasks")).withHeader("Authorization", equalTo(AUTH)).withQueryParam("reference", equalTo(reference))
                .willReturn(okJson("{\"tasks\":[]}")));
    }

    @Override
    public CallbackPayload callbackSucceeded(String id) {
        return CallbackPayload.json(gridJson(id));
    }
}
