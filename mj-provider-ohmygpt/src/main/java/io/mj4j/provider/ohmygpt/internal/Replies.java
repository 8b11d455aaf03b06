package io.mj4j.provider.ohmygpt.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.provider.support.ErrorStatus;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.Balance;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.Image;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OhMyGPT's replies: unwraps the envelope (or throws the mapped exception), and turns a task object
 * into a {@link TaskSnapshot}. Thread-safe.
 *
 * <p>Snapshots carry in their vendor state {@code taskType} (the pool, which follow-ups reuse, ohmygpt.md
 * §5.2) and the task's button ids ({@link Buttons#STATE_PREFIX}), and offer as follow-ups what those buttons
 * allow. OhMyGPT reports no per-task cost, so snapshots carry no usage. Balances are in OhMyGPT's own
 * unit ({@link #BALANCE_UNIT}).
 */
public final class Replies {
    /** Vendor-state key of the task's pool ({@code FAST}/{@code NORMAL}). */
    public static final String STATE_POOL = "taskType";
    /**
     * ohmygpt.md §5.8 / §14: the balance is a string in OhMyGPT's internal token unit (clients divide by
     * 34000 for CNY, unverified), reported as is.
     */
    public static final String BALANCE_UNIT = "ohmygpt-tokens";

    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})");

    private final OhMyGptOptions options;
    private final Clock clock;
    private final Redaction redaction;
    private final Set<ActionKind> declared;

    public Replies(OhMyGptOptions options, Clock clock, Set<ActionKind> declared, Redaction redaction) {
        this.options = options;
        this.redaction = redaction;
        this.clock = clock;
        this.declared = Set.copyOf(declared);
    }

    /**
     * The envelope of a successful reply that carries {@code data}.
     *
     * @throws io.mj4j.spi.MjException mapped by {@link ErrorMapper} for a failure (non-2xx HTTP or
     *                                  {@code statusCode != 200}, ohmygpt.md §4), a
     *                                  {@link ProviderProtocolException} for anything unreadable
     */
    public Wire.Envelope unwrap(HttpReply reply, String what) {
        Wire.Envelope envelope = Wire.tree(reply.bodyText()).flatMap(Wire::envelope).orElse(null);
        // ohmygpt.md §4: failures can come inside an HTTP 200; statusCode 200 (or none) is the only success.
        OptionalInt failed = ErrorStatus.of(reply, envelope == null ? null : envelope.statusCode(), code -> code != 200);
        if (failed.isPresent()) {
            throw ErrorMapper.fromReply(reply, failed.getAsInt(), envelope, what, clock, redaction);
        }
        if (envelope == null) {
            throw protocol(what + ": the reply is not OhMyGPT's JSON envelope: " + reply.bodySnippet(ErrorMapper.MAX_TEXT));
        }
        if (!envelope.hasData()) {
            throw protocol(what + ": the reply carries no data: " + reply.bodySnippet(ErrorMapper.MAX_TEXT));
        }
        return envelope;
    }

    /** The new task id of a submit ({@code data} is an integer, ohmygpt.md §5.1; a string is accepted, §13). */
    public String taskId(Wire.Envelope envelope, String what) {
        JsonNode data = envelope.data();
        if (data.isIntegralNumber() || (data.isTextual() && !data.asText().isBlank())) {
            return data.asText().strip();
        }
        throw protocol(what + ": expected the new task id in data, got " + abbreviate(data.toString()));
    }

    /** The task object of a {@code /query} reply. */
    public Wire.Task task(Wire.Envelope envelope, String what) {
        if (!envelope.data().isObject()) {
            throw protocol(what + ": expected a task object in data, got " + abbreviate(envelope.data().toString()));
        }
        return bind(envelope.data(), what);
    }

    /** The task a webhook reports: a bare task object or one wrapped in the envelope (ohmygpt.md §8, §14). */
    public Wire.Task callbackTask(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode node = Wire.tree(text).orElseThrow(() -> protocol("OhMyGPT callback: the body is not JSON: " + abbreviate(text)));
        // ohmygpt.md §14: "wrapped vs bare task object" is unknown, so both are read.
        if (node.isObject() && node.path("data").isObject()) {
            node = node.get("data");
        }
        if (!node.isObject()) {
            throw protocol("OhMyGPT callback: expected a task object, got " + abbreviate(node.toString()));
        }
        return bind(node, "OhMyGPT callback");
    }

    /** The balance of a balance reply ({@code data.balance}, a string, ohmygpt.md §5.8). */
    public Balance balance(Wire.Envelope envelope) {
        JsonNode b = envelope.data().path("balance");
        if (b.isNumber() || b.isTextual()) {
            try {
                return new Balance(new BigDecimal(b.asText().strip()), BALANCE_UNIT);
            } catch (NumberFormatException e) {
                // fall through to the protocol error
            }
        }
        throw protocol("balance: expected data.balance to be a number, got " + abbreviate(envelope.data().toString()));
    }

    /**
     * The snapshot of {@code task}. {@code kind} is what the engine submitted it as (null for callbacks); it
     * helps tell a single image from a grid when the vendor's {@code action} word is missing.
     */
    public TaskSnapshot snapshot(Wire.Task task, ActionKind kind) {
        if (Wire.blank(task.taskId())) {
            throw protocol("OhMyGPT task object without a taskId");
        }
        String id = task.taskId().strip();
        TaskStatus status = StatusTable.status(task.status(), task.failReason());
        TaskSnapshot.Builder b = TaskSnapshot.builder(status).vendorTaskId(id).vendorStatus(task.status());
        if (!Wire.blank(task.taskType())) {
            b.vendorState(STATE_POOL, task.taskType().strip());
        }
        List<String> customIds = task.actions().stream().map(x -> x.customId().strip()).toList();
        for (int i = 0; i < customIds.size(); i++) {
            b.vendorState(Buttons.STATE_PREFIX + i, customIds.get(i));
        }
        String reason = Wire.blank(task.failReason()) ? null : task.failReason().strip();
        switch (status) {
            case QUEUED, RUNNING, NEEDS_INPUT -> {
                progress(task.progress()).ifPresent(b::progress);
                // During generation the Discord URL is the blurry preview (same family as midjourney-proxy, §5.5).
                firstUrl(task.imageDcUrl(), task.imageS3Url()).ifPresent(b::previewUrl);
            }
            case SUCCEEDED -> {
                URI url = (options.preferDiscord() ? firstUrl(task.imageDcUrl(), task.imageS3Url())
                        : firstUrl(task.imageS3Url(), task.imageDcUrl()))
                        .orElseThrow(() -> protocol("OhMyGPT task " + id + " is SUCCESS but has neither imageS3Url nor imageDcUrl"));
                b.progress(100);
                b.result(isSingleImage(task.action(), kind) ? TaskResult.ofImage(Image.of(url)) : TaskResult.ofGrid(Image.of(url)));
                b.followUps(Buttons.followUps(customIds, declared));
            }
            case FAILED -> b.failure(Failure.of(reason == null ? FailureCategory.VENDOR_ERROR : ErrorMapper.category(reason),
                    reason == null ? "OhMyGPT reported " + task.status() + " without a failReason" : reason));
            case CANCELLED -> b.failure(Failure.of(FailureCategory.CANCELLED, reason == null ? "cancelled at OhMyGPT" : reason));
            default -> throw new IllegalStateException("unexpected " + status);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw protocol("OhMyGPT task " + id + " is inconsistent: " + e.getMessage());
        }
    }

    private static boolean isSingleImage(String action, ActionKind kind) {
        // ohmygpt.md §7: the vendor's action word is UPSCALE for U1..U4; the upscalers of an upscale give one
        // image too, whatever word the vendor uses for them.
        boolean upscaleWord = action != null && action.strip().toUpperCase(Locale.ROOT).startsWith("UPSCALE");
        return upscaleWord || kind == ActionKind.UPSCALE || kind == ActionKind.UPSCALE_MORE;
    }

    /** ohmygpt.md §6: progress is a string such as "46%"; read the number defensively. */
    static Optional<Integer> progress(String progress) {
        if (progress == null) {
            return Optional.empty();
        }
        Matcher m = PERCENT.matcher(progress);
        return m.find() ? Optional.of(Math.min(100, Integer.parseInt(m.group(1)))) : Optional.empty();
    }

    private static Optional<URI> firstUrl(String first, String second) {
        String chosen = !Wire.blank(first) ? first : !Wire.blank(second) ? second : null;
        if (chosen == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(chosen.strip()));
        } catch (IllegalArgumentException e) {
            throw protocol("OhMyGPT image URL is not a URL: " + abbreviate(chosen));
        }
    }

    private static Wire.Task bind(JsonNode node, String what) {
        return Wire.task(node, what);
    }

    private static String abbreviate(String s) {
        return ErrorMapper.truncate(s);
    }

    private static ProviderProtocolException protocol(String message) {
        return new ProviderProtocolException(message);
    }
}
