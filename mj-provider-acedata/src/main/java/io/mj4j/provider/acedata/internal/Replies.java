package io.mj4j.provider.acedata.internal;

import io.mj4j.provider.support.Texts;
import io.mj4j.spi.Redaction;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns AceData task objects and result objects into {@link TaskSnapshot}s: status through {@link StatusTable},
 * progress, the intermediate preview, the result (grid, single image, videos, texts, seed), the follow-ups, the
 * failure, and the vendor state later follow-ups need. AceData reports no cost per task, so no usage is set.
 */
public final class Replies {
    /** Vendor state: the finished result's {@code image_id}, the handle of every image follow-up (acedata.md §3.2). */
    public static final String IMAGE_ID = "image_id";
    /** Vendor state: the finished image's full-size URL, the input of ANIMATE ({@code /midjourney/videos}, §6). */
    public static final String IMAGE_URL = "image_url";
    /** Vendor state: the finished result's action words, comma-separated (§2.2 {@code actions}). */
    public static final String ACTIONS = "actions";
    /** Vendor state: a finished video's {@code video_id} (§6, for {@code extend}). */
    public static final String VIDEO_ID = "video_id";

    private Replies() {
    }

    /** {@code text} on one line, cut to 200 characters, for messages (bodies reach here with the key already masked). */
    public static String snippet(String text) {
        return Texts.snippet(text, Redaction.none(), 200);
    }

    /**
     * The snapshot of a task object of {@code /midjourney/tasks}.
     *
     * @param vendorTaskId the task id
     * @param task         the task object
     * @param kind         the action kind the task was submitted as, or null when unknown
     */
    public static TaskSnapshot ofTask(String vendorTaskId, Wire.Task task, ActionKind kind) {
        String word = StatusTable.word(task.state(), task.response(), task.finishedAt());
        Boolean single = ActionWords.producesSingle(task.requestAction());
        if (single == null && kind != null && kind != ActionKind.CUSTOM) {
            single = ActionWords.producesSingle(kind);
        }
        return build(vendorTaskId, word, task.response(), single);
    }

    /**
     * The snapshot of a result object: a submit reply or a callback body (acedata.md §5.3).
     *
     * @param single whether the request produces a single image (null when unknown)
     */
    public static TaskSnapshot ofResult(String vendorTaskId, Wire.Result result, Boolean single) {
        return build(vendorTaskId, StatusTable.word(null, result, null), result, single);
    }

    private static TaskSnapshot build(String id, String word, Wire.Result r, Boolean single) {
        TaskStatus status = StatusTable.status(word, id);
        TaskSnapshot.Builder b = TaskSnapshot.builder(status).vendorTaskId(id).vendorStatus(word);
        switch (status) {
            case QUEUED, RUNNING -> {
                if (r != null) {
                    b.progress(progress(r));
                    // acedata.md §8: intermediate images are deleted once the job completes: a preview only.
                    if (status == TaskStatus.RUNNING && r.imageUrl() != null && !r.imageUrl().isBlank()) {
                        b.previewUrl(uri(r.imageUrl(), id));
                    }
                }
            }
            case SUCCEEDED -> {
                if (r == null) {
                    throw new ProviderProtocolException("acedata task " + id + " is '" + word + "' but carries no response");
                }
                b.progress(100);
                succeeded(b, r, single, id);
            }
            default -> {
                String code = r == null ? null : r.errorCode();
                String message = r == null ? null : r.errorMessage();
                if (message == null || message.isBlank()) {
                    message = "AceData reports the task as '" + word + "'";
                }
                FailureCategory category = status == TaskStatus.CANCELLED ? FailureCategory.CANCELLED
                        : ErrorMapper.category(code, message);
                b.failure(new Failure(category, message, Optional.ofNullable(code)));
            }
        }
        return b.build();
    }

