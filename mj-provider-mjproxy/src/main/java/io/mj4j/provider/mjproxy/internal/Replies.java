package io.mj4j.provider.mjproxy.internal;

import io.mj4j.provider.support.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Dimensions;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.Image;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one task object (mjproxy.md §3.2: fetch, list, query, callback) into a {@link TaskSnapshot}: the
 * status through {@link StatusTable}, progress, preview, the result shaped by the task's action, the
 * follow-ups its buttons offer (with their customIds in vendor state), and the failure category read from
 * {@code failReason}. Usage is never set: no lineage reports a cost. Thread-safe.
 */
public final class Replies {
    /** Vendor-state key of the task's prompt, kept when it offers Custom Zoom, whose modal prompt carries it (§5.4). */
    public static final String STATE_PROMPT = "prompt";

    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})\\s*%");
    /** §5.6/§5.7: suggestions are numbered with keycap emoji 1️⃣..5️⃣. */
    private static final Pattern KEYCAP = Pattern.compile("[1-9]\\x{FE0F}?\\x{20E3}");
    private static final Set<String> TEXT_ACTIONS = Set.of("DESCRIBE", "SHORTEN");
    private static final Set<String> IMAGE_ACTIONS = Set.of("UPSCALE", "UPSCALE_HD");
    private static final Set<String> VIDEO_ACTIONS = Set.of("VIDEO", "VIDEO_EXTEND");
    /** §5.3: the parents /submit/change accepts. */
    private static final Set<String> CHANGE_PARENTS = Set.of("IMAGINE", "VARIATION", "REROLL", "BLEND");

    private final MjProxyOptions settings;
    private final URI baseUri;

    public Replies(MjProxyOptions settings, URI baseUri) {
        this.settings = settings;
        this.baseUri = baseUri;
    }

    private enum Shape { GRID, IMAGE, VIDEO, TEXT }

    /**
     * Maps {@code task}.
     *
     * @param expectedId the id asked for, used when the object carries none (null for callbacks and lists)
     * @param hint       the action kind the engine submitted, used when the vendor's action word is unknown (or null)
     */
    public TaskSnapshot map(JsonNode task, String expectedId, ActionKind hint) {
        if (task == null || !task.isObject()) {
            throw new ProviderProtocolException("mjproxy: expected a task object, got " + describe(task));
        }
        if (!task.has("id") && !task.has("status")) {
            throw new ProviderProtocolException("mjproxy: the reply is not a task object (no id, no status): " + describe(task));
        }
        String id = JsonFields.text(task, "id").orElse(expectedId);
        if (id == null) {
            throw new ProviderProtocolException("mjproxy: a task object without an id: " + describe(task));
        }
        String word = task.hasNonNull("status") ? task.get("status").asText() : null;
        TaskStatus status = StatusTable.of(word, id);
        String action = JsonFields.text(task, "action").map(a -> a.toUpperCase(Locale.ROOT)).orElse("");
        Shape shape = shape(task, action, hint);

        TaskSnapshot.Builder b = TaskSnapshot.builder(status).vendorTaskId(id).vendorStatus(word == null ? "" : word);
        progress(task).ifPresent(b::progress);
        switch (status) {
            case QUEUED, RUNNING, NEEDS_INPUT -> JsonFields.text(task, "imageUrl").flatMap(u -> uri(u, false)).ifPresent(b::previewUrl);
            case SUCCEEDED -> succeeded(b, task, action, hint, shape);
            case FAILED -> b.failure(failure(JsonFields.text(task, "failReason").orElse(""), FailureCategory.VENDOR_ERROR));
            case CANCELLED -> JsonFields.text(task, "failReason").ifPresent(r -> b.failure(Failure.of(FailureCategory.CANCELLED, r)));
            default -> { }
        }
        return b.build();
    }

    private void succeeded(TaskSnapshot.Builder b, JsonNode task, String action, ActionKind hint, Shape shape) {
        b.progress(100);
        result(task, shape).ifPresent(b::result);
        JsonNode props = JsonFields.object(task, "properties");
        boolean customZoom = false;
        if (settings.followUps() == MjProxyOptions.FollowUpRoute.ACTION) {
            JsonNode buttons = task.get("buttons");
            for (JsonNode button : buttons != null && buttons.isArray() ? buttons : List.<JsonNode>of()) {
                // §3.3: buttons without a customId (links) are dropped.
                Optional<String> customId = JsonFields.text(button, "customId");
                Optional<Buttons.Offer> offer = customId.flatMap(Buttons::classify);
                if (offer.isPresent()) {
                    b.followUp(offer.get().followUp());
                    b.vendorState(offer.get().stateKey(), customId.get());
                    customZoom |= offer.get().stateKey().equals(Buttons.key(ActionKind.ZOOM, Buttons.ZOOM_CUSTOM));
                }
            }
        } else if (CHANGE_PARENTS.contains(action) || action.isEmpty() && hint != null && CHANGE_PARENTS.contains(hint.name())) {
            // §5.3: /submit/change offers U1..U4, V1..V4 and reroll on these parents; it needs no customId.
            for (int i = 1; i <= 4; i++) {
                b.followUp(FollowUp.upscale(i)).followUp(FollowUp.variation(i));
            }
            b.followUp(FollowUp.of(ActionKind.REROLL));
        }
        if (shape == Shape.GRID || shape == Shape.IMAGE) {
            // §5.9: image-seed needs the Midjourney job hash (properties.messageHash; trueai also jobId).
            boolean hasJob = JsonFields.text(props, "messageHash").isPresent() || JsonFields.text(task, "jobId").isPresent();
            if (settings.plusSurface() && hasJob) {
                b.followUp(FollowUp.of(ActionKind.SEED));
            }
        }
        if (customZoom) {
            JsonFields.text(props, "finalPrompt").or(() -> JsonFields.text(task, "promptEn")).or(() -> JsonFields.text(task, "prompt"))
                    .ifPresent(p -> b.vendorState(STATE_PROMPT, p));
        }
    }

    private Optional<TaskResult> result(JsonNode task, Shape shape) {
        OptionalLong seed = JsonFields.number(task, "seed");
        switch (shape) {
            case TEXT -> {
                JsonNode props = JsonFields.object(task, "properties");
                Optional<String> text = JsonFields.text(props, "finalPrompt").or(() -> JsonFields.text(task, "promptEn"));
                return text.map(t -> new TaskResult(Optional.empty(), List.of(), List.of(), numbered(t), OptionalLong.empty()));
            }
            case VIDEO -> {
                Set<URI> videos = new LinkedHashSet<>();
                JsonFields.text(task, "videoUrl").flatMap(u -> uri(u, true)).ifPresent(videos::add);
                urls(task.get("videoUrls")).forEach(videos::add);
                return videos.isEmpty() ? Optional.empty()
                        : Optional.of(new TaskResult(Optional.empty(), List.of(), List.copyOf(videos), List.of(), seed));
            }
            default -> {
                Optional<URI> url = JsonFields.text(task, "imageUrl").flatMap(u -> uri(u, true));
                if (url.isEmpty()) {
                    return Optional.empty();
                }
                Image image = new Image(url.get(), size(task));
                if (shape == Shape.IMAGE) {
                    return Optional.of(new TaskResult(Optional.empty(), List.of(image), List.of(), List.of(), seed));
                }
                // §6.3: trueai may add the four cells of the grid in imageUrls[].
                List<Image> cells = urls(task.get("imageUrls")).stream().map(Image::of).toList();
                return Optional.of(new TaskResult(Optional.of(image), cells, List.of(), List.of(), seed));
            }
        }
    }

    private static Shape shape(JsonNode task, String action, ActionKind hint) {
        if (JsonFields.text(task, "videoUrl").isPresent() || hasElements(task.get("videoUrls")) || VIDEO_ACTIONS.contains(action)) {
            return Shape.VIDEO;
        }
        if (TEXT_ACTIONS.contains(action)) {
            return Shape.TEXT;
        }
        if (IMAGE_ACTIONS.contains(action)) {
            return Shape.IMAGE;
        }
        // §7: action vocabularies differ per lineage; an unknown or absent word falls back to the submitted kind.
        if (!action.isEmpty() || hint == null) {
            return Shape.GRID;
        }
        return switch (hint) {
            case DESCRIBE, SHORTEN -> Shape.TEXT;
            case UPSCALE, UPSCALE_MORE -> Shape.IMAGE;
            case ANIMATE -> Shape.VIDEO;
            default -> Shape.GRID;
        };
    }

    /** §6.2: "45%" (or a bare number); tokens such as "Waiting to start" give no progress. */
    private static OptionalInt progress(JsonNode task) {
        JsonNode p = task.get("progress");
        if (p == null || p.isNull()) {
            return OptionalInt.empty();
        }
        if (p.isNumber()) {
            return OptionalInt.of(Math.max(0, Math.min(100, p.asInt())));
        }
        Matcher m = PERCENT.matcher(p.asText());
        return m.find() ? OptionalInt.of(Math.min(100, Integer.parseInt(m.group(1)))) : OptionalInt.empty();
    }

    /** The suggestions of a describe/shorten text, split at the keycap numbers; the whole text when unnumbered. */
    static List<String> numbered(String text) {
        Matcher m = KEYCAP.matcher(text);
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
            ends.add(m.end());
        }
        if (starts.isEmpty()) {
            return List.of(text.strip());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
            String s = text.substring(ends.get(i), end).strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Failure category from the free-text {@code failReason} (§6.1 formats, §4 code 24 note, §11 timeouts). */
    public static Failure failure(String reason, FailureCategory fallback) {
        String r = reason.toLowerCase(Locale.ROOT);
        FailureCategory c;
        if (r.contains("banned") || r.contains("敏感") || r.contains("moderat") || r.contains("community standards")
                || r.contains("image filter") || r.contains("inappropriate")) {
            c = FailureCategory.PROMPT_REJECTED;
        } else if (r.contains("超时") || r.contains("timeout") || r.contains("timed out")) {
            c = FailureCategory.TIMEOUT;
        } else if (r.contains("取消") || r.contains("cancel")) {
            c = FailureCategory.CANCELLED;
        } else if (r.contains("invalid parameter") || r.contains("unrecognized parameter") || r.contains("invalid link")) {
            c = FailureCategory.INVALID_REQUEST;
        } else {
            c = fallback;
        }
        return Failure.of(c, reason.isBlank() ? "the vendor gave no failReason" : reason);
    }

    private List<URI> urls(JsonNode array) {
        List<URI> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode item : array) {
                Optional<String> u = item.isObject() ? JsonFields.text(item, "url") : Optional.ofNullable(item.isTextual() ? item.asText() : null);
                u.flatMap(s -> uri(s, false)).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * An image URL; a relative one (new-api's {@code /mj/image/{id}} proxy, §6.3) is resolved against the base
     * URI. An unreadable URL is a protocol error when {@code required}, else ignored.
     */
    private Optional<URI> uri(String raw, boolean required) {
        try {
            URI u = new URI(raw.strip().replace(" ", "%20"));
            if (!u.isAbsolute()) {
                String base = baseUri.toString().replaceAll("/+$", "");
                u = URI.create(base + (raw.startsWith("/") ? "" : "/") + u);
            }
            return Optional.of(u);
        } catch (URISyntaxException | IllegalArgumentException e) {
            if (required) {
                throw new ProviderProtocolException("mjproxy: unreadable image URL '" + shorten(raw) + "'", e);
            }
            return Optional.empty();
        }
    }

    private static Optional<Dimensions> size(JsonNode task) {
        OptionalLong w = JsonFields.number(task, "width");
        OptionalLong h = JsonFields.number(task, "height");
        if (w.isPresent() && h.isPresent() && w.getAsLong() > 0 && h.getAsLong() > 0
                && w.getAsLong() <= Integer.MAX_VALUE && h.getAsLong() <= Integer.MAX_VALUE) {
            return Optional.of(new Dimensions((int) w.getAsLong(), (int) h.getAsLong()));
        }
        return Optional.empty();
    }

    private static boolean hasElements(JsonNode n) {
        return n != null && n.isArray() && !n.isEmpty();
    }

    private static String describe(JsonNode n) {
        return n == null ? "nothing" : shorten(n.toString());
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
