package io.mj4j.provider.ohmygpt;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.mj4j.spi.Action;
import io.mj4j.spi.Balance;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.VendorStubs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * OhMyGPT as WireMock stubs, in its wire format (ohmygpt.md §4, §5, §12): JSON POSTs carrying
 * {@code model=midjourney} and {@code Authorization: Bearer <key>}, answers in the
 * {@code {statusCode, message, data}} envelope. Task fixtures live in {@code src/test/resources/ohmygpt/}.
 * Each task's Discord job id is derived from its task id, so a follow-up stub knows the exact
 * {@code customId} the parent offered without reading the provider's vendor state.
 */
final class OhMyGptStubs implements VendorStubs {
    static final String IMAGINE = "/api/v1/ai/draw/mj/imagine";
    static final String ACTION = "/api/v1/ai/draw/mj/action";
    static final String QUERY = "/api/v1/ai/draw/mj/query";
    static final String BALANCE = "/api/v1/user/admin/balance";
    static final String BEARER = "Bearer " + ProviderConformanceKit.API_KEY;

    // ------------------------------------------------------------------ submit

    @Override
    public void submitAccepted(WireMock wm, String vendorTaskId) {
        wm.register(imagine().withRequestBody(matchingJsonPath("$.prompt", equalTo(ProviderConformanceKit.IMAGINE_PROMPT)))
                .willReturn(ok(accepted(vendorTaskId))));
    }

    @Override
    public void submitUnauthorized(WireMock wm) {
        wm.register(post(urlPathEqualTo(IMAGINE)).willReturn(json(401,
                "{\"statusCode\":401,\"message\":\"Unauthorized: invalid token\",\"data\":null}")));
    }

    @Override
    public void submitRateLimited(WireMock wm, String retryAfterHeader) {
        // No Retry-After: see retryAfterOnRateLimit().
        wm.register(imagine().willReturn(json(429, "{\"statusCode\":429,\"message\":\"Too Many Requests\",\"data\":null}")));
    }

    @Override
    public RetryAfter retryAfterOnRateLimit() {
        return RetryAfter.none("vendors/ohmygpt.md §9/§14: rate limits not documented");
    }

    @Override
    public void submitServerError(WireMock wm) {
        wm.register(imagine().willReturn(json(500, "{\"statusCode\":500,\"message\":\"Internal Server Error\",\"data\":null}")));
    }

    @Override
    public void submitInsufficientBalance(WireMock wm) {
        wm.register(imagine().willReturn(json(402, fixture("error-insufficient-balance.json"))));
    }

    /** ohmygpt.md §9: a refused submit is {@code statusCode: 400} inside an HTTP 200. */
    @Override
    public void submitInvalidRequest(WireMock wm) {
        wm.register(imagine().willReturn(ok("{\"statusCode\":400,\"message\":\"Invalid parameter: --ar 0:0\",\"data\":null}")));
    }

    @Override
    public void submitContentRejected(WireMock wm) {
        wm.register(imagine().willReturn(ok("{\"statusCode\":400,\"message\":\"Banned prompt detected: fox\",\"data\":null}")));
    }

    /** ohmygpt.md §4: a failure is {@code statusCode != 200} inside an HTTP 200; a server-side one may have created the task. */
    @Override
    public void submitErrorInOkBody(WireMock wm) {
        wm.register(imagine().willReturn(ok("{\"statusCode\":500,\"message\":\"Internal Server Error\",\"data\":null}")));
    }

