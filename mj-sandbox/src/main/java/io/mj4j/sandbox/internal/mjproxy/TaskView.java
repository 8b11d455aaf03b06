package io.mj4j.sandbox.internal.mjproxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A job as the midjourney-proxy task object (mjproxy.md §3.2; the same object is fetched, listed, queried and
 * posted to {@code notifyHook}, §9), read at one instant. The vendor values of a job live in
 * {@link SimTask#attributes()} under the keys below. Stateless.
 *
 * <p>Status words (§6.1) and progress (§6.2), from the job's phase:
 * <table>
 *   <caption>phase to status word</caption>
 *   <tr><th>phase</th><th>status</th><th>progress</th></tr>
 *   <tr><td>QUEUED, first half of the queue time</td><td>NOT_START</td><td>0%</td></tr>
 *   <tr><td>QUEUED, second half (sent to Discord: {@code startTime} set)</td><td>SUBMITTED</td><td>0%</td></tr>
 *   <tr><td>RUNNING (a stall stays here)</td><td>IN_PROGRESS</td><td>n%</td></tr>
 *   <tr><td>SUCCEEDED</td><td>SUCCESS</td><td>100%</td></tr>
 *   <tr><td>FAILED</td><td>FAILURE, with {@code failReason}</td><td>"" (§6.1: "progress "" in proxies")</td></tr>
 *   <tr><td>CANCELLED (only from the queue)</td><td>CANCEL</td><td>0%</td></tr>
 *   <tr><td>a {@link PendingModal} (no job yet)</td><td>MODAL</td><td>0%</td></tr>
 * </table>
 */
final class TaskView {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Attribute: the submit's {@code state} (§5), echoed in the task. */
    static final String STATE = "state";
    /** Attribute: the task's {@code action} word (§7). */
    static final String ACTION = "action";
    /** Attribute: the button that started a follow-up. */
    static final String PRESSED = "customId";
    /** Attribute: the button's name in {@code description} ("U2"). */
    static final String PRESSED_NAME = "button";
    /** Attribute: {@code MID_JOURNEY} or {@code NIJI_JOURNEY} (§5.1). */
    static final String BOT_TYPE = "botType";
    /** Attribute: the Midjourney job hash ({@code properties.messageHash}, the last segment of button ids, §8). */
    static final String HASH = "messageHash";
    /** Attribute: the button ids the finished task offers, newline-separated, in Discord's order. */
    static final String CUSTOM_IDS = "customIds";
    /** Attribute: the image a describe read (§5.6: {@code imageUrl} is the uploaded image), when it was a link. */
    static final String IMAGE = "imageUrl";
    /** Attribute: how many images a blend had. */
    static final String IMAGE_COUNT = "imageCount";

    static final String MID_JOURNEY = "MID_JOURNEY";
    /** §3.1: the account instance and channel ids (the sandbox has one account). */
    static final String INSTANCE_ID = "1300842676874379336";

    /** §6.1 "[<Midjourney embed title>] <description>"; the provider reads "banned"/"community standards" as moderation. */
    static final String BANNED = "[Banned prompt detected] Sorry! Our AI moderator thinks this prompt is probably against our"
            + " community standards.";
    static final String JOB_ERROR = "[Internal Error] The job encountered an error and could not be processed";

    private TaskView() {
    }

    /** The status word at {@code now}. */
    static String status(SimTask task, Instant now) {
        return switch (task.phase(now)) {
            case QUEUED -> now.isBefore(sentAt(task)) ? "NOT_START" : "SUBMITTED";
            case RUNNING -> "IN_PROGRESS";
            case SUCCEEDED -> "SUCCESS";
            case FAILED -> "FAILURE";
            case CANCELLED -> "CANCEL";
        };
    }

    /** When the proxy sent the job to Discord: half way through its queue time. */
    static Instant sentAt(SimTask task) {
        return task.createdAt().plus(Duration.between(task.createdAt(), task.startsAt()).dividedBy(2));
    }

    /** The Midjourney job hash of {@code task}: a UUID that follows from the task, kept in its attributes. */
    static String hash(SimTask task) {
        return task.attributes().computeIfAbsent(HASH, k ->
                UUID.nameUUIDFromBytes(("mjproxy:" + task.id() + ":" + task.seed()).getBytes(StandardCharsets.UTF_8)).toString());
    }

    /** The button ids {@code task} offers once it succeeded, kept in its attributes. */
    static List<String> customIds(SimTask task) {
        String ids = task.attributes().computeIfAbsent(CUSTOM_IDS, k -> String.join("\n",
                Buttons.offeredBy(task, hash(task)).stream().map(Buttons.Button::customId).filter(c -> c != null).toList()));
        return ids.isEmpty() ? List.of() : Arrays.asList(ids.split("\n"));
    }

    /** The task's {@code action} word (§7: Plus vocabulary; a reroll reports its parent's). */
    static String word(SimTask task) {
        String stored = task.attributes().get(ACTION);
        if (stored != null) {
            return stored;
        }
        return switch (task.kind()) {
            case UPSCALE, UPSCALE_MORE -> "UPSCALE";
            case VARIATION, VARY, VARY_REGION -> "VARIATION";
            case REROLL -> task.parent().map(TaskView::word).orElse("IMAGINE");
            case ANIMATE -> "VIDEO";
            default -> task.kind().name();
        };
    }

    /** The task object at {@code now}. */
    static ObjectNode render(SimTask task, Instant now) {
        SimTask.Phase phase = task.phase(now);
        boolean success = phase == SimTask.Phase.SUCCEEDED;
        String status = status(task, now);
        ObjectNode o = JSON.createObjectNode();
        o.put("id", task.id());
        o.put("action", word(task));
        o.put("status", status);
        o.put("progress", switch (phase) {
            case RUNNING -> task.progress(now) + "%";
            case SUCCEEDED -> "100%";
            case FAILED -> "";
            default -> "0%";
        });
        o.put("prompt", task.prompt());
        o.put("promptEn", task.prompt());
        o.put("description", description(task));
        o.put("state", task.attributes().get(STATE));
        o.put("submitTime", task.createdAt().toEpochMilli());
        if (status.equals("NOT_START") || phase == SimTask.Phase.CANCELLED) {
            o.putNull("startTime");
        } else {
            o.put("startTime", sentAt(task).toEpochMilli());
        }
        Instant finish = switch (phase) {
            case SUCCEEDED, FAILED -> task.endsAt();
            case CANCELLED -> task.cancelledAt().orElse(now);
            default -> null;
        };
        if (finish == null) {
            o.putNull("finishTime");
        } else {
            o.put("finishTime", finish.toEpochMilli());
        }
        // No preview while running: the sandbox serves files of finished jobs only.
        URI image = success ? image(task) : null;
        o.put("imageUrl", image == null ? null : image.toString());
        o.put("failReason", phase == SimTask.Phase.FAILED ? failReason(task) : success ? "" : null);

        ObjectNode props = o.putObject("properties");
        common(props, task.attributes().getOrDefault(BOT_TYPE, MID_JOURNEY), task.callbackUrl().orElse(null));
        if (phase == SimTask.Phase.RUNNING || success) {
            props.put("finalPrompt", success ? finalPrompt(task) : task.prompt());
        }
        if (success) {
            props.put("messageHash", hash(task));
        }
        if (success && task.kind() == ActionKind.ANIMATE) {
            // §3.2 (trueai fields; Plus documents no video): the provider reads videoUrl / videoUrls[].url
            o.put("videoUrl", task.videoUrl().toString());
            o.putArray("videoUrls").addObject().put("url", task.videoUrl().toString());
        }
        var buttons = o.putArray("buttons");
        if (success) {
            customIds(task); // keeps the offered ids with the task, for the follow-ups that name them
            Buttons.write(Buttons.offeredBy(task, hash(task)), buttons);
        }
        return o;
    }

    /** A task waiting in MODAL (or cancelled there). */
    static ObjectNode render(PendingModal m) {
        Buttons.Press press = Buttons.press(m.customId());
        ObjectNode o = JSON.createObjectNode();
        o.put("id", m.id());
        o.put("action", press == null || press.word() == null ? word(m.parent()) : press.word());
        o.put("status", m.cancelled() ? "CANCEL" : "MODAL");
        o.put("progress", "0%");
        o.put("prompt", m.parent().prompt());
        o.put("promptEn", m.parent().prompt());
        o.put("description", "/up " + m.parent().id() + " " + (press == null ? m.customId() : press.name()));
        o.put("state", m.state());
        o.put("submitTime", m.submitTime());
        o.putNull("startTime");
        if (m.cancelled()) {
            o.put("finishTime", m.cancelTime());
        } else {
            o.putNull("finishTime");
        }
        o.putNull("imageUrl");
        o.putNull("failReason");
        ObjectNode props = o.putObject("properties");
        common(props, m.botType(), m.notifyHook());
        props.put("finalPrompt", m.finalPrompt());
        props.put("remix", true);
        o.putArray("buttons");
        return o;
    }

    private static void common(ObjectNode props, String botType, String notifyHook) {
        props.put("botType", botType);
        props.put("discordInstanceId", INSTANCE_ID);
        props.put("discordChannelId", INSTANCE_ID);
        if (notifyHook != null) {
            props.put("notifyHook", notifyHook);
        }
    }

    private static URI image(SimTask task) {
        if (task.producesGrid()) {
            return task.gridUrl();
        }
        return switch (task.kind()) {
            case UPSCALE, UPSCALE_MORE -> task.imageUrl();
            // §5.6: a describe shows the image it read (only a link can be shown again)
            case DESCRIBE -> {
                String link = task.attributes().get(IMAGE);
                yield link == null ? null : URI.create(link);
            }
            default -> null; // shorten has no image; a video's result is videoUrl
        };
    }

    /**
     * {@code properties.finalPrompt} of a finished task: the prompt, or for describe the four suggestions
     * "1️⃣ … --ar 5:4\n\n2️⃣ …" (§5.6), for shorten the analysis with its numbered prompts (§5.7).
     */
    private static String finalPrompt(SimTask task) {
        return switch (task.kind()) {
            case DESCRIBE -> String.join("\n\n", task.texts());
            case SHORTEN -> "**Important tokens**\n" + task.prompt().replaceAll("\\s*--.*$", "").strip()
                    + "\n\n**Shortened prompts**\n" + String.join("\n\n", task.texts());
            default -> task.prompt();
        };
    }

    private static String failReason(SimTask task) {
        return task.outcome() == SimTask.Outcome.PROMPT_REJECTED ? BANNED : JOB_ERROR;
    }

    /** §3.2 {@code description}: "/imagine cat", "/up 1320098173412546 U2", "/blend <id> 2", "/describe …". */
    private static String description(SimTask task) {
        String pressed = task.attributes().get(PRESSED_NAME);
        if (pressed != null && task.parent().isPresent()) {
            return "/up " + task.parent().get().id() + " " + pressed;
        }
        return switch (task.kind()) {
            case IMAGINE -> "/imagine " + task.prompt();
            case BLEND -> "/blend " + task.id() + " " + task.attributes().getOrDefault(IMAGE_COUNT, "2");
            case DESCRIBE -> "/describe " + task.id();
            case SHORTEN -> "/shorten " + task.prompt();
            default -> "/up " + task.parent().map(SimTask::id).orElse("") + " " + task.kind().name();
        };
    }
}
