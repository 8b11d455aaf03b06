package io.mj4j.sandbox.internal.acedata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.sandbox.internal.ImageRenderer;
import io.mj4j.sandbox.vendor.SimResponse;
import io.mj4j.sandbox.vendor.SimTask;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * AceData's JSON shapes (acedata.md §2.2, §4.2, §5.3, §6, §7): the result object (submit reply, task
 * {@code response}, callback body), the task object of {@code /midjourney/tasks}, and the error envelope. Derives
 * everything from a {@link SimTask} and the instant asked about. Thread-safe.
 */
final class AceDataReplies {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final long DISCORD_EPOCH_MILLIS = 1420070400000L;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** Attribute keys kept in {@link SimTask#attributes()}. */
    static final String A_TYPE = "type";
    static final String A_ACTION = "action";
    static final String A_TRACE_ID = "trace_id";
    static final String A_REQUEST = "request";
    static final String A_IMAGE_ID = "image_id";
    static final String A_PROGRESS_IMAGE_ID = "progress_image_id";
    static final String A_VIDEO_ID = "video_id";
    static final String A_SPLIT = "split_images";
    static final String A_SEED = "seed";
    /** Set on jobs of the quick synchronous endpoints, answered at once: their result is final from then on. */
    static final String A_ANSWERED_AT = "answered_at";

    /** §7 and the provider's moderation fixture: Midjourney's moderation wording. */
    static final String MODERATION_MESSAGE =
            "Sorry! Our AI moderators feel your prompt might be against our community standards.";

    private AceDataReplies() {
    }

    // ------------------------------------------------------------------ phases

    /**
     * The phase of {@code t} at {@code now}. A job of a quick synchronous endpoint (describe, seed, shorten) was
     * answered with its outcome at once, so it reads as ended from then on; every other job follows its timeline.
     */
    static SimTask.Phase phase(SimTask t, Instant now) {
        if (t.attributes().containsKey(A_ANSWERED_AT)) {
            return switch (t.outcome()) {
                case SUCCESS -> SimTask.Phase.SUCCEEDED;
                case STALL -> SimTask.Phase.RUNNING;
                default -> SimTask.Phase.FAILED;
            };
        }
        return t.phase(now);
    }

    static int progress(SimTask t, Instant now) {
        if (t.attributes().containsKey(A_ANSWERED_AT)) {
            return phase(t, now) == SimTask.Phase.SUCCEEDED ? 100 : t.outcome() == SimTask.Outcome.STALL ? 47 : 0;
        }
        return t.progress(now);
    }

    static boolean terminal(SimTask.Phase p) {
        return p == SimTask.Phase.SUCCEEDED || p == SimTask.Phase.FAILED || p == SimTask.Phase.CANCELLED;
    }

    // ------------------------------------------------------------------ result object

    /**
     * The result object of {@code t} at {@code now} (§2.2, §6), or null while it is queued (§4.2: a pending task
     * has no {@code response}).
     */
    static ObjectNode result(SimTask t, Instant now) {
        SimTask.Phase phase = phase(t, now);
        return switch (phase) {
            case QUEUED -> null;
            case RUNNING -> running(t, now);
            case SUCCEEDED -> finished(t);
            case FAILED, CANCELLED -> failed(t, phase);
        };
    }

    /** §4.2 "in progress" / §5.4 progress lines: success, progress below 100, empty actions. */
    private static ObjectNode running(SimTask t, Instant now) {
        ObjectNode o = JSON.createObjectNode();
        o.put("success", true);
        o.put("task_id", t.id());
        o.put("progress", progress(t, now));
        o.putArray("actions");
        // §3.2: progress snapshots carry an image_id of their own, never valid for follow-ups. The sandbox renders
        // no intermediate images, so no preview image_url is given.
        if (ActionWords.hasImage(t)) {
            o.put("image_id", id(t, A_PROGRESS_IMAGE_ID));
        }
        traceId(o, t);
        return o;
    }

