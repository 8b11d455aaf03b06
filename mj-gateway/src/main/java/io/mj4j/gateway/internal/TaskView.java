package io.mj4j.gateway.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.Image;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The task object of mjproxy.md §3.2 (fetch, list, notifyHook body) built from the gateway's row and the engine's
 * latest snapshot: status words and progress strings as real servers send them (§6), the result in
 * {@code imageUrl} / {@code properties.finalPrompt} / {@code videoUrl}, and the buttons of {@link CustomIds}.
 * Stateless.
 */
public final class TaskView {
    /** The keycap digits describe and shorten number their suggestions with (§5.6, §5.7). */
    private static final List<String> KEYCAPS = List.of("1\uFE0F\u20E3", "2\uFE0F\u20E3", "3\uFE0F\u20E3", "4\uFE0F\u20E3",
            "5\uFE0F\u20E3", "6\uFE0F\u20E3", "7\uFE0F\u20E3", "8\uFE0F\u20E3", "9\uFE0F\u20E3");

    private TaskView() {
    }

    /**
     * What the engine knows of a task.
     *
     * @param snapshot   the latest snapshot
     * @param providerId the vendor running it
     * @param updatedAt  when the snapshot was stored
     */
    public record Engine(TaskSnapshot snapshot, String providerId, Instant updatedAt) {
    }

    /**
     * The task object.
     *
     * @param engine empty when the engine has no such task (a modal not submitted yet, or a submit cut off by a crash)
     * @param lost   true when the row has no engine task and never will (see {@link GatewayTasks})
     */
    public static ObjectNode render(GatewayTasks.Row row, Optional<Engine> engine, boolean lost) {
        ObjectNode n = Json.object();
        n.put("id", row.id());
        n.put("action", row.actionWord());
        n.put("prompt", row.prompt() == null ? "" : row.prompt());
        n.put("promptEn", row.prompt() == null ? "" : row.prompt());
        n.put("description", row.description());
        if (row.state() == null) {
            n.putNull("state");
        } else {
            n.put("state", row.state());
        }
        n.put("submitTime", row.submitTime());
        ObjectNode props = Json.object();
        if (row.notifyHook() != null) {
            props.put("notifyHook", row.notifyHook());
        }
        ArrayNode buttons = Json.array();
        String status;
        String progress;
        String imageUrl = null;
        String failReason = null;
        Long startTime = null;
        Long finishTime = null;
        if (row.phase() == GatewayTasks.Phase.MODAL) {
            status = "MODAL";
            progress = "0%";
            props.put("finalPrompt", row.prompt() == null ? "" : row.prompt());
        } else if (row.phase() == GatewayTasks.Phase.CANCELLED) {
            status = "CANCEL";
            progress = "";
            failReason = "cancelled before the modal was submitted";
        } else if (engine.isEmpty()) {
            if (lost) {
                status = "FAILURE";
                progress = "";
                failReason = row.phase() == GatewayTasks.Phase.REFUSED ? "[mj4j] refused before anything was sent"
                        : "[mj4j] not sent: the gateway stopped before this submit was recorded; nothing reached a vendor";
            } else {
                status = "NOT_START";
                progress = "0%";
            }
        } else {
            Engine e = engine.get();
            TaskSnapshot s = e.snapshot();
            props.put("discordInstanceId", e.providerId());
            status = switch (s.status()) {
                case SUBMITTING, UNKNOWN -> "NOT_START";
                case QUEUED -> "SUBMITTED";
                case RUNNING -> "IN_PROGRESS";
                case NEEDS_INPUT -> "MODAL";
                case SUCCEEDED -> "SUCCESS";
                case FAILED -> "FAILURE";
                case CANCELLED -> "CANCEL";
            };
            progress = switch (s.status()) {
                case SUCCEEDED -> "100%";
                case FAILED, CANCELLED -> "";
                default -> s.progress().isPresent() ? s.progress().getAsInt() + "%" : "0%";
            };
            if (s.status().rank() >= TaskStatus.QUEUED.rank()) {
                startTime = row.submitTime();
            }
            if (s.isTerminal()) {
                finishTime = e.updatedAt().toEpochMilli();
            }
            if (!s.isTerminal()) {
                imageUrl = s.previewUrl().map(URI::toString).orElse(null);
            }
            if (s.status() == TaskStatus.FAILED || s.status() == TaskStatus.CANCELLED) {
                failReason = s.failure().map(f -> "[" + f.category() + "] " + f.vendorMessage()).orElse("cancelled");
            }
            if (s.status() == TaskStatus.SUCCEEDED) {
                failReason = "";
                Optional<TaskResult> r = s.result();
                if (r.isPresent()) {
                    imageUrl = result(n, props, r.get(), row.kind()).orElse(null);
                }
                if (s.followUps().contains(FollowUp.of(ActionKind.SEED))) {
                    props.put("messageHash", CustomIds.hash(row.id()));
                }
                buttons = CustomIds.json(CustomIds.buttons(row.id(), s.followUps()));
            }
        }
        n.put("status", status);
        n.put("progress", progress);
        putLong(n, "startTime", startTime);
        putLong(n, "finishTime", finishTime);
        if (imageUrl == null) {
            n.putNull("imageUrl");
        } else {
            n.put("imageUrl", imageUrl);
        }
        if (failReason == null) {
            n.putNull("failReason");
        } else {
            n.put("failReason", failReason);
        }
        n.set("properties", props);
        n.set("buttons", buttons);
        return n;
    }

    /** Fills the result fields; returns the image URL. */
    private static Optional<String> result(ObjectNode n, ObjectNode props, TaskResult r, ActionKind kind) {
        if (!r.texts().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.texts().size(); i++) {
                if (i > 0) {
                    sb.append("\n\n");
                }
                sb.append(i < KEYCAPS.size() ? KEYCAPS.get(i) + " " : "").append(r.texts().get(i));
            }
            props.put("finalPrompt", sb.toString());
            n.put("promptEn", sb.toString());
        }
        if (!r.videos().isEmpty()) {
            n.put("videoUrl", r.videos().get(0).toString());
            ArrayNode v = n.putArray("videoUrls");
            r.videos().forEach(u -> v.addObject().put("url", u.toString()));
        }
        if (r.seed().isPresent()) {
            n.put("seed", Long.toString(r.seed().getAsLong()));
        }
        if (!r.cells().isEmpty()) {
            ArrayNode cells = n.putArray("imageUrls");
            r.cells().forEach(c -> cells.addObject().put("url", c.url().toString()));
        }
        Optional<Image> main = r.grid().or(() -> r.images().stream().findFirst());
        main.flatMap(Image::size).ifPresent(d -> {
            n.put("width", d.width());
            n.put("height", d.height());
        });
        return r.primaryImage().map(URI::toString);
    }

    private static void putLong(ObjectNode n, String field, Long v) {
        if (v == null) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }

    /** The protocol's action word of an mj4j kind (§7: Plus vocabulary; mj4j-only kinds by their nearest word). */
    public static String word(ActionKind kind) {
        return switch (kind) {
            case IMAGINE -> "IMAGINE";
            case BLEND -> "BLEND";
            case DESCRIBE -> "DESCRIBE";
            case SHORTEN -> "SHORTEN";
            case UPSCALE, UPSCALE_MORE -> "UPSCALE";
            case VARIATION, VARY, VARY_REGION -> "VARIATION";
            case REROLL -> "REROLL";
            case ZOOM -> "ZOOM";
            case PAN -> "PAN";
            case ANIMATE -> "VIDEO";
            case SEED, CUSTOM -> "ACTION";
        };
    }
}
