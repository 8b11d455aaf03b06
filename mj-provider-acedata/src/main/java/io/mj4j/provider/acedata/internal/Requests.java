package io.mj4j.provider.acedata.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.provider.support.ProviderJson;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.Action;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.Prompt;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.SpeedMode;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.UnsupportedActionException;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds every HTTP call the provider sends: one {@code POST} with a JSON body per call (acedata.md §1), the key in
 * the {@code Authorization} header. Task-creating submits always run in AceData's asynchronous mode (§5): with
 * {@code callback_url} when the application receives callbacks, else {@code async: true}; without either the POST
 * would block until the image is finished. Immutable and thread-safe.
 */
public final class Requests {
    /** acedata.md §1 endpoint list. */
    public static final String IMAGINE = "/midjourney/imagine";
    public static final String TASKS = "/midjourney/tasks";
    public static final String DESCRIBE = "/midjourney/describe";
    public static final String SHORTEN = "/midjourney/shorten";
    public static final String SEED = "/midjourney/seed";
    public static final String VIDEOS = "/midjourney/videos";

    /** acedata.md §4.1: the vendor client suggests at most 50 ids per {@code retrieve_batch}. */
    public static final int MAX_BATCH = 50;
    /** acedata.md §2.1/§8: a prompt may start with at most 5 image URLs. */
    public static final int MAX_IMAGE_PROMPTS = 5;
    /**
     * acedata.md §6 names no motion field for {@code /midjourney/videos}; Midjourney reads the motion from the prompt
     * ({@code --motion low|high}), so ANIMATE appends this flag to the prompt.
     */
    public static final String MOTION_FLAG = "--motion";
    /** acedata.md §6: the video {@code resolution} for {@code Animate.hd() == true} and {@code false}. */
    public static final String VIDEO_HD = "720p";
    public static final String VIDEO_SD = "480p";

    /** Fields a {@link Action.Custom}'s params may not override: they carry the ids and the async mode. */
    private static final Set<String> RESERVED = Set.of("action", "image_id", "async", "callback_url", "trace_id");

    private final ProviderContext context;
    private static final ProviderJson JSON = ProviderJson.of(Redaction.none());

    private final AceDataOptions options;

    public Requests(ProviderContext context, AceDataOptions options) {
        this.context = context;
        this.options = options;
    }

    /**
     * A planned submit.
     *
     * @param call        the request
     * @param what        what it is, for messages ("acedata imagine submit")
     * @param synchronous true when the endpoint answers with the final result (describe, shorten, seed: §6)
     * @param single      whether the job produces a single image (null when unknown), for reading its result
     */
    public record Submit(HttpCall call, String what, boolean synchronous, Boolean single) {
    }

    /**
     * The call for {@code request}.
     *
     * @throws UnsupportedActionException for an action or value AceData cannot express, before anything is sent
     * @throws InvalidRequestException    when a follow-up's parent lacks the id AceData needs
     */
    public Submit submit(SubmitRequest request) {
        Action action = request.action();
        return switch (action.kind()) {
            case IMAGINE -> imagine((Action.Imagine) action, request);
            case BLEND -> blend((Action.Blend) action, request);
            case DESCRIBE -> {
                ObjectNode body = JSON.object();
                body.put("image_url", ((Action.Describe) action).image().toString());
                body.put("trace_id", request.clientReference());
                yield new Submit(post(DESCRIBE, body), "acedata describe submit", true, null);
            }
            case SHORTEN -> {
                ObjectNode body = JSON.object();
                body.put("prompt", ((Action.Shorten) action).prompt().render());
                body.put("trace_id", request.clientReference());
                yield new Submit(post(SHORTEN, body), "acedata shorten submit", true, null);
            }
            case SEED -> {
                // acedata.md §3.2/§6: POST /midjourney/seed {"image_id"} answers {"seed"} at once.
                ObjectNode body = JSON.object();
                body.put("image_id", parentImageId(request));
                body.put("trace_id", request.clientReference());
                yield new Submit(post(SEED, body), "acedata seed submit", true, null);
            }
            case ANIMATE -> animate((Action.Animate) action, request);
            case UPSCALE, VARIATION, REROLL, VARY, UPSCALE_MORE, ZOOM, PAN, VARY_REGION -> followUp(action, request);
            case CUSTOM -> custom((Action.Custom) action, request);
        };
    }