    /** ohmygpt.md §4/§9: every error comes both inside an HTTP 200 ({@code statusCode}) and as a real HTTP status. */
    @Override
    public List<Variant> variants(Scenario scenario, String vendorTaskId) {
        return switch (scenario) {
            case SUBMIT_UNAUTHORIZED -> List.of(Variant.of("statusCode 401 inside an HTTP 200", w -> w.register(post(urlPathEqualTo(IMAGINE))
                    .willReturn(ok("{\"statusCode\":401,\"message\":\"Unauthorized: invalid token\",\"data\":null}")))));
            case SUBMIT_INSUFFICIENT_BALANCE -> List.of(Variant.of("statusCode 402 inside an HTTP 200", w -> w.register(imagine()
                    .willReturn(ok(fixture("error-insufficient-balance.json"))))));
            case SUBMIT_INVALID_REQUEST -> List.of(Variant.of("HTTP 400", w -> w.register(imagine().willReturn(
                    json(400, "{\"statusCode\":400,\"message\":\"Invalid parameter: --ar 0:0\",\"data\":null}")))));
            case SUBMIT_CONTENT_REJECTED -> List.of(Variant.of("HTTP 400", w -> w.register(imagine().willReturn(
                    json(400, "{\"statusCode\":400,\"message\":\"Banned prompt detected: fox\",\"data\":null}")))));
            case SUBMIT_SERVER_ERROR -> List.of(Variant.of("HTML 500 page", w -> w.register(imagine().willReturn(aResponse()
                    .withStatus(500).withHeader("Content-Type", "text/html").withBody("<html><body>500 Internal Server Error</body></html>")))));
            default -> List.of();
        };
    }

    // ------------------------------------------------------------------ fetch

    @Override
    public void running(WireMock wm, String vendorTaskId, int percent) {
        query(wm, vendorTaskId, task("task-in-progress.json", vendorTaskId, Map.of("__PERCENT__", Integer.toString(percent))));
    }

    @Override
    public void succeededGrid(WireMock wm, String vendorTaskId) {
        query(wm, vendorTaskId, task("task-success-grid.json", vendorTaskId, Map.of("__POOL__", "FAST", "__S3_URL__", "null")));
    }

    @Override
    public void failedGeneric(WireMock wm, String vendorTaskId) {
        query(wm, vendorTaskId, task("task-failure.json", vendorTaskId,
                Map.of("__REASON__", "Midjourney bot error: the job could not be queued")));
    }

    @Override
    public void malformedBody(WireMock wm, String vendorTaskId) {
        query(wm, vendorTaskId, "{\"statusCode\":200,\"message\":\"Success\",\"data\":{\"taskId\":");
    }

    @Override
    public void queued(WireMock wm, String vendorTaskId) {
        query(wm, vendorTaskId, task("task-not-start.json", vendorTaskId, Map.of()));
    }

    @Override
    public void succeededImage(WireMock wm, String vendorTaskId) {
        query(wm, vendorTaskId, task("task-success-upscale.json", vendorTaskId, Map.of("__POOL__", "FAST", "__PARENT__", "1")));
    }

    @Override
    public void failedPromptRejected(WireMock wm, String vendorTaskId) {
        query(wm, vendorTaskId, task("task-failure.json", vendorTaskId, Map.of("__REASON__", "Banned prompt detected")));
    }

    @Override
    public void unknownStatus(WireMock wm, String vendorTaskId) {
        query(wm, vendorTaskId, task("task-status.json", vendorTaskId, Map.of("__STATUS__", "zz_new_state")));
    }

    // ------------------------------------------------------------------ follow-ups

    /** ohmygpt.md §5.2: {@code /action} with the parent's task id and the parent's exact button id, in its pool. */
    @Override
    public void actionAccepted(WireMock wm, SubmitRequest request, String newVendorTaskId) {
        String parentId = request.parentVendorTaskId();
        wm.register(post(urlPathEqualTo(ACTION)).withHeader("Authorization", equalTo(BEARER))
                .withRequestBody(matchingJsonPath("$.model", equalTo("midjourney")))
                .withRequestBody(matchingJsonPath("$.taskId", equalTo(parentId)))
                .withRequestBody(matchingJsonPath("$.customId", equalTo(expectedCustomId(request.action(), jobId(parentId)))))
                .withRequestBody(matchingJsonPath("$.type", equalTo("FAST")))
                .willReturn(ok(accepted(newVendorTaskId))));
    }