    private static ObjectNode finished(SimTask t) {
        ObjectNode o = JSON.createObjectNode();
        switch (t.kind()) {
            case DESCRIBE -> {
                // §6: {"descriptions": [4 prompts]}; task_id as the provider expects it (the documented reply has none).
                o.put("task_id", t.id());
                strings(o.putArray("descriptions"), t.texts());
            }
            case SHORTEN -> {
                // §6/§11: the field names are unconfirmed; the provider reads "prompts" (vendor integration guide).
                o.put("task_id", t.id());
                strings(o.putArray("prompts"), t.texts());
            }
            case SEED -> {
                // §3.2/§6: {"seed": "..."}, a numeric string.
                o.put("task_id", t.id());
                o.put("seed", t.attributes().getOrDefault(A_SEED, Long.toString(t.seed())));
            }
            case ANIMATE -> video(o, t);
            default -> image(o, t);
        }
        traceId(o, t);
        return o;
    }

    /** §2.2: a finished grid or single image. */
    private static void image(ObjectNode o, SimTask t) {
        o.put("success", true);
        o.put("task_id", t.id());
        o.put("image_id", id(t, A_IMAGE_ID));
        int[] cell = ImageRenderer.cellSize(t.aspectRatio());
        boolean grid = t.producesGrid();
        String url = (grid ? t.gridUrl() : t.imageUrl()).toString();
        int w = grid ? cell[0] * 2 : cell[0];
        int h = grid ? cell[1] * 2 : cell[1];
        // §2.2: image_url is the vendor's thumbnail of raw_image_url. The sandbox serves one size only, so both
        // URLs name the same file and both sizes are that file's.
        o.put("image_url", url);
        o.put("image_width", w);
        o.put("image_height", h);
        o.put("raw_image_url", url);
        o.put("raw_image_width", w);
        o.put("raw_image_height", h);
        if (grid && "true".equals(t.attributes().get(A_SPLIT))) {
            ArrayNode cells = o.putArray("sub_image_urls");
            for (int i = 1; i <= 4; i++) {
                cells.add(t.cellUrl(i).toString());
            }
        }
        o.put("progress", 100);
        strings(o.putArray("actions"), ActionWords.offeredBy(t, t.attributes().get(A_ACTION)));
    }

    /**
     * §6 videos: four {@code video_urls} (0-based), a cover {@code image_url}. The sandbox renders one clip, so the
     * four URLs name the same file, told apart by their query (like the vendor's {@code 0_0.mp4 .. 0_3.mp4}).
     */
    private static void video(ObjectNode o, SimTask t) {
        o.put("success", true);
        o.put("task_id", t.id());
        o.put("video_id", id(t, A_VIDEO_ID));
        ArrayNode urls = o.putArray("video_urls");
        for (int i = 0; i < 4; i++) {
            urls.add(t.videoUrl() + "?index=" + i);
        }
        int[] cell = ImageRenderer.cellSize(t.aspectRatio());
        o.put("image_url", t.imageUrl().toString());
        o.put("image_width", cell[0]);
        o.put("image_height", cell[1]);
        o.put("progress", 100);
    }

    /** §4.2 failed example and §5.3 failure body: success false with the vendor's error. */
    private static ObjectNode failed(SimTask t, SimTask.Phase phase) {
        ObjectNode o = JSON.createObjectNode();
        o.put("success", false);
        o.put("task_id", t.id());
        ObjectNode error = o.putObject("error");
        error.put("code", errorCode(t, phase));
        error.put("message", errorMessage(t, phase));
        traceId(o, t);
        return o;
    }

    /** §7: moderation is {@code forbidden}; a job lost upstream is {@code api_error}; §7 platform code {@code canceled}. */
    static String errorCode(SimTask t, SimTask.Phase phase) {
        if (phase == SimTask.Phase.CANCELLED) {
            return "canceled";
        }
        return t.outcome() == SimTask.Outcome.PROMPT_REJECTED ? "forbidden" : "api_error";
    }

    static String errorMessage(SimTask t, SimTask.Phase phase) {
        if (phase == SimTask.Phase.CANCELLED) {
            return "The task was canceled.";
        }
        return t.outcome() == SimTask.Outcome.PROMPT_REJECTED ? MODERATION_MESSAGE : t.failureMessage();
    }

