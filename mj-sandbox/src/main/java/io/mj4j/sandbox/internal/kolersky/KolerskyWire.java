package io.mj4j.sandbox.internal.kolersky;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.sandbox.internal.parts.Refusal;
import io.mj4j.sandbox.vendor.SimResponse;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;

import java.time.Instant;
import java.util.List;

/**
 * Kolersky's reply shapes (shared/vendors/kolersky.md §2-§7): the {@code {requestId, status, code}}
 * envelope, the status reply with its {@code output}, and the {@code {err, code, message}} error
 * envelope whose {@code code} mirrors the HTTP status. Also the keys the simulator keeps in
 * {@link SimTask#attributes()}. Stateless.
 */
final class KolerskyWire {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Attribute: the endpoint that created the job (usage's {@code byEndpoint}). */
    static final String ENDPOINT = "endpoint";
    /** Attribute: what the job cost, in requests (§8). */
    static final String COST = "cost";
    /** Attribute: the generate {@code taskType}. */
    static final String TASK_TYPE = "taskType";
    /** Attribute prefix of a grid's per-action request ids (§5): {@code action.V1}..{@code action.U4}. */
    static final String ACTION_PREFIX = "action.";

    private KolerskyWire() {
    }

    /** The attribute key of V{@code n} or U{@code n}. */
    static String actionKey(char letter, int n) {
        return ACTION_PREFIX + letter + n;
    }

    // ------------------------------------------------------------------ errors (§7)

    /** §7: {@code {"err": "<short title>", "code": <number>, "message": "<detail>"}}, code = HTTP status. */
    static SimResponse error(int status, String err, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("err", err);
        n.put("code", status);
        n.put("message", message);
        return SimResponse.json(status, write(n));
    }

    /** §7 documented: 400 {@code Invalid parameters}, e.g. "prompt is required". */
    static Refusal invalid(String message) {
        return new Refusal(error(400, "Invalid parameters", message));
    }

    /**
     * An unknown {@code requestId}. §7 documents no 404 shape; the §7 envelope with HTTP 404 is used (the
     * provider maps a 404 to an invalid request).
     */
    static Refusal notFound(String requestId) {
        return new Refusal(error(404, "Not found", "Request " + requestId + " not found"));
    }

    // ------------------------------------------------------------------ replies

    /** §2.1: every job call answers {@code {requestId, status: "accepted", code: 200}}. */
    static SimResponse accepted(String requestId) {
        ObjectNode n = JSON.createObjectNode();
        n.put("requestId", requestId);
        n.put("status", "accepted");
        n.put("code", 200);
        return SimResponse.json(200, write(n));
    }

    /**
     * The reply of {@code GET /v1/status} (and the callback body) for {@code t} at {@code now}: §3 words
     * {@code accepted}, {@code processing}, {@code success}, {@code error} at the top level, progress as a
     * string "45%" in {@code output.progress}, {@code output.failReason} on failure (§4.1). Output is at the
     * top level, the documented place (§4.2 says some replies wrap it in {@code data}; the provider reads both).
     */
    static ObjectNode status(SimTask t, Instant now) {
        ObjectNode n = JSON.createObjectNode();
        n.put("requestId", t.id());
        ObjectNode output = JSON.createObjectNode();
        String word;
        switch (t.phase(now)) {
            case QUEUED -> {
                word = "accepted";
                output.put("progress", "0%");
            }
            case RUNNING -> {
                word = "processing";
                output.put("progress", t.progress(now) + "%");
            }
            case SUCCEEDED -> {
                word = "success";
                output = success(t);
            }
            case FAILED -> {
                // SimTask words moderation as "Banned prompt detected ... community standards", the words the
                // provider reads as a prompt rejection; anything else is a generic failure.
                word = "error";
                output.put("failReason", t.failureMessage());
            }
            case CANCELLED -> {
                // §11: what a cancelled job reports is undocumented; "cancelled" is the word the provider maps.
                word = "cancelled";
                output.put("progress", "0%");
                output.put("failReason", "Request was cancelled before processing started");
            }
            default -> throw new IllegalStateException("unknown phase of " + t.id());
        }
        n.put("status", word);
        n.put("code", 200);
        n.set("output", output);
        return n;
    }

    /**
     * The {@code output} of a finished job. Grids (§4.1): {@code collage.image_url} plus the eight
     * {@code collage.actions} (1-4 = V1-V4, 5-8 = U1-U4, each with its own requestId, §5) and, as the
     * production client reads them (§4.2), {@code images[].url} with the four cells. Video (§4.1):
     * {@code video_urls} and an empty {@code actions}. Shapes the vendor does not document (§4.3, §11) are
     * those the provider reads: upscale {@code image_url}, seed {@code seed} (a number); describe (the
     * §2.1 oddity, undocumented output) answers {@code prompts}.
     */
    static ObjectNode success(SimTask t) {
        ObjectNode o = JSON.createObjectNode();
        if (t.producesGrid()) {
            o.put("progress", "100%");
            ObjectNode collage = o.putObject("collage");
            collage.put("image_url", t.gridUrl().toString());
            ArrayNode actions = collage.putArray("actions");
            for (int i = 1; i <= 8; i++) {
                char letter = i <= 4 ? 'V' : 'U';
                String id = t.attributes().get(actionKey(letter, i <= 4 ? i : i - 4));
                if (id != null) {
                    actions.addObject().put("index", i).put("requestId", id);
                }
            }
            ArrayNode images = o.putArray("images");
            for (int cell = 1; cell <= 4; cell++) {
                images.addObject().put("url", t.cellUrl(cell).toString());
            }
            return o;
        }
        switch (t.kind()) {
            case ANIMATE -> {
                // §4.1 documented video success: no progress, video_urls and an empty actions list.
                o.putArray("video_urls").add(t.videoUrl().toString());
                o.putArray("actions");
            }
            case SEED -> {
                o.put("progress", "100%");
                o.put("seed", imageSeed(t.parent().orElse(t)));
            }
            case DESCRIBE -> {
                o.put("progress", "100%");
                ArrayNode prompts = o.putArray("prompts");
                t.texts().forEach(prompts::add);
            }
            default -> {
                o.put("progress", "100%");
                o.put("image_url", t.imageUrl().toString());
            }
        }
        return o;
    }

    /** The seed of an image job: an upscale shows its grid's cell, so it has the grid's seed. */
    static long imageSeed(SimTask image) {
        if (image.kind() == ActionKind.UPSCALE && image.index() > 0 && image.parent().isPresent()) {
            return image.parent().get().seed();
        }
        return image.seed();
    }

    static String write(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Kolersky reply", e);
        }
    }

    /** The URLs a job's files are served at, to find the job a {@code fileUrl} points to. */
    static List<String> fileUrls(SimTask t) {
        return List.of(t.gridUrl().toString(), t.imageUrl().toString(), t.cellUrl(1).toString(), t.cellUrl(2).toString(),
                t.cellUrl(3).toString(), t.cellUrl(4).toString(), t.videoUrl().toString());
    }
}
