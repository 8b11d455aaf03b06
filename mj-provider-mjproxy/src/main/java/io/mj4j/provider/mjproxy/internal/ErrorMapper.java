package io.mj4j.provider.mjproxy.internal;

import io.mj4j.provider.support.JsonFields;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.provider.support.ErrorStatus;
import io.mj4j.provider.support.ProviderJson;
import io.mj4j.provider.support.Texts;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.HttpErrors;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps every documented error shape of mjproxy.md §4 and §10 to the exception hierarchy. Bodies are read
 * leniently, in the order §10 recommends: SubmitResultVO ({@code code}/{@code description}), trueai
 * {@code Result} ({@code success:false}/{@code message}), new-api ({@code type}), OpenAI
 * ({@code error.message}), plain text. Then:
 *
 * <ol>
 *   <li>HTTP 401 → authentication; HTTP 429 → rate limited with {@code Retry-After}; HTTP 5xx →
 *       {@link HttpErrors} (unavailable; 503 "not accepted");</li>
 *   <li>balance words ({@code quota_not_enough}, 额度不足, 余额不足 ...) → insufficient balance (new-api 400, §10);</li>
 *   <li>HTTP 403 → authentication (trueai disabled user, §2);</li>
 *   <li>the vendor code: 3 → unavailable, no task, on a root submit (no account) / invalid request on a
 *       follow-up or query (unknown task); 4 → invalid request; 5 → unavailable, maybe created (new-api relay
 *       error); 9 → rate limited when the text says "queue full" (trueai), else unavailable, no task;
 *       23, 30 → rate limited; 24 → content rejected; -1 (trueai {@code Result}) → rate limited, balance or
 *       invalid request by its words;</li>
 *   <li>otherwise {@link HttpErrors#classify} for non-2xx, and "unavailable, no task" for an unknown
 *       non-success code in a 2xx reply (§4: "ignore result on every non-success code; no task exists").</li>
 * </ol>
 *
 * Vendor text is truncated and scrubbed of the API key. Thread-safe.
 */
public final class ErrorMapper {
    private static final int MAX_TEXT = 300;
    private static final List<String> BALANCE_WORDS = List.of("quota_not_enough", "额度不足", "余额不足",
            "insufficient_quota", "insufficient quota", "insufficient balance", "quota is not enough", "not enough quota");
    private static final List<String> QUEUE_FULL_WORDS = List.of("队列已满", "queue is full", "queue full");
    private static final List<String> BUSY_WORDS = List.of("并发", "频繁", "too many", "rate limit", "concurren");
    private static final List<String> QUOTA_WORDS = List.of("额度", "余额", "次数", "quota");

    private final Clock clock;
    private final Redaction redaction;
    private final ProviderJson json;

    /** @param apiKey the key to scrub from vendor text, or null */
    public ErrorMapper(Clock clock, String apiKey) {
        this.clock = clock;
        this.redaction = Redaction.of(apiKey);
        // mjproxy.md §3: ids and values change type between lineages, so fields are read from trees (JsonFields);
        // a body with anything after its JSON value is not one of the documented shapes.
        this.json = ProviderJson.of(ProviderJson.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build(), redaction);
    }

    /** What a reply body says about an error. */
    record VendorError(Integer code, String message) {
    }

    /**
     * Reads a submit-style reply ({@code /submit/*}): code 1, 21 or 22 with a task id is returned; every
     * other reply throws the mapped exception.
     *
     * @param root true for root submits (code 3 then means "no account available", §4)
     */
    public SubmitResult submitResult(HttpReply reply, String what, boolean root) {
        return submitResult(reply, what, root, null);
    }

    /**
     * As {@link #submitResult(HttpReply, String, boolean)}, using {@code knownId} when an accepted reply has no
     * {@code result} (the modal step answers for a task whose id is already known, §5.4).
     */
    public SubmitResult submitResult(HttpReply reply, String what, boolean root, String knownId) {
        if (!reply.isSuccess()) {
            throw failure(reply, what, root);
        }
        JsonNode body = body(reply, what).orElseThrow(() ->
                new ProviderProtocolException(what + ": empty reply (HTTP " + reply.status() + ")"));
        if (!body.isObject()) {
            throw new ProviderProtocolException(what + ": expected a submit result object, got " + snippet(reply));
        }
        VendorError err = read(body, reply);
        if (body.hasNonNull("code") && err.code() != null) {
            int code = err.code();
            if (code == 1 || code == 21 || code == 22) {
                String id = resultId(body.get("result")).or(() -> Optional.ofNullable(knownId)).orElseThrow(() -> new ProviderProtocolException(
                        what + ": accepted (code " + code + ") without a task id in 'result': " + snippet(reply)));
                return new SubmitResult(code, id, JsonFields.text(body, "description").orElse(""), JsonFields.object(body, "properties"));
            }
            throw refusal(reply, err, body, what, root);
        }
        if (body.has("success") && !body.get("success").asBoolean(true)) {
            throw refusal(reply, err, body, what, root);
        }
        throw new ProviderProtocolException(what + ": the reply has no 'code': " + snippet(reply));
    }

    /**
     * For calls whose success carries no task id (cancel, §5.9): an empty 2xx body, or an object without a
     * failing {@code code}/{@code success}, is returned; a refusal throws the mapped exception.
     */
    public Optional<JsonNode> acknowledged(HttpReply reply, String what) {
        if (!reply.isSuccess()) {
            throw failure(reply, what, false);
        }
        Optional<JsonNode> body = body(reply, what);
        if (body.isEmpty()) {
            return body;
        }
        JsonNode node = body.get();
        if (!node.isObject()) {
            throw new ProviderProtocolException(what + ": expected an object, got " + snippet(reply));
        }
        VendorError err = read(node, reply);
        boolean failedCode = node.hasNonNull("code") && err.code() != null && err.code() != 1;
        boolean failedResult = node.has("success") && !node.get("success").asBoolean(true);
        if (failedCode || failedResult) {
            throw refusal(reply, err, node, what, false);
        }
        return body;
    }

    /** The exception for a non-2xx reply (any call). */
    public MjException failure(HttpReply reply, String what, boolean root) {
        Optional<JsonNode> body;
        try {
            body = body(reply, what);
        } catch (ProviderProtocolException notJson) {
            body = Optional.empty();
        }
        JsonNode node = body.filter(JsonNode::isObject).orElse(null);
        VendorError err = node == null ? new VendorError(null, scrub(reply.bodyText())) : read(node, reply);
        return refusal(reply, err, node, what, root);
    }

    /** The exception for a vendor refusal (a non-success code in any reply, or a non-2xx reply). */
    MjException refusal(HttpReply reply, VendorError err, JsonNode body, String what, boolean root) {
        int s = reply.status();
        String text = err.message() == null ? "" : err.message();
        String lower = text.toLowerCase(Locale.ROOT);
        String codeText = err.code() == null ? null : Integer.toString(err.code());
        String message = what + " refused (HTTP " + s + (codeText == null ? "" : ", code " + codeText) + ")"
                + (text.isEmpty() ? "" : ": " + text);
        Duration retryAfter = reply.retryAfter(clock).orElse(null);
        MjException coded = err.code() == null ? null : byCode(err.code(), lower, message, body, root, retryAfter);
        MjException e;
        if (s == 401 || s == 429 || s >= 500) {
            e = ErrorStatus.classify(reply, s, what, text, codeText, clock, redaction);
        } else if (containsAny(lower, BALANCE_WORDS)) {
            e = new InsufficientBalanceException(message);
        } else if (s == 403) {
            e = new AuthenticationException(message);
        } else if (coded != null) {
            e = coded;
        } else if (!reply.isSuccess()) {
            e = ErrorStatus.classify(reply, s, what, text, codeText, clock, redaction);
        } else {
            e = new ProviderUnavailableException(message, false);
        }
        e.withHttpStatus(s);
        if (codeText != null) {
            e.withVendorCode(codeText);
        }
        return e;
    }

    private static MjException byCode(int code, String lower, String message, JsonNode body, boolean root, Duration retryAfter) {
        return switch (code) {
            case 3 -> code3(lower, message, root);
            case 4 -> new InvalidRequestException(message);
            // §4: new-api MjErrorUnknown: the relay may have reached the upstream.
            case 5 -> new ProviderUnavailableException(message, true);
            // §4/§14: trueai answers "queue full" with 9.
            case 9 -> containsAny(lower, QUEUE_FULL_WORDS) ? new RateLimitedException(message, retryAfter)
                    : new ProviderUnavailableException(message, false);
            case 23, 30 -> new RateLimitedException(message, retryAfter);
            case 24 -> new ContentRejectedException(message + bannedWord(body));
            // §10: trueai NewTask limits come back as {"success":false,"code":-1,"message":...}.
            case -1 -> containsAny(lower, BUSY_WORDS) ? new RateLimitedException(message, retryAfter)
                    : containsAny(lower, QUOTA_WORDS) ? new InsufficientBalanceException(message)
                    : new InvalidRequestException(message);
            default -> null;
        };
    }

    /**
     * §4: code 3 on a root submit is "no account instance" (nothing created; later or elsewhere may work). On a
     * follow-up it is either the parent missing (关联任务不存在或已失效: unknown here, expired, or lost in a restart)
     * or, by its description, no account; the message says which.
     */
    private static MjException code3(String lower, String message, boolean root) {
        if (root) {
            return new ProviderUnavailableException(message + " - no task was created; the server has no account that"
                    + " can take it now, so the same request may succeed later or on another provider", false);
        }
        if (VendorTexts.saysTaskMissing(lower)) {
            return new InvalidRequestException(message + " - the parent task is missing on this server (never created"
                    + " there, expired, or lost when the server restarted)");
        }
        if (VendorTexts.saysNoAccount(lower)) {
            return new ProviderUnavailableException(message + " - the parent task exists, but the server has no account"
                    + " that can take the follow-up now; no task was created", false);
        }
        return new InvalidRequestException(message + " - code 3 on a follow-up: the parent task is missing or the"
                + " server has no account available (the description says neither)");
    }

    /**
     * True when {@code reply} is a 404/405 without a vendor envelope (no {@code code}, no {@code success}): the
     * endpoint itself is absent (OSS v2 answers Spring's {@code {"status":404,"error":"Not Found","path":...}}),
     * unlike trueai's 404 with a code-3 body (§10), which is a vendor answer.
     */
    public boolean endpointMissing(HttpReply reply) {
        return (reply.status() == 404 || reply.status() == 405) && !envelope(reply);
    }

    /** True when the reply body is a vendor envelope: a JSON object with {@code code} or {@code success}. */
    public boolean envelope(HttpReply reply) {
        try {
            Optional<JsonNode> body = body(reply, "envelope check");
            return body.filter(JsonNode::isObject).filter(n -> n.has("code") || n.has("success")).isPresent();
        } catch (ProviderProtocolException notJson) {
            return false;
        }
    }

    /**
     * True when a failed query reply says the task does not exist: new-api's HTTP 400 {@code task_no_found}
     * (§5.9, §10), trueai's 404 with code 3 (§5.9 image-seed), or the same words in any 4xx envelope.
     */
    public boolean saysTaskMissing(HttpReply reply) {
        if (reply.status() < 400 || reply.status() >= 500 || !envelope(reply)) {
            return false;
        }
        JsonNode node = body(reply, "not-found check").orElseThrow();
        VendorError err = read(node, reply);
        return VendorTexts.saysTaskMissing(err.message() == null ? "" : err.message().toLowerCase(Locale.ROOT))
                || reply.status() == 404 && Integer.valueOf(3).equals(err.code());
    }

    /** The vendor's text of a reply (scrubbed, glossed), for messages that quote it. */
    public String vendorText(HttpReply reply) {
        try {
            Optional<JsonNode> body = body(reply, "vendor text");
            if (body.isPresent() && body.get().isObject()) {
                VendorError err = read(body.get(), reply);
                return (err.code() == null ? "" : "code " + err.code() + ": ") + err.message();
            }
        } catch (ProviderProtocolException notJson) {
            // fall through to the raw snippet
        }
        String raw = snippet(reply);
        return raw.isEmpty() ? "an empty body" : raw;
    }

    private static String bannedWord(JsonNode body) {
        return JsonFields.text(JsonFields.object(body, "properties"), "bannedWord").map(w -> " (banned word: " + w + ")").orElse("");
    }

    private VendorError read(JsonNode body, HttpReply reply) {
        Integer code = null;
        JsonNode c = body.get("code");
        if (c != null && (c.isInt() || c.isLong() || c.isTextual() && c.asText().strip().matches("-?\\d{1,9}"))) {
            code = Integer.parseInt(c.asText().strip());
        }
        JsonNode error = body.get("error");
        Optional<String> msg = JsonFields.text(body, "description")
                .or(() -> JsonFields.text(body, "message"))
                .or(() -> error != null && error.isObject() ? JsonFields.text(error, "message") : JsonFields.text(body, "error"));
        if (code == null && error != null && error.isObject()) {
            JsonNode ec = error.get("code");
            if (ec != null && ec.isInt()) {
                code = ec.asInt();
            }
        }
        String type = JsonFields.text(body, "type").or(() -> error != null && error.isObject() ? JsonFields.text(error, "type") : Optional.empty())
                .orElse("");
        String text = msg.orElseGet(reply::bodyText);
        if (!type.isEmpty() && !text.contains(type)) {
            text = text + " [" + type + "]";
        }
        // The vendor's own words stay; a known Chinese phrase gets its English beside it.
        return new VendorError(code, scrub(VendorTexts.gloss(scrub(text))));
    }

    /** {@code result} as a task id: a string or number; the first of a comma-joined list (trueai PicReader::all, §3.1). */
    static Optional<String> resultId(JsonNode result) {
        if (result == null || result.isNull()) {
            return Optional.empty();
        }
        String raw = result.isArray() ? (result.isEmpty() ? "" : result.get(0).asText()) : result.isValueNode() ? result.asText() : "";
        String first = raw.split(",")[0].strip();
        return first.isEmpty() ? Optional.empty() : Optional.of(first);
    }

    /** The body of {@code reply} as JSON (empty for an empty body); unreadable JSON is a protocol error with a scrubbed snippet. */
    public Optional<JsonNode> body(HttpReply reply, String what) {
        return json.readOptional(reply, what);
    }

    /** A raw body (a callback) as JSON (empty for an empty body); unreadable JSON is a protocol error with a scrubbed snippet. */
    public Optional<JsonNode> body(byte[] body, String what) {
        return json.readOptional(new String(body, java.nio.charset.StandardCharsets.UTF_8), what);
    }

    /** A short, scrubbed snippet of a reply body, for protocol-error messages. */
    public String snippet(HttpReply reply) {
        return Texts.snippet(reply.bodyText(), redaction, 200);
    }

    /** A short, scrubbed snippet of a raw body (callbacks). */
    public String snippet(byte[] body) {
        return scrub(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Vendor text cut to a readable length, with the API key (should a server echo it) replaced. */
    public String scrub(String text) {
        return Texts.snippet(text, redaction, MAX_TEXT); // redacted raw and JSON-escaped, then cut
    }

    private static boolean containsAny(String text, List<String> words) {
        return words.stream().anyMatch(text::contains);
    }
}