    /** The button id the fixtures give a parent with Discord job {@code job} for {@code action}. */
    static String expectedCustomId(Action action, String job) {
        return switch (action.kind()) {
            case UPSCALE -> "MJ::JOB::upsample::" + ((Action.Upscale) action).index() + "::" + job;
            case VARIATION -> "MJ::JOB::variation::" + ((Action.Variation) action).index() + "::" + job;
            case REROLL -> "MJ::JOB::reroll::0::" + job + "::SOLO";
            case VARY -> (((Action.Vary) action).strength() == Action.Strength.SUBTLE ? "MJ::JOB::low_variation::1::"
                    : "MJ::JOB::high_variation::1::") + job + "::SOLO";
            case UPSCALE_MORE -> "MJ::JOB::upsample_v6_2x_" + ((Action.UpscaleMore) action).mode().name().toLowerCase(Locale.ROOT)
                    + "::1::" + job + "::SOLO";
            case ZOOM -> {
                Action.Zoom z = (Action.Zoom) action;
                yield "MJ::Outpaint::" + (z.square() ? "100" : z.factor() == 2.0 ? "50" : "75") + "::1::" + job + "::SOLO";
            }
            case PAN -> "MJ::JOB::pan_" + ((Action.Pan) action).direction().name().toLowerCase(Locale.ROOT) + "::1::" + job + "::SOLO";
            case CUSTOM -> ((Action.Custom) action).vendorActionId();
            default -> throw new IllegalArgumentException("OhMyGPT has no button for " + action.kind());
        };
    }

    // ------------------------------------------------------------------ account

    /** ohmygpt.md §5.8: POST with an empty body, the balance a string in OhMyGPT's token unit. */
    @Override
    public Balance balance(WireMock wm) {
        wm.register(post(urlPathEqualTo(BALANCE)).withHeader("Authorization", equalTo(BEARER))
                .willReturn(ok("{\"statusCode\":200,\"message\":\"Success\",\"data\":{\"balance\":\"1234567.25\",\"free_balance\":0}}")));
        return new Balance(new BigDecimal("1234567.25"), "ohmygpt-tokens");
    }

    // ------------------------------------------------------------------ callbacks

    /** ohmygpt.md §8: the webhook body is the task object itself. */
    @Override
    public CallbackPayload callbackSucceeded(String vendorTaskId) {
        String envelope = task("task-success-grid.json", vendorTaskId, Map.of("__POOL__", "FAST", "__S3_URL__", "null"));
        String bare = envelope.substring(envelope.indexOf("\"data\":") + "\"data\":".length(), envelope.lastIndexOf('}'));
        return CallbackPayload.json(bare);
    }

    // ------------------------------------------------------------------ helpers

    /** The Discord job id the fixtures give task {@code vendorTaskId}. */
    static String jobId(String vendorTaskId) {
        return UUID.nameUUIDFromBytes(vendorTaskId.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A fixture with its placeholders filled; the task id goes as a JSON number when it is one (as the vendor sends it). */
    static String task(String fixture, String vendorTaskId, Map<String, String> values) {
        String text = fixture(fixture)
                .replace("__TASK_ID__", vendorTaskId.matches("\\d+") ? vendorTaskId : "\"" + vendorTaskId + "\"")
                .replace("__JOB__", jobId(vendorTaskId));
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        return text;
    }

    static String fixture(String name) {
        try (InputStream in = OhMyGptStubs.class.getResourceAsStream("/ohmygpt/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture ohmygpt/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String accepted(String vendorTaskId) {
        return "{\"statusCode\":200,\"message\":\"Success\",\"data\":"
                + (vendorTaskId.matches("\\d+") ? vendorTaskId : "\"" + vendorTaskId + "\"") + "}";
    }

    static MappingBuilder imagine() {
        return post(urlPathEqualTo(IMAGINE)).withHeader("Authorization", equalTo(BEARER))
                .withRequestBody(matchingJsonPath("$.model", equalTo("midjourney")));
    }

    static void query(WireMock wm, String vendorTaskId, String body) {
        wm.register(post(urlPathEqualTo(QUERY)).withHeader("Authorization", equalTo(BEARER))
                .withRequestBody(matchingJsonPath("$.model", equalTo("midjourney")))
                .withRequestBody(matchingJsonPath("$.taskId", equalTo(vendorTaskId)))
                .willReturn(ok(body)));
    }

    static ResponseDefinitionBuilder ok(String body) {
        return json(200, body);
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
