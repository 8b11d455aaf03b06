package io.mj4j.sandbox.internal.gptunnel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.sandbox.vendor.SimResponse;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.ActionKind;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * GPTunnel's JSON: the task object every Midjourney endpoint returns (gptunnel.md §2), the OpenAI-style error
 * envelope (§7) and the balance object (§3.7). Also the vendor words of a job: its {@code type}, its status word and
 * the {@code actions} it lists once done. Stateless; thread-safe.
 */
final class TaskObjects {
    /** Attribute: the task's {@code type} word. */
    static final String TYPE = "type";
    /** Attribute: the {@code actions} words the task lists once done, comma-separated. */
    static final String ACTIONS = "actions";
    /** Attribute: what the create call charged, roubles. */
    static final String COST = "cost";
    /** Attribute: "true" when charged to the personal wallet ({@code useWalletBalance}). */
    static final String WALLET = "wallet";

    static final String INVALID = "invalid_request_error";

    /** §2/§3.1: the documented price of one generation. */
    static final BigDecimal GENERATION_COST = BigDecimal.valueOf(18);

    /**
     * §3.2: the documented finished-grid example lists these words verbatim, typos included ({@code upsamle_N};
     * {@code variation_4} twice, {@code variation_3} missing). §12 leaves open whether the live API has the typos; the
     * provider matches prefixes and offers each whole family, so serving the documented list keeps that honest.
     */
    static final List<String> GRID_ACTIONS = List.of("upsamle_1", "upsamle_2", "upsamle_3", "upsamle_4", "reroll",
            "variation_1", "variation_2", "variation_4", "variation_4");

    /**
     * §3.4/§6: an upsampled image offers Vary (Strong/Subtle). The words for inpaint/outpaint/pan/upscale on it are
     * unconfirmed (§6, §12) and not listed; those endpoints accept any finished single image, as the provider expects.
     */
    static final List<String> IMAGE_ACTIONS = List.of("high_variation", "low_variation");

