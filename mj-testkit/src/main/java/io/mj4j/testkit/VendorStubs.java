package io.mj4j.testkit;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.mj4j.spi.SubmitRequest;
import org.opentest4j.TestAbortedException;

import java.util.List;
import java.util.Map;

/**
 * A provider's vendor, expressed as WireMock stubs: each method registers, on {@code wm}, what the
 * vendor answers in one scenario, in the vendor's own wire format. The kit sends requests through the
 * provider and checks what comes out. Stubs should match requests as strictly as the vendor would
 * (path, method, auth header carrying {@link ProviderConformanceKit#API_KEY}, the ids a follow-up must
 * carry), so a provider that sends the wrong thing gets WireMock's 404 and fails.
 *
 * <p>Methods with a default are optional: the default throws {@link TestAbortedException}, which JUnit
 * reports as a skip naming the method to implement. Implement every one your vendor documents.
 */
public interface VendorStubs {

    // ------------------------------------------------------------------ submit (the kit's imagine)

    /** The imagine submit ({@link ProviderConformanceKit#IMAGINE}: {@value ProviderConformanceKit#IMAGINE_PROMPT}) is accepted as task {@code vendorTaskId}. */
    void submitAccepted(WireMock wm, String vendorTaskId);

    /** The imagine submit is refused: bad or missing credentials. */
    void submitUnauthorized(WireMock wm);

    /** The imagine submit is refused: rate limited, with {@code Retry-After: retryAfterSeconds} where the vendor sends it. */
    void submitRateLimited(WireMock wm, int retryAfterSeconds);

    /** The imagine submit fails with a server error (HTTP 500 or the vendor's equivalent). */
    void submitServerError(WireMock wm);

    /** The imagine submit is refused: out of balance / requests. */
    default void submitInsufficientBalance(WireMock wm) {
        throw notApplicable("submitInsufficientBalance");
    }

    /** The imagine submit is refused as invalid (bad parameter). */
    default void submitInvalidRequest(WireMock wm) {
        throw notApplicable("submitInvalidRequest");
    }

    /** The imagine submit is refused by moderation at submit time. */
    default void submitContentRejected(WireMock wm) {
        throw notApplicable("submitContentRejected");
    }

    // ------------------------------------------------------------------ fetch

    /** Task {@code vendorTaskId} (an imagine) is running at {@code percent} %. */
    void running(WireMock wm, String vendorTaskId, int percent);

    /** Task {@code vendorTaskId} (an imagine) succeeded with a grid; its follow-ups must include U1..U4. */
    void succeededGrid(WireMock wm, String vendorTaskId);

    /** Task {@code vendorTaskId} failed for a vendor-side reason. */
    void failedGeneric(WireMock wm, String vendorTaskId);

    /** Fetching task {@code vendorTaskId} returns HTTP 200 with a body that is not valid JSON (or not the vendor's shape). */
    void malformedBody(WireMock wm, String vendorTaskId);

    /** Task {@code vendorTaskId} is queued (accepted, not started). */
    default void queued(WireMock wm, String vendorTaskId) {
        throw notApplicable("queued");
    }

    /** Task {@code vendorTaskId} (an upscale) succeeded with a single image. */
    default void succeededImage(WireMock wm, String vendorTaskId) {
        throw notApplicable("succeededImage");
    }

    /** Task {@code vendorTaskId} failed because moderation rejected the prompt. */
    default void failedPromptRejected(WireMock wm, String vendorTaskId) {
        throw notApplicable("failedPromptRejected");
    }

    /** Task {@code vendorTaskId} reports a status word no provider can know ("zz_new_state"). */
    default void unknownStatus(WireMock wm, String vendorTaskId) {
        throw notApplicable("unknownStatus");
    }

    // ------------------------------------------------------------------ other actions

    /**
     * The submit of {@code request} (a follow-up on {@code request.parent()}, or a root action other than
     * the kit's imagine) is accepted as task {@code newVendorTaskId}. Match the ids the vendor needs (read
     * them from the parent snapshot the same way the provider must) so a provider sending the wrong id fails.
     */
    default void actionAccepted(WireMock wm, SubmitRequest request, String newVendorTaskId) {
        throw notApplicable("actionAccepted");
    }

    // ------------------------------------------------------------------ callbacks

    /** A vendor callback reporting that {@code vendorTaskId} succeeded with a grid (for providers with CALLBACKS). */
    default CallbackPayload callbackSucceeded(String vendorTaskId) {
        throw notApplicable("callbackSucceeded");
    }

    /** A callback request: headers and raw body. */
    record CallbackPayload(Map<String, List<String>> headers, byte[] body) {
        public static CallbackPayload json(String json) {
            return new CallbackPayload(Map.of("Content-Type", List.of("application/json")),
                    json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** The exception the defaults throw: a JUnit skip naming the method. */
    static TestAbortedException notApplicable(String method) {
        return new TestAbortedException("VendorStubs." + method + " is not implemented for this vendor; implement it to run this rule");
    }
}
