package io.mj4j.sandbox.internal.ohmygpt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A simulated job as OhMyGPT's task object (ohmygpt.md §5.5; the same object is the webhook body, §8), read
 * at one instant. The job's vendor values live in {@link SimTask#attributes()} under the keys below. Stateless.
 *
 * <p>Status words (§6), from the job's phase:
 * <table>
 *   <caption>phase to status word</caption>
 *   <tr><th>phase</th><th>status</th><th>progress</th></tr>
 *   <tr><td>QUEUED, first half of the queue time</td><td>NOT_START</td><td>0%</td></tr>
 *   <tr><td>QUEUED, second half</td><td>SUBMITTED</td><td>0%</td></tr>
 *   <tr><td>RUNNING (a stall stays here)</td><td>IN_PROGRESS</td><td>n%</td></tr>
 *   <tr><td>SUCCEEDED</td><td>SUCCESS</td><td>100%</td></tr>
 *   <tr><td>FAILED</td><td>FAILURE, with {@code failReason}</td><td>0%</td></tr>
 *   <tr><td>CANCELLED (never: the vendor has no cancel call)</td><td>CANCEL</td><td>0%</td></tr>
 * </table>
 */
final class TaskView {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Attribute: the Discord job id in the task's button ids (ohmygpt.md §7). */
    static final String JOB_ID = "jobId";
    /** Attribute: the task's button ids, newline-separated, in Discord's order. */
    static final String CUSTOM_IDS = "customIds";
    /** Attribute: the pool, {@code FAST} or {@code NORMAL} (§5.1 {@code type}). */
    static final String POOL = "taskType";
    /** Attribute: the button id that started a follow-up. */
    static final String PRESSED = "customId";

    /** ohmygpt.md §5.5: ISO-8601 UTC with milliseconds ({@code 2023-08-31T13:59:14.000Z}). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private TaskView() {
    }

    /** The Discord job id of {@code task}: a UUID that follows from the task, kept in its attributes. */
    static String jobId(SimTask task) {
        return task.attributes().computeIfAbsent(JOB_ID, k ->
                UUID.nameUUIDFromBytes(("ohmygpt:" + task.id() + ":" + task.seed()).getBytes(StandardCharsets.UTF_8)).toString());
    }

    /** The button ids {@code task} offers once it succeeded, kept in its attributes. */
    static List<String> customIds(SimTask task) {
        String ids = task.attributes().computeIfAbsent(CUSTOM_IDS, k -> String.join("\n", Buttons.offeredBy(task, jobId(task))));
        return ids.isEmpty() ? List.of() : Arrays.asList(ids.split("\n"));
    }

    /** The pool of {@code task}. */
    static String pool(SimTask task) {
        return task.attributes().getOrDefault(POOL, "FAST");
    }

    /** The status word at {@code now}. */
    static String status(SimTask task, Instant now) {
        return switch (task.phase(now)) {
            // midjourney-proxy's meaning (same family, §6): NOT_START = accepted, not yet sent to Discord;
            // SUBMITTED = sent, waiting for the bot. The queue time is split between the two.
            case QUEUED -> {
                Instant starts = startsAt(task);
                Instant half = task.createdAt().plus(java.time.Duration.between(task.createdAt(), starts).dividedBy(2));
                yield now.isBefore(half) ? "NOT_START" : "SUBMITTED";
            }
            case RUNNING -> "IN_PROGRESS";
            case SUCCEEDED -> "SUCCESS";
            case FAILED -> "FAILURE";
            // §14: CANCEL is not seen; the provider reads it as midjourney-proxy's word
            case CANCELLED -> "CANCEL";
        };
    }

    /** The task object at {@code now}. */
    static ObjectNode render(SimTask task, Instant now) {
        SimTask.Phase phase = task.phase(now);
        boolean success = phase == SimTask.Phase.SUCCEEDED;
        ObjectNode o = JSON.createObjectNode();
        o.put("taskId", Long.parseLong(task.id()));
        o.put("taskType", pool(task));
        o.put("status", status(task, now));
        o.put("action", actionWord(task.kind()));
        // §14: progress on failure is unknown; "0%" as in the provider's failure fixture
        o.put("progress", (phase == SimTask.Phase.RUNNING ? task.progress(now) : success ? 100 : 0) + "%");
        o.put("description", description(task));
        if (task.kind() == ActionKind.DESCRIBE) {
            // §5.4 / §14: clients read describe's prompts from "prompt", MJ's four numbered lines
            o.put("prompt", success ? String.join("\n\n", task.texts()) : null);
        } else {
            o.put("prompt", task.prompt());
        }
        o.put("failReason", phase == SimTask.Phase.FAILED ? task.failureMessage() : null);
        o.put("submitTime", TIME.format(task.createdAt()));
        o.put("startTime", phase == SimTask.Phase.QUEUED ? null : TIME.format(startsAt(task)));
        o.put("finishTime", success || phase == SimTask.Phase.FAILED ? TIME.format(task.endsAt()) : null);
        o.put("webhookUrl", task.callbackUrl().orElse(null));
        URI image = success ? image(task) : null;
        // The sandbox serves one copy of each file, so the Discord URL and the object-storage copy
        // (§5.5, §13: "prefer imageS3Url when present") are the same loopback URL.
        o.put("imageDcUrl", image == null ? null : image.toString());
        o.put("imageS3Url", image == null ? null : image.toString());
        ArrayNode actions = o.putArray("actions");
        if (success) {
            for (String id : customIds(task)) {
                Buttons.Button b = Buttons.parse(id);
                actions.addObject().put("customId", id).put("emoji", b.emoji()).put("label", b.label());
            }
        }
        return o;
    }

    private static URI image(SimTask task) {
        if (task.producesGrid()) {
            return task.gridUrl();
        }
        if (task.kind() == ActionKind.UPSCALE || task.kind() == ActionKind.UPSCALE_MORE) {
            return task.imageUrl();
        }
        return null; // §5.4: a describe has no image
    }

    /** ohmygpt.md §7: the vendor's action word. */
    static String actionWord(ActionKind kind) {
        return switch (kind) {
            case UPSCALE, UPSCALE_MORE -> "UPSCALE";
            // Vary (Subtle/Strong/Region) are variations in midjourney-proxy's vocabulary
            case VARIATION, VARY, VARY_REGION -> "VARIATION";
            default -> kind.name();
        };
    }

    private static String description(SimTask task) {
        return switch (task.kind()) {
            case IMAGINE -> "/imagine " + task.prompt();
            case BLEND -> "/blend";
            case DESCRIBE -> "/describe";
            default -> {
                // as in the provider's upscale fixture: "/up <parent task id> U1"
                String pressed = task.attributes().get(PRESSED);
                Buttons.Button b = pressed == null ? null : Buttons.parse(pressed);
                yield "/up " + task.parent().map(SimTask::id).orElse("?") + " " + (b == null ? task.kind().name() : b.name());
            }
        };
    }

    /**
     * When the job left the queue. A job's phase is a function of time, QUEUED exactly before its start, so
     * the start is found by bisection between its creation and its end (to the millisecond).
     */
    static Instant startsAt(SimTask task) {
        long lo = task.createdAt().toEpochMilli();
        long hi = Math.max(lo, task.endsAt().toEpochMilli());
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (task.phase(Instant.ofEpochMilli(mid)) == SimTask.Phase.QUEUED) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return Instant.ofEpochMilli(lo);
    }
}
