package io.mj4j.sandbox.internal.mjproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.sandbox.vendor.SimContext;
import io.mj4j.sandbox.vendor.SimTask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A task in {@code MODAL} status (mjproxy.md §4 code 21, §5.4): a button that needs a window (Custom Zoom,
 * Vary (Region), describe/shorten picks, or any remixable button with {@code enableRemix}) was pressed, its id
 * was given out, and the task waits for {@code /submit/modal}. It is no job yet ("a MODAL task does not occupy
 * queue slots", and never progresses on its own), so it lives as JSON in its parent's attributes under
 * {@link #KEY_PREFIX}{@code <id>} (kept with the parent in a sandbox state folder) and becomes a job, under the
 * same id, when the modal is submitted.
 *
 * @param id          the MODAL task's id
 * @param parent      the task whose button was pressed
 * @param customId    the button
 * @param state       the action's {@code state}
 * @param notifyHook  the action's {@code notifyHook}, or null
 * @param botType     the bot of the parent
 * @param finalPrompt the prompt the window shows (the code-21 reply's {@code properties.finalPrompt})
 * @param submitTime  epoch ms of the action
 * @param cancelTime  epoch ms of a cancel, or 0
 */
record PendingModal(String id, SimTask parent, String customId, String state, String notifyHook, String botType,
                    String finalPrompt, long submitTime, long cancelTime) {
    /** Attribute key prefix in the parent's attributes. */
    static final String KEY_PREFIX = "modal:";

    /** Stores this modal in its parent. */
    void save() {
        ObjectNode o = TaskView.JSON.createObjectNode();
        o.put("customId", customId);
        o.put("state", state);
        o.put("notifyHook", notifyHook);
        o.put("botType", botType);
        o.put("finalPrompt", finalPrompt);
        o.put("submitTime", submitTime);
        o.put("cancelTime", cancelTime);
        parent.attributes().put(KEY_PREFIX + id, o.toString());
    }

    /** Takes this modal out of its parent; false when another request took it first. */
    boolean take() {
        return parent.attributes().remove(KEY_PREFIX + id) != null;
    }

    boolean cancelled() {
        return cancelTime > 0;
    }

    /** This modal, cancelled at {@code millis}. */
    PendingModal cancelledAt(long millis) {
        return new PendingModal(id, parent, customId, state, notifyHook, botType, finalPrompt, submitTime, millis);
    }

    /** The pending modal {@code id}, looked up in every task's attributes. */
    static Optional<PendingModal> find(SimContext ctx, String id) {
        String key = KEY_PREFIX + id;
        for (SimTask t : ctx.all()) {
            String json = t.attributes().get(key);
            if (json != null) {
                return Optional.of(parse(id, t, json));
            }
        }
        return Optional.empty();
    }

    /** Every pending modal of the sandbox, in the order of their parents. */
    static java.util.List<PendingModal> all(SimContext ctx) {
        java.util.List<PendingModal> out = new java.util.ArrayList<>();
        for (SimTask t : ctx.all()) {
            t.attributes().forEach((k, v) -> {
                if (k.startsWith(KEY_PREFIX)) {
                    out.add(parse(k.substring(KEY_PREFIX.length()), t, v));
                }
            });
        }
        return out;
    }

    private static PendingModal parse(String id, SimTask parent, String json) {
        try {
            JsonNode n = TaskView.JSON.readTree(json);
            return new PendingModal(id, parent, n.path("customId").asText(), text(n, "state"), text(n, "notifyHook"),
                    n.path("botType").asText(TaskView.MID_JOURNEY), n.path("finalPrompt").asText(""),
                    n.path("submitTime").asLong(), n.path("cancelTime").asLong());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable pending modal " + id + " of task " + parent.id(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
