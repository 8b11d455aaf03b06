package io.mj4j.gateway.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * The submit result codes of mjproxy.md §4 with the same meanings, and the {@code SubmitResultVO} envelope (§3.1)
 * every {@code /mj/submit/*} answer has.
 */
public final class Codes {
    /** Accepted; {@code result} is the task id. */
    public static final int SUCCESS = 1;
    /** Referenced task missing, or (root submit) no vendor can take the task now; nothing was created. */
    public static final int NOT_FOUND = 3;
    /** Bad parameters. */
    public static final int VALIDATION_ERROR = 4;
    /** A modal task was created; complete it with /submit/modal. */
    public static final int MODAL = 21;
    /** Accepted, still waiting for the vendor's answer; {@code result} is the task id. */
    public static final int IN_QUEUE = 22;
    /** The vendor's queue is full (rate limited); nothing was created. */
    public static final int QUEUE_REJECTED = 23;
    /** The prompt was refused by moderation. */
    public static final int BANNED_PROMPT = 24;

    private Codes() {
    }

    /** The SubmitResultVO {@code {code, description, result, properties}}; {@code result} null is left out. */
    public static ObjectNode reply(int code, String description, String result, Map<String, ?> properties) {
        ObjectNode n = Json.object();
        n.put("code", code);
        n.put("description", description);
        if (result != null) {
            n.put("result", result);
        }
        ObjectNode p = n.putObject("properties");
        properties.forEach((k, v) -> {
            if (v instanceof Number num) {
                p.put(k, num.longValue());
            } else if (v instanceof Boolean b) {
                p.put(k, b);
            } else if (v != null) {
                p.put(k, v.toString());
            }
        });
        return n;
    }
}
