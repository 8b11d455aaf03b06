package io.mj4j.core.callback;

import io.mj4j.core.Mj;
import io.mj4j.spi.MjException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The framework-neutral half of callback intake: give it each request your HTTP layer receives (servlet,
 * Spring, the JDK server of {@link CallbackServer}) and send back its {@link Response}.
 *
 * <p>Each task gets its own callback URL, {@code <base>/<task id>?token=<HMAC-SHA256 of the task id>}; the
 * token is checked in constant time, so a leaked URL only speaks for its own task, and a callback can only
 * move the task its URL names (snapshots of other vendor tasks in the body are ignored). Bodies above the
 * size limit, bad tokens and unknown tasks are refused and logged without the token. Callbacks are hints:
 * a progress snapshot goes through the same state machine as polls; a claimed end only makes the engine
 * fetch the task, and the vendor's fetched answer decides. Polling goes on (slower) as the safety net.
 * This is the only callback intake. Thread-safe.
 */
public final class CallbackReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackReceiver.class);

    /** What to answer the vendor. */
    public record Response(int status, String message) {
    }

    /**
     * What the engine did with a verified callback: applied a progress snapshot, ignored it (stale, duplicate,
     * or about another vendor task), or, for a claimed end (SUCCEEDED, FAILED, CANCELLED), started a fetch
     * of the task whose answer decides; or the task is unknown, or the body unreadable.
     */
    public enum Outcome { APPLIED, IGNORED, FETCHING, UNKNOWN_TASK, UNREADABLE }

    /** The engine side, implemented by mj-core. */
    public interface Sink {
        Outcome accept(String taskId, Map<String, List<String>> headers, byte[] body);
    }

    private final URI base;
    private final SecretKeySpec key;
    private final int maxBodyBytes;
    private final Sink sink;

    /** Built by {@code Mj.Builder.callbacks(...)}; {@code sink} is the engine. */
    public CallbackReceiver(URI base, byte[] secret, int maxBodyBytes, Sink sink) {
        this.base = Objects.requireNonNull(base, "base");
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("the callback secret must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.maxBodyBytes = maxBodyBytes;
        this.sink = sink;
    }

    /** The callback URL of one task. */
    public URI urlFor(String taskId) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b : b + "/") + taskId + "?token=" + token(taskId));
    }

    /** The largest body accepted, in bytes. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The public base all task URLs start with. */
    public URI base() {
        return base;
    }

    String token(String taskId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(taskId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /**
     * Handles one callback request.
     *
     * @param path    the request path; its last segment is the task id
     * @param rawQuery the raw query string (holds {@code token=...})
     */
    public Response handle(String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String taskId = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (body != null && body.length > maxBodyBytes) {
            LOG.warn("Refused a callback for task {}: body of {} bytes exceeds {}", taskId, body.length, maxBodyBytes);
            return new Response(413, "body too large");
        }
        String given = queryParam(rawQuery, "token");
        if (taskId.isEmpty() || given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token(taskId).getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("Refused a callback for task '{}': missing or wrong token", taskId.length() > 64 ? taskId.substring(0, 64) : taskId);
            return new Response(403, "bad token");
        }
        Outcome outcome;
        try {
            outcome = sink.accept(taskId, headers == null ? Map.of() : headers, body == null ? new byte[0] : body);
        } catch (MjException e) {
            LOG.warn("Callback for task {} could not be read: {}", taskId, e.getMessage());
            return new Response(400, "unreadable callback");
        }
        return switch (outcome) {
            case APPLIED -> new Response(200, "applied");
            case IGNORED -> new Response(200, "ignored (stale or duplicate)");
            case FETCHING -> new Response(200, "accepted; the task is fetched to confirm");
            case UNKNOWN_TASK -> new Response(404, "unknown task");
            case UNREADABLE -> new Response(400, "unreadable callback");
        };
    }

    private static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
