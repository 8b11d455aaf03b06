package io.mj4j.testkit;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.mj4j.spi.Balance;
import io.mj4j.spi.SubmitRequest;
import org.opentest4j.TestAbortedException;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A provider's vendor, expressed as WireMock stubs: each method registers, on {@code wm}, what the
 * vendor answers in one scenario, in the vendor's own wire format. The kit sends requests through the
 * provider and checks what comes out. Stubs should match requests as strictly as the vendor would
 * (path, method, auth header carrying {@link ProviderConformanceKit#API_KEY}, the ids a follow-up must
 * carry), so a provider that sends the wrong thing gets WireMock's 404 and fails.
 *
 * <p>Methods with a default are optional: the default throws {@link TestAbortedException}, which JUnit
 * reports as a skip naming the method to implement. Implement every one your vendor documents; for a
 * scenario your vendor does not have, override the method to throw {@link #notInVendor(String, String)}
 * naming the section of your vendor notes that says so, so the skip explains itself. The stubs of a
 * declared feature (batch fetch, cancel, balance, lookup, callbacks) are not optional: the kit fails a
 * declared feature whose stubs are missing.
 *
 * <p>Where a vendor has several wire shapes for one scenario (an error inside an HTTP 200 body and as a
 * real status; two nestings of a result), return the extra ones from {@link #variants}: the kit runs the
 * rule once per variant.
 */
public interface VendorStubs {

    // ------------------------------------------------------------------ submit (the kit's imagine)

    /** The imagine submit ({@link ProviderConformanceKit#IMAGINE}: {@value ProviderConformanceKit#IMAGINE_PROMPT}) is accepted as task {@code vendorTaskId}. */
    void submitAccepted(WireMock wm, String vendorTaskId);

    /** The imagine submit is refused: bad or missing credentials. */
    void submitUnauthorized(WireMock wm);

    /**
     * The imagine submit is refused: rate limited (HTTP 429 or the vendor's equivalent). Where the vendor
     * sends {@code Retry-After}, send {@code retryAfterHeader} verbatim as its value: the kit passes both
     * forms, delta-seconds ({@code "7"}) and an HTTP-date. Where the vendor documents none, send none and
     * say so in {@link #retryAfterOnRateLimit()}.
     */
    void submitRateLimited(WireMock wm, String retryAfterHeader);

    /**
     * Whether the vendor sends {@code Retry-After} with a rate limit: {@link RetryAfter#SENT}, or
     * {@link RetryAfter#none(String)} naming the vendor-notes section that documents no such header. The
     * kit then checks the provider surfaces exactly the header's value, or reports none (rule R5.12).
     */
    RetryAfter retryAfterOnRateLimit();

    /** The imagine submit fails with a server error (HTTP 500 or the vendor's equivalent). */
    void submitServerError(WireMock wm);

    /**
     * The imagine submit is answered HTTP 200, but the body carries the vendor's own failure signal that is
     * not a documented refusal (OhMyGPT {@code statusCode: 500}, mj-proxy {@code code: 9}). The vendor may
     * have created the task, so the provider must say so (rule R5.10).
     */
    default void submitErrorInOkBody(WireMock wm) {
        throw notApplicable("submitErrorInOkBody");
    }

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

    // ------------------------------------------------------------------ declared features

    /**
     * One batch fetch of {@code runningIds} and {@code unknownIds} (in any order, in one request) answers
     * every task of {@code runningIds} as running at 30 % and none of {@code unknownIds} (the vendor does not
     * know them). For providers declaring BATCH_FETCH.
     */
    default void batchFetched(WireMock wm, List<String> runningIds, List<String> unknownIds) {
        throw notApplicable("batchFetched");
    }

    /**
     * The vendor's cancel request for {@code vendorTaskId} is accepted (match it strictly: method, path,
     * body), answered as the vendor answers it. For providers declaring CANCEL.
     */
    default void cancelled(WireMock wm, String vendorTaskId) {
        throw notApplicable("cancelled");
    }

    /**
     * The vendor's balance request is answered; returns the balance the provider must read from that
     * answer (give it a fractional amount where the vendor has one). For providers declaring BALANCE.
     */
    default Balance balance(WireMock wm) {
        throw notApplicable("balance");
    }

    /** The lookup of {@code clientReference} finds task {@code vendorTaskId} (running). For LOOKUP_BY_REFERENCE. */
    default void lookupFound(WireMock wm, String clientReference, String vendorTaskId) {
        throw notApplicable("lookupFound");
    }

    /** The lookup of {@code clientReference} finds nothing, the way the vendor says so. For LOOKUP_BY_REFERENCE. */
    default void lookupNotFound(WireMock wm, String clientReference) {
        throw notApplicable("lookupNotFound");
    }

    /**
     * Replies of the kit's vendor-neutral set (by name: "429", "500 page", "502 page", "503 page", "504 page",
     * "HTML page", "truncated JSON", "empty body") that this vendor documents with a meaning of its own on a
     * fetch, each mapped to the vendor-notes section that says so (mj-proxy: an empty 200 is "no such task").
     * Rule R6.3 (a failed fetch is retryable) skips them, naming the section. Default: none.
     */
    default Map<String, String> vendorMeaningOnFetch() {
        return Map.of();
    }

    // ------------------------------------------------------------------ wire variants

    /** The scenarios that can have several wire shapes. */
    enum Scenario {
        SUBMIT_UNAUTHORIZED, SUBMIT_INSUFFICIENT_BALANCE, SUBMIT_SERVER_ERROR, SUBMIT_INVALID_REQUEST,
        SUBMIT_CONTENT_REJECTED, SUBMIT_ERROR_IN_OK_BODY, RUNNING, SUCCEEDED_GRID, SUCCEEDED_IMAGE, FAILED_GENERIC,
        FAILED_PROMPT_REJECTED
    }

    /**
     * The vendor's other wire shapes of {@code scenario}, besides the one its method registers. For task
     * scenarios the task is {@code vendorTaskId} (running ones at 42 %). Default: none.
     */
    default List<Variant> variants(Scenario scenario, String vendorTaskId) {
        return List.of();
    }

    /** One wire shape of a scenario: a name for the report, and the stubs that express it. */
    record Variant(String name, Consumer<WireMock> stubs) {
        public Variant {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(stubs, "stubs");
        }

        public static Variant of(String name, Consumer<WireMock> stubs) {
            return new Variant(name, stubs);
        }
    }

    /** Whether a vendor sends {@code Retry-After} on a rate limit; {@link #none} carries the vendor-notes section saying it does not. */
    record RetryAfter(boolean sent, String vendorSection) {
        /** The vendor sends {@code Retry-After}. */
        public static final RetryAfter SENT = new RetryAfter(true, "");

        public RetryAfter {
            Objects.requireNonNull(vendorSection, "vendorSection");
            if (!sent && vendorSection.isBlank()) {
                throw new IllegalArgumentException("name the vendor-notes section that documents no Retry-After");
            }
        }

        /** The vendor documents no {@code Retry-After}; {@code vendorSection} says where (for example "vendors/gptunnel.md §9"). */
        public static RetryAfter none(String vendorSection) {
            return new RetryAfter(false, vendorSection);
        }
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

    /**
     * The skip for a scenario the vendor does not have: throw it from the override of {@code method}, with
     * {@code vendorSection} naming where the vendor notes say so (for example "vendors/gptunnel.md §7: no
     * moderation refusal at submit").
     */
    static TestAbortedException notInVendor(String method, String vendorSection) {
        if (vendorSection == null || vendorSection.isBlank()) {
            throw new IllegalArgumentException("name the vendor-notes section that justifies skipping " + method);
        }
        return new TestAbortedException("VendorStubs." + method + " does not apply to this vendor: " + vendorSection);
    }
}