    private static void succeeded(TaskSnapshot.Builder b, Wire.Result r, Boolean single, String id) {
        if (r.videoUrls() != null && !r.videoUrls().isEmpty()) {
            List<URI> videos = new ArrayList<>();
            r.videoUrls().stream().filter(u -> u != null && !u.isBlank()).forEach(u -> videos.add(uri(u, id)));
            b.result(TaskResult.ofVideos(videos));
            if (r.videoId() != null && !r.videoId().isBlank()) {
                b.vendorState(VIDEO_ID, r.videoId());
            }
            return;
        }
        if (r.descriptions() != null && !r.descriptions().isEmpty()) {
            b.result(TaskResult.ofTexts(r.descriptions().stream().filter(t -> t != null).toList()));
            return;
        }
        if (r.prompts() != null && !r.prompts().isEmpty()) {
            b.result(TaskResult.ofTexts(r.prompts().stream().filter(t -> t != null).toList()));
            return;
        }
        if (r.seed() != null && !r.seed().isBlank()) {
            try {
                b.result(TaskResult.ofSeed(Long.parseLong(r.seed().strip())));
            } catch (NumberFormatException e) {
                throw new ProviderProtocolException("acedata task " + id + ": seed '" + Replies.snippet(r.seed())
                        + "' is not a number");
            }
            return;
        }
        boolean raw = r.rawImageUrl() != null && !r.rawImageUrl().isBlank();
        String url = raw ? r.rawImageUrl() : r.imageUrl();
        if (url == null || url.isBlank()) {
            return;
        }
        Image image = new Image(uri(url, id), raw ? size(r.rawImageWidth(), r.rawImageHeight()) : size(r.imageWidth(), r.imageHeight()));
        List<String> words = r.actionList();
        // acedata.md §2.2: a grid offers U1..U4/V1..V4; a single image offers another action set. Without actions,
        // fall back on what the request produces, and on a grid when that is unknown.
        boolean grid = ActionWords.isGrid(words) || (words.isEmpty() && !Boolean.TRUE.equals(single));
        if (grid) {
            List<Image> cells = new ArrayList<>();
            if (r.subImageUrls() != null) {
                r.subImageUrls().stream().filter(u -> u != null && !u.isBlank()).forEach(u -> cells.add(Image.of(uri(u, id))));
            }
            b.result(new TaskResult(Optional.of(image), cells, List.of(), List.of(), OptionalLong.empty()));
        } else {
            b.result(TaskResult.ofImage(image));
        }
        Set<FollowUp> followUps = ActionWords.followUps(words);
        b.followUps(followUps);
        b.vendorState(IMAGE_URL, image.url().toString());
        b.vendorState(ACTIONS, String.join(",", words));
        // acedata.md §3.2: only a finished result's image_id is a valid handle; intermediate ones differ.
        if (r.imageId() != null && !r.imageId().isBlank()) {
            b.vendorState(IMAGE_ID, r.imageId().strip());
            // acedata.md §3.2/§6: /midjourney/seed takes the image_id of any generated image.
            b.followUp(FollowUp.of(ActionKind.SEED));
        }
        if (!grid) {
            // acedata.md §6: /midjourney/videos animates any image URL; offered on single images as Midjourney does.
            b.followUp(FollowUp.of(ActionKind.ANIMATE));
        }
    }

    private static Integer progress(Wire.Result r) {
        Double p = number(r.progress());
        if (p == null || p.isNaN()) {
            return null;
        }
        return (int) Math.max(0, Math.min(100, Math.floor(p)));
    }

    /** A lenient number: the spec types several numbers as strings (acedata.md §2.2). Null when absent or unreadable. */
    static Double number(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Optional<Dimensions> size(String w, String h) {
        Double width = number(w);
        Double height = number(h);
        if (width == null || height == null || width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new Dimensions(width.intValue(), height.intValue()));
    }

    /** A URL from the vendor; characters a URI may not hold (spaces, '|') are percent-encoded. */
    static URI uri(String s, String id) {
        String v = s.strip();
        try {
            return URI.create(v);
        } catch (IllegalArgumentException notStrict) {
            StringBuilder sb = new StringBuilder();
            for (byte c : v.getBytes(StandardCharsets.UTF_8)) {
                int ch = c & 0xff;
                if (ch > 32 && ch < 127 && "\"<>\\^`{|}".indexOf(ch) < 0) {
                    sb.append((char) ch);
                } else {
                    sb.append('%').append(String.format("%02X", ch));
                }
            }
            try {
                return URI.create(sb.toString());
            } catch (IllegalArgumentException e) {
                throw new ProviderProtocolException("acedata task " + id + ": '" + Replies.snippet(v) + "' is not a URL");
            }
        }
    }
}