    /** §7: the HTTP status that goes with an error code. */
    static int httpStatus(String code) {
        return switch (code) {
            case "bad_request", "token_mismatched", "api_not_implemented" -> 400;
            case "invalid_token" -> 401;
            case "forbidden" -> 403;
            case "not_found" -> 404;
            case "too_many_requests" -> 429;
            case "timeout" -> 504;
            default -> 500;
        };
    }

    private static void traceId(ObjectNode o, SimTask t) {
        String trace = t.attributes().get(A_TRACE_ID);
        if (trace != null) {
            o.put("trace_id", trace);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    // ------------------------------------------------------------------ task object

    /** §4.2: the task object: no {@code response} while pending, the result object once there is one. */
    static ObjectNode task(SimTask t, Instant now) {
        SimTask.Phase phase = phase(t, now);
        ObjectNode o = JSON.createObjectNode();
        o.put("id", t.id());
        o.put("type", t.attributes().getOrDefault(A_TYPE, "imagine"));
        traceId(o, t);
        o.put("created_at", seconds(t.createdAt()));
        JsonNode request = request(t);
        if (request != null) {
            o.set("request", request);
        }
        boolean started = switch (phase) {
            case QUEUED -> false;
            case CANCELLED -> t.cancelledAt().map(c -> !c.isBefore(t.startsAt())).orElse(true);
            default -> true;
        };
        if (started) {
            o.put("started_at", seconds(t.attributes().containsKey(A_ANSWERED_AT) ? t.createdAt() : t.startsAt()));
        }
        if (terminal(phase)) {
            Instant finished = finishedAt(t);
            o.put("finished_at", seconds(finished));
            o.put("duration", seconds(Duration.between(t.createdAt(), finished)));
            if (phase == SimTask.Phase.SUCCEEDED && ActionWords.hasImage(t)) {
                o.put("image_id", id(t, A_IMAGE_ID));
            }
        }
        ObjectNode response = result(t, now);
        if (response != null) {
            o.set("response", response);
        }
        return o;
    }

    private static Instant finishedAt(SimTask t) {
        String answered = t.attributes().get(A_ANSWERED_AT);
        return answered != null ? Instant.ofEpochMilli(Long.parseLong(answered)) : t.endsAt();
    }

    private static JsonNode request(SimTask t) {
        String raw = t.attributes().get(A_REQUEST);
        if (raw == null) {
            return null;
        }
        try {
            return JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** §4.2: Unix seconds as a decimal number (e.g. 1720364607.967), never in exponent notation. */
    private static BigDecimal seconds(Instant i) {
        return BigDecimal.valueOf(i.toEpochMilli(), 3);
    }

    private static BigDecimal seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3);
    }

    // ------------------------------------------------------------------ ids

    /**
     * The vendor id {@code key} of {@code t}, made on first use and kept in its attributes: image ids are numeric
     * Discord-style snowflakes (§2.2 "1234197197067915365"), video ids 16-digit numbers (§6 "1751816807896311").
     */
    static String id(SimTask t, String key) {
        return t.attributes().computeIfAbsent(key, k -> {
            long millis = t.createdAt().toEpochMilli();
            long seq = SEQUENCE.incrementAndGet();
            if (k.equals(A_VIDEO_ID)) {
                return Long.toString(Math.max(0, millis) * 1000 + seq % 1000);
            }
            return Long.toString((Math.max(0, millis - DISCORD_EPOCH_MILLIS) << 22) | (seq & 0x3FFFFF));
        });
    }

    // ------------------------------------------------------------------ envelopes

    /** §7: {@code {"error": {"code", "message"}, "trace_id"}} with the status the code goes with. */
    static SimResponse error(String code, String message, String traceId) {
        return error(httpStatus(code), code, message, traceId);
    }

    static SimResponse error(int status, String code, String message, String traceId) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode error = o.putObject("error");
        error.put("code", code);
        error.put("message", message);
        o.put("trace_id", traceId == null ? UUID.randomUUID().toString() : traceId);
        return json(status, o);
    }

    static SimResponse json(int status, JsonNode body) {
        return new SimResponse(status, Map.of("Content-Type", "application/json"), write(body).getBytes(StandardCharsets.UTF_8), false);
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
