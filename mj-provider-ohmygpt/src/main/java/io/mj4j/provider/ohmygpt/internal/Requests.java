package io.mj4j.provider.ohmygpt.internal;

import io.mj4j.spi.Credentials;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.ProviderContext;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds OhMyGPT's requests. Every call is a POST with a JSON body (ohmygpt.md §3 recommends JSON over
 * the form encoding the docs show), carries {@code model=midjourney} (§2: the key's permission check
 * keys on it) and {@code Authorization: Bearer <key>} (§2). Thread-safe.
 */
public final class Requests {
    /** ohmygpt.md §5.1. */
    static final String IMAGINE = "/api/v1/ai/draw/mj/imagine";
    /** ohmygpt.md §5.2. */
    static final String ACTION = "/api/v1/ai/draw/mj/action";
    /** ohmygpt.md §5.5: a POST, not a GET. */
    static final String QUERY = "/api/v1/ai/draw/mj/query";
    /** ohmygpt.md §5.8 [client]. */
    static final String BALANCE = "/api/v1/user/admin/balance";
    /** ohmygpt.md §2, §3: required on every Midjourney endpoint. */
    static final String MODEL = "midjourney";

    private final ProviderContext context;

    public Requests(ProviderContext context) {
        this.context = context;
    }

    /** {@code /imagine} with the rendered prompt, the pool and, when the application receives callbacks, the webhook. */
    public HttpCall imagine(String prompt, String pool, Optional<URI> hook) {
        Map<String, Object> body = base();
        body.put("prompt", prompt);
        body.put("type", pool);
        webhook(body, hook);
        return post(IMAGINE, body);
    }

    /**
     * {@code /action}: press button {@code customId} of finished task {@code taskId} (ohmygpt.md §5.2). The
     * task id goes as a string, as in the vendor's example (§12); {@code extra} are further string fields
     * (from {@code Action.Custom}).
     */
    public HttpCall action(String taskId, String customId, String pool, Map<String, String> extra, Optional<URI> hook) {
        Map<String, Object> body = base();
        body.put("taskId", taskId);
        body.put("customId", customId);
        body.put("type", pool);
        webhook(body, hook);
        extra.forEach(body::putIfAbsent);
        return post(ACTION, body);
    }

    /** {@code /query} of one task. */
    public HttpCall query(String taskId) {
        Map<String, Object> body = base();
        body.put("taskId", taskId);
        return post(QUERY, body);
    }

    /** The account balance (ohmygpt.md §5.8: an empty body; no {@code model}, it is not a Midjourney endpoint). */
    public HttpCall balance() {
        return post(BALANCE, new LinkedHashMap<>());
    }

    private Map<String, Object> base() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", MODEL);
        return body;
    }

    private void webhook(Map<String, Object> body, Optional<URI> hook) {
        // ohmygpt.md §8: the vendor signs nothing; an application that wants to check callbacks puts a secret
        // into the query string of its callback URI, which is sent here verbatim.
        hook.ifPresent(u -> body.put("webhook", u.toString()));
    }

    private HttpCall post(String path, Map<String, Object> body) {
        Credentials credentials = context.credentials();
        String key = credentials.requireApiKey(context.providerId());
        return HttpCall.post(context.resolve(path))
                .header("Authorization", "Bearer " + key)
                .header("Accept", "application/json")
                .jsonBody(Wire.json(body))
                .build();
    }
}