    private Submit imagine(Action.Imagine imagine, SubmitRequest request) {
        Prompt prompt = imagine.prompt();
        if (prompt.imageUrls().size() > MAX_IMAGE_PROMPTS) {
            throw new UnsupportedActionException("acedata: a prompt may start with at most " + MAX_IMAGE_PROMPTS
                    + " image URLs (acedata.md §8), got " + prompt.imageUrls().size());
        }
        // acedata.md §2.1: the speed is the JSON field "mode", not a prompt flag.
        SpeedMode mode = prompt.speed().orElse(options.mode());
        String text = prompt.toBuilder().speed(null).build().render();
        ObjectNode body = JSON.object();
        body.put("action", "generate");
        body.put("prompt", text);
        imagineFields(body, mode, request);
        return new Submit(post(IMAGINE, body), "acedata imagine submit", false, false);
    }

    private Submit blend(Action.Blend blend, SubmitRequest request) {
        // acedata.md §2.1: there is no blend endpoint; the image URLs go first in the prompt. The blend shape becomes
        // Midjourney's /blend aspect ratio (portrait 2:3, square 1:1, landscape 3:2).
        String ratio = switch (blend.shape()) {
            case PORTRAIT -> "2:3";
            case SQUARE -> "1:1";
            case LANDSCAPE -> "3:2";
        };
        String prompt = blend.images().stream().map(URI::toString).collect(Collectors.joining(" ")) + " --ar " + ratio;
        ObjectNode body = JSON.object();
        body.put("action", "generate");
        body.put("prompt", prompt);
        imagineFields(body, options.mode(), request);
        return new Submit(post(IMAGINE, body), "acedata blend submit", false, false);
    }

    private Submit followUp(Action action, SubmitRequest request) {
        String imageId = parentImageId(request);
        String word = ActionWords.wordFor(action, offered(request.requireParent()));
        ObjectNode body = JSON.object();
        body.put("action", word);
        body.put("image_id", imageId);
        if (action instanceof Action.Pan pan) {
            // acedata.md §2.1 documents "prompt" for generate and variation_region; a pan prompt (Midjourney's
            // remix) is sent in the same field.
            pan.prompt().ifPresent(p -> body.put("prompt", p));
        } else if (action instanceof Action.VaryRegion region) {
            // acedata.md §2.1: base64 without a data: prefix, white = redraw, the size of the target image.
            body.put("mask", region.maskPngBase64());
            region.prompt().ifPresent(p -> body.put("prompt", p));
        }
        imagineFields(body, options.mode(), request);
        return new Submit(post(IMAGINE, body), "acedata " + word + " submit", false, ActionWords.producesSingle(word));
    }

    private Submit animate(Action.Animate animate, SubmitRequest request) {
        // acedata.md §6/§10: video has no relax mode.
        if (options.mode() == SpeedMode.RELAX) {
            throw new UnsupportedActionException("acedata: video generation has no relax mode (acedata.md §6); "
                    + "set the option mode to fast or turbo");
        }
        TaskSnapshot parent = requireFinished(request);
        String imageUrl = parent.vendorState().get(Replies.IMAGE_URL);
        if (imageUrl == null) {
            imageUrl = parent.result().flatMap(r -> r.primaryImage()).map(URI::toString)
                    .orElseThrow(() -> new InvalidRequestException("ANIMATE: the parent task has no image URL"));
        }
        String motion = MOTION_FLAG + " " + animate.motion().name().toLowerCase(Locale.ROOT);
        ObjectNode body = JSON.object();
        body.put("action", "generate");
        body.put("image_url", imageUrl);
        body.put("prompt", animate.prompt().map(p -> p + " " + motion).orElse(motion));
        body.put("mode", options.mode().name().toLowerCase(Locale.ROOT));
        body.put("resolution", animate.hd() ? VIDEO_HD : VIDEO_SD);
        asyncFields(body, request);
        return new Submit(post(VIDEOS, body), "acedata video submit", false, null);
    }