    /**
     * §7: the documented 401 body, verbatim, with its trailing comma after {@code "code": null}: not valid JSON.
     * Clients must classify by HTTP status first.
     */
    static final String UNAUTHORIZED_BODY = """
            {
              "error": {
                "message": "Unauthorized",
                "type": "unauthorized_request_error",
                "param": null,
                "code": null,
              }
            }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskObjects() {
    }

    /** §2 {@code type}: observed {@code imagine, upsample, variation, inpaint}; the §3.6 endpoints by their names. */
    static String typeWord(ActionKind kind) {
        return switch (kind) {
            case UPSCALE -> "upsample";
            case VARIATION, VARY -> "variation";
            case REROLL -> "reroll";
            case VARY_REGION -> "inpaint";
            case ZOOM -> "outpaint";
            case PAN -> "pan";
            case UPSCALE_MORE -> "upscale";
            default -> "imagine";
        };
    }

    /** The words a task of {@code kind} lists in {@code actions} once done. */
    static List<String> actionWords(ActionKind kind) {
        return kind == ActionKind.UPSCALE || kind == ActionKind.UPSCALE_MORE ? IMAGE_ACTIONS : GRID_ACTIONS;
    }

    /**
     * §4: only {@code idle} and {@code done} are documented. A running job answers {@code processing} (the word the
     * provider's own stubs use; any non-terminal word reads as running, §4); a failed one {@code failed}, the public
     * clients' guess (§12), with {@code error} set. GPTunnel has no cancel, so {@code cancelled} is never reached.
     */
    static String statusWord(SimTask.Phase phase) {
        return switch (phase) {
            case QUEUED -> "idle";
            case RUNNING -> "processing";
            case SUCCEEDED -> "done";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
        };
    }

    /**
     * The reply of a create call for a task just made: §2 "every create/action call returns a task object
     * immediately with status idle", and the charge in {@code usage}.
     */
    static SimResponse created(SimTask t) {
        ObjectNode n = head(t);
        n.putArray("actions");
        n.put("percent", 0);
        n.put("status", "idle");
        n.putNull("result");
        n.putNull("error");
        usage(n, cost(t));
        return ok(n);
    }

    /**
     * The task as {@code /result} shows it at {@code now}. {@code charge} puts the creation cost in {@code usage}
     * (never on {@code /result}, which shows zeros, §2).
     */
    static SimResponse current(SimTask t, Instant now, boolean charge) {
        SimTask.Phase phase = t.phase(now);
        int percent = t.progress(now);
        ObjectNode n = head(t);
        ArrayNode actions = n.putArray("actions");
        if (phase == SimTask.Phase.SUCCEEDED) {
            words(t).forEach(actions::add);
        }
        n.put("percent", percent);
        n.put("status", statusWord(phase));
        if (phase == SimTask.Phase.SUCCEEDED) {
            // §5: one URL string; the documented cache parameter equals the progress (100 when done). A running job
            // shows no preview: the sandbox serves files only once the job succeeded.
            n.put("result", resultUrl(t) + "?cache=" + percent);
        } else {
            n.putNull("result");
        }
        if (phase == SimTask.Phase.FAILED) {
            // §12: the shape of a task's error is undocumented; a message string is the public clients' reading (and
            // the provider's stubs). Moderation and generic failures differ by their text.
            n.put("error", t.failureMessage());
        } else if (phase == SimTask.Phase.CANCELLED) {
            n.put("error", "Task was cancelled");
        } else {
            n.putNull("error");
        }
        usage(n, charge ? cost(t) : BigDecimal.ZERO);
        return ok(n);
    }

    /** Grid kinds give the grid; upsample/upscale a single image (§5). */
    static URI resultUrl(SimTask t) {
        return t.producesGrid() ? t.gridUrl() : t.imageUrl();
    }

    /** The words the task lists once done, from its attributes. */
    static List<String> words(SimTask t) {
        String w = t.attributes().get(ACTIONS);
        return w == null ? actionWords(t.kind()) : Arrays.asList(w.split(","));
    }

    /** §7 error envelope. */
    static SimResponse error(int status, String type, String message) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode e = n.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.putNull("param");
        e.putNull("code");
        return SimResponse.json(status, n.toString());
    }

    /** §3.7 balance object. */
    static SimResponse balance(String orgId, BigDecimal balance, BigDecimal creditLimit) {
        ObjectNode n = JSON.createObjectNode();
        n.put("orgId", orgId);
        n.put("object", "balance");
        n.put("balance", balance);
        n.put("creditLimit", creditLimit);
        return ok(n);
    }

    private static ObjectNode head(SimTask t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", t.id());
        if (t.parent().isPresent()) {
            n.put("parentId", t.parent().get().id());
        } else {
            n.putNull("parentId");
        }
        n.put("object", "task");
        n.put("type", t.attributes().getOrDefault(TYPE, typeWord(t.kind())));
        return n;
    }

    /**
     * §2: tokens are a nominal counter ({@code completion_tokens: 1} for a paid generation), the money is in the
     * {@code *_cost} fields.
     */
    private static void usage(ObjectNode n, BigDecimal cost) {
        int tokens = cost.signum() > 0 ? 1 : 0;
        ObjectNode u = n.putObject("usage");
        u.put("prompt_tokens", 0);
        u.put("completion_tokens", tokens);
        u.put("total_tokens", tokens);
        u.put("prompt_cost", 0);
        u.put("completion_cost", cost);
        u.put("total_cost", cost);
    }

    static BigDecimal cost(SimTask t) {
        String c = t.attributes().get(COST);
        return c == null ? BigDecimal.ZERO : new BigDecimal(c);
    }

    private static SimResponse ok(ObjectNode n) {
        return SimResponse.json(200, n.toString());
    }
}
