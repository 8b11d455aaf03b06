package io.mj4j.provider.kolersky.internal;

import io.mj4j.provider.support.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.mj4j.provider.support.ProviderJson;
import io.mj4j.provider.support.Texts;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.Balance;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.Image;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Kolersky replies leniently: unknown fields are ignored, and because real clients find the job
 * output both at {@code output} and at {@code data.output} (kolersky.md §4.2, §11), every output field is
 * looked up in both places, top level first. Anything unreadable is a {@link ProviderProtocolException}
 * naming what was missing; Jackson never throws past this class. Thread-safe.
 */
public final class Replies {
    /** Only parses: bodies are quoted through {@link ErrorMapper#redact}. */
    private static final ProviderJson JSON = ProviderJson.of(Redaction.none());
    private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?)");

    private final KolerskyOptions options;
    private final ErrorMapper errors;

    public Replies(KolerskyOptions options, ErrorMapper errors) {
        this.options = options;
        this.errors = errors;
    }

    /** The body as a JSON object, or null when it is not one (for error replies). */
    public static JsonNode tryParse(byte[] body) {
        return JSON.tryRead(body).filter(JsonNode::isObject).orElse(null);
    }

    /** The body of a success reply as a JSON object, or a {@link ProviderProtocolException}. */
    public JsonNode object(HttpReply reply, String what) {
        JsonNode n = tryParse(reply.body());
        if (n == null) {
            throw new ProviderProtocolException(what + ": the reply is not a JSON object: "
                    + Texts.snippet(reply.bodyText(), errors.redaction(), 200)).withHttpStatus(reply.status());
        }
        return n;
    }

    /** The job id of a submit reply: top-level {@code requestId} (§2.1), else {@code data.requestId}. */
    public String requestId(JsonNode root, String what) {
        return JsonFields.text(root.get("requestId")).or(() -> JsonFields.text(root.path("data").get("requestId")))
                .orElseThrow(() -> new ProviderProtocolException(what + ": the reply has no requestId"));
    }

    /** The status word: top level (§3, documented and observed), else {@code data.status}. */
    public Optional<String> statusWord(JsonNode root) {
        return JsonFields.text(root.get("status")).or(() -> JsonFields.text(root.path("data").get("status")));
    }

    /**
     * A status reply (or a callback body) as a snapshot of {@code vendorTaskId}, a task of {@code kind}.
     *
     * @throws ProviderProtocolException for a missing or unknown status word or an unreadable result
     */
    public TaskSnapshot snapshot(String vendorTaskId, ActionKind kind, JsonNode root) {
        String word = statusWord(root).orElseThrow(() -> new ProviderProtocolException(
                "Kolersky status of " + vendorTaskId + ": the reply has no status word"));
        TaskStatus status = StatusTable.map(word);
        TaskSnapshot.Builder b = TaskSnapshot.builder(status).vendorTaskId(vendorTaskId).vendorStatus(word);
        List<JsonNode> outputs = outputs(root);
        progress(find(outputs, "progress")).ifPresent(b::progress);
        switch (status) {
            case SUCCEEDED -> result(vendorTaskId, kind, outputs, b);
            case FAILED -> {
                String reason = failReason(root, outputs).orElse("Kolersky reported status '" + word + "' without a failReason");
                FailureCategory c = ErrorMapper.soundsLikeModeration(reason) ? FailureCategory.PROMPT_REJECTED : FailureCategory.VENDOR_ERROR;
                b.failure(Failure.of(c, reason));
            }
            case CANCELLED -> b.failure(Failure.of(FailureCategory.CANCELLED,
                    failReason(root, outputs).orElse("cancelled at Kolersky")));
            default -> {
                // QUEUED or RUNNING: progress is all there is.
            }
        }
        return b.build();
    }

    /**
     * A callback body, assumed to mirror the status reply (§6: the payload is undocumented; this is the
     * vendor file's "reasonable guess"). The callback does not say which action the job was, so a success
     * is reported only when its shape says it: a {@code collage} (a grid), {@code video_urls} or a
     * {@code seed}; any other success is left to polling (empty list), which knows the action.
     */
    public List<TaskSnapshot> callback(byte[] body) {
        JsonNode root = tryParse(body);
        if (root == null) {
            throw new ProviderProtocolException("Kolersky callback: the body is not a JSON object");
        }
        if (root.has("data") && !root.has("requestId") && root.path("data").isObject() && root.path("data").has("requestId")) {
            root = root.path("data");
        }
        String id = requestId(root, "Kolersky callback");
        String word = statusWord(root).orElseThrow(() -> new ProviderProtocolException("Kolersky callback for " + id
                + ": no status word"));
        ActionKind kind = ActionKind.IMAGINE;
        if (StatusTable.map(word) == TaskStatus.SUCCEEDED) {
            List<JsonNode> outputs = outputs(root);
            if (!find(outputs, "video_urls").isMissingNode()) {
                kind = ActionKind.ANIMATE;
            } else if (!find(outputs, "seed").isMissingNode()) {
                kind = ActionKind.SEED;
            } else if (find(outputs, "collage").isMissingNode()) {
                return List.of();
            }
        }
        return List.of(snapshot(id, kind, root));
    }

    /** §2.12: {@code credits.remaining} of {@code GET /v1/usage}, in requests. */
    public Balance balance(JsonNode root) {
        JsonNode remaining = root.path("credits").path("remaining");
        if (remaining.isMissingNode()) {
            remaining = root.path("data").path("credits").path("remaining");
        }
        Optional<BigDecimal> amount = decimal(remaining);
        return new Balance(amount.orElseThrow(() -> new ProviderProtocolException(
                "Kolersky usage: the reply has no numeric credits.remaining")), Requests.UNIT);
    }

    // ------------------------------------------------------------------ results

    private void result(String id, ActionKind kind, List<JsonNode> outputs, TaskSnapshot.Builder b) {
        switch (kind) {
            case ANIMATE -> {
                List<URI> videos = urls(id, find(outputs, "video_urls"));
                if (videos.isEmpty()) {
                    throw missing(id, "video_urls");
                }
                b.result(TaskResult.ofVideos(videos));
            }
            case SEED -> {
                // §2.8: the seed reply shape is undocumented; a "seed" field (number or digits) is the reading.
                long seed = seed(find(outputs, "seed")).orElseThrow(() -> missing(id, "seed"));
                b.result(TaskResult.ofSeed(seed));
            }
            case UPSCALE -> {
                // §4.3: the upscale field is unknown; try output.image_url, output.collage.image_url, output.images[0].url.
                URI url = firstUrl(id, outputs, "image_url")
                        .or(() -> firstUrl(id, outputs, "collage", "image_url"))
                        .or(() -> urls(id, find(outputs, "images")).stream().findFirst())
                        .orElseThrow(() -> missing(id, "image_url, collage.image_url or images[].url"));
                b.result(TaskResult.ofImage(Image.of(url)));
                singleImageFollowUps(b);
            }
            default -> {
                // Grids (imagine, blend, variation, reroll, zoom, pan, vary region; §4.1, §4.3): the grid is
                // collage.image_url (or image_url), images[].url the cells when present (§4.2).
                Optional<URI> grid = firstUrl(id, outputs, "collage", "image_url").or(() -> firstUrl(id, outputs, "image_url"));
                List<Image> cells = urls(id, find(outputs, "images")).stream().map(Image::of).toList();
                if (grid.isEmpty() && cells.isEmpty()) {
                    throw missing(id, "collage.image_url, image_url or images[].url");
                }
                b.result(new TaskResult(grid.map(Image::of), cells, List.of(), List.of(), OptionalLong.empty()));
                gridFollowUps(outputs, b);
            }
        }
    }

    /**
     * §5: {@code collage.actions} lists index 1..4 = V1..V4 and 5..8 = U1..U4, each with its own
     * {@code requestId}; they go into the vendor state as {@code action.V1}..{@code action.U4}. U1..U4 and
     * V1..V4 are offered when the ids the configured {@link KolerskyOptions.FollowUpIds} mode needs exist.
     */
    private void gridFollowUps(List<JsonNode> outputs, TaskSnapshot.Builder b) {
        JsonNode actions = find(outputs, "collage", "actions");
        if (!actions.isArray()) {
            actions = find(outputs, "actions");
        }
        List<String> offered = new ArrayList<>();
        if (actions.isArray()) {
            for (JsonNode a : actions) {
                Optional<String> rid = JsonFields.text(a.get("requestId"));
                int index = a.path("index").asInt(0);
                if (rid.isPresent() && index >= 1 && index <= 8) {
                    String key = index <= 4 ? StateKeys.action("V", index) : StateKeys.action("U", index - 4);
                    b.vendorState(key, rid.get());
                    offered.add(key);
                }
            }
        }
        boolean byParent = options.followUpIds() == KolerskyOptions.FollowUpIds.PARENT;
        for (int i = 1; i <= 4; i++) {
            if (byParent || offered.contains(StateKeys.action("U", i))) {
                b.followUp(FollowUp.upscale(i));
            }
            if (byParent || offered.contains(StateKeys.action("V", i))) {
                b.followUp(FollowUp.variation(i));
            }
        }
        b.followUp(FollowUp.of(ActionKind.REROLL));
        b.followUp(FollowUp.of(ActionKind.SEED));
    }

    /** §5: pan, outpaint and inpaint act on an upscaled image (Midjourney semantics); so does video (§2.1). */
    private static void singleImageFollowUps(TaskSnapshot.Builder b) {
        b.followUp(FollowUp.of(ActionKind.ZOOM));
        for (String d : new String[]{"LEFT", "RIGHT", "UP", "DOWN"}) {
            b.followUp(FollowUp.of(ActionKind.PAN, d));
        }
        b.followUp(FollowUp.of(ActionKind.VARY_REGION));
        b.followUp(FollowUp.of(ActionKind.ANIMATE));
        b.followUp(FollowUp.of(ActionKind.SEED));
    }

    // ------------------------------------------------------------------ field helpers

    /** {@code output} then {@code data.output} (§4.2), the objects that exist. */
    private static List<JsonNode> outputs(JsonNode root) {
        List<JsonNode> list = new ArrayList<>(2);
        if (root.path("output").isObject()) {
            list.add(root.get("output"));
        }
        if (root.path("data").path("output").isObject()) {
            list.add(root.path("data").path("output"));
        }
        return list;
    }

    /** The first non-null node at {@code path} in any of {@code outputs}, or a missing node. */
    private static JsonNode find(List<JsonNode> outputs, String... path) {
        for (JsonNode o : outputs) {
            JsonNode n = o;
            for (String p : path) {
                n = n.path(p);
            }
            if (!n.isMissingNode() && !n.isNull()) {
                return n;
            }
        }
        return MissingNode.getInstance();
    }

    /** §4.2: failReason at the top level, in output, or in data.output. */
    private static Optional<String> failReason(JsonNode root, List<JsonNode> outputs) {
        return JsonFields.text(root.get("failReason")).or(() -> JsonFields.text(find(outputs, "failReason")));
    }

    /** §3: progress is a string such as "45%" (documented "0-100%"); numbers are accepted; junk is ignored. */
    static Optional<Integer> progress(JsonNode n) {
        Optional<BigDecimal> d;
        if (n.isNumber()) {
            d = Optional.of(n.decimalValue());
        } else if (n.isTextual()) {
            Matcher m = NUMBER.matcher(n.asText());
            d = m.find() ? Optional.of(new BigDecimal(m.group(1))) : Optional.empty();
        } else {
            d = Optional.empty();
        }
        return d.map(v -> Math.max(0, Math.min(100, v.intValue())));
    }

    private Optional<URI> firstUrl(String id, List<JsonNode> outputs, String... path) {
        JsonNode n = find(outputs, path);
        return JsonFields.text(n).map(s -> uri(id, s));
    }

    /** Strings, or objects with a {@code url}, of an array (§4.2 {@code images[].url}, {@code video_urls[]}). */
    private List<URI> urls(String id, JsonNode array) {
        List<URI> out = new ArrayList<>();
        if (array.isArray()) {
            for (JsonNode e : array) {
                Optional<String> s = e.isObject() ? JsonFields.text(e.get("url")) : JsonFields.text(e);
                s.ifPresent(u -> out.add(uri(id, u)));
            }
        }
        return out;
    }

    private URI uri(String id, String s) {
        try {
            URI u = new URI(s);
            if (!u.isAbsolute()) {
                throw new URISyntaxException(s, "not absolute");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ProviderProtocolException("Kolersky status of " + id + ": not a valid result URL '"
                    + Texts.snippet(s, errors.redaction(), 200) + "'");
        }
    }

    private static Optional<Long> seed(JsonNode n) {
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return Optional.of(n.asLong());
        }
        if (n.isTextual() && n.asText().strip().matches("\\d{1,18}")) {
            return Optional.of(Long.parseLong(n.asText().strip()));
        }
        return Optional.empty();
    }

    private static Optional<BigDecimal> decimal(JsonNode n) {
        if (n.isNumber()) {
            return Optional.of(n.decimalValue());
        }
        if (n.isTextual()) {
            try {
                return Optional.of(new BigDecimal(n.asText().strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static ProviderProtocolException missing(String id, String what) {
        return new ProviderProtocolException("Kolersky status of " + id + ": status 'success' but no " + what + " in output");
    }
}