    private Submit custom(Action.Custom custom, SubmitRequest request) {
        if (!custom.isFollowUp()) {
            throw new UnsupportedActionException("acedata: a Custom action must be a follow-up: its vendor action id is "
                    + "an AceData imagine action word sent with the parent's image_id (acedata.md §3.1)");
        }
        ObjectNode body = JSON.object();
        body.put("action", custom.vendorActionId());
        body.put("image_id", parentImageId(request));
        for (Map.Entry<String, String> p : custom.params().entrySet()) {
            if (RESERVED.contains(p.getKey())) {
                throw new InvalidRequestException("acedata: Custom parameter '" + p.getKey() + "' is set by the provider");
            }
            body.put(p.getKey(), p.getValue());
        }
        imagineFields(body, options.mode(), request);
        return new Submit(post(IMAGINE, body), "acedata " + custom.vendorActionId() + " submit", false,
                ActionWords.producesSingle(custom.vendorActionId()));
    }

    private void imagineFields(ObjectNode body, SpeedMode mode, SubmitRequest request) {
        body.put("mode", mode.name().toLowerCase(Locale.ROOT));
        if (options.translation()) {
            body.put("translation", true);
        }
        if (options.splitImages()) {
            body.put("split_images", true);
        }
        asyncFields(body, request);
    }

    /** acedata.md §5: async mode, and the client reference as trace_id (retrievable by trace_id, §4.1). */
    private void asyncFields(ObjectNode body, SubmitRequest request) {
        body.put("trace_id", request.clientReference());
        java.util.Optional<java.net.URI> callback = request.callbackUri(context);
        if (callback.isPresent()) {
            body.put("callback_url", callback.get().toString());
        } else {
            body.put("async", true);
        }
    }

    /** acedata.md §3.2: follow-ups need the finished parent's image_id, never the task_id. */
    private static String parentImageId(SubmitRequest request) {
        requireFinished(request);
        return request.parentState(Replies.IMAGE_ID);
    }

    private static TaskSnapshot requireFinished(SubmitRequest request) {
        TaskSnapshot parent = request.requireParent();
        if (parent.status() != TaskStatus.SUCCEEDED) {
            // acedata.md §3.2: an unfinished snapshot's image_id is not the final handle.
            throw new InvalidRequestException(request.action().kind() + ": the parent task is " + parent.status()
                    + "; AceData follow-ups need a finished parent (acedata.md §3.2)");
        }
        return parent;
    }

    private static List<String> offered(TaskSnapshot parent) {
        String words = parent.vendorState().get(Replies.ACTIONS);
        return words == null || words.isBlank() ? List.of() : Arrays.stream(words.split(",")).map(String::strip).toList();
    }

    /** {@code retrieve} of one task by id (acedata.md §4.1). */
    public HttpCall retrieve(String vendorTaskId) {
        ObjectNode body = JSON.object();
        body.put("action", "retrieve");
        body.put("id", vendorTaskId);
        return post(TASKS, body);
    }

    /** {@code retrieve} of one task by the trace_id its submit carried (acedata.md §4.1). */
    public HttpCall retrieveByTrace(String traceId) {
        ObjectNode body = JSON.object();
        body.put("action", "retrieve");
        body.put("trace_id", traceId);
        return post(TASKS, body);
    }

    /** {@code retrieve_batch} of up to {@link #MAX_BATCH} ids (acedata.md §4.1). */
    public HttpCall retrieveBatch(List<String> ids) {
        ObjectNode body = JSON.object();
        body.put("action", "retrieve_batch");
        ArrayNode array = body.putArray("ids");
        ids.forEach(array::add);
        // acedata.md §4.1: limit defaults to 12; ask for every id sent.
        body.put("offset", 0);
        body.put("limit", ids.size());
        return post(TASKS, body);
    }

    private HttpCall post(String path, ObjectNode body) {
        String key = context.credentials().requireApiKey(context.providerId());
        // acedata.md §1/§4.2: "Authorization: Bearer <token>" (one guide shows the bare token: option auth_scheme).
        return HttpCall.post(context.resolve(path))
                .header("Authorization", options.bearer() ? "Bearer " + key : key)
                // acedata.md §1/§5.4: plain JSON, never the ndjson progress stream.
                .header("Accept", "application/json")
                .jsonBody(JSON.write(body))
                .build();
    }
}
