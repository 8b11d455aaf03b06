package io.mj4j.provider.gptunnel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.provider.support.ProviderJson;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.Moderation;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.Image;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.Usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads GPTunnel's task object (gptunnel.md §2), the reply of every create call and of {@code /result}, into a
 * {@link TaskSnapshot}: status through {@link StatusTable}, progress from {@code percent}, the {@code result} URL as a
 * grid (imagine, variation, reroll, inpaint...) or a single image (upsample, upscale), the follow-ups from
 * {@code actions}, the failure from {@code error}, and the cost from {@code usage}.
 *
 * <p>Vendor state written on every snapshot that has them: {@value #STATE_TYPE} (the task's {@code type}),
 * {@value #STATE_PARENT_ID} and {@value #STATE_ACTIONS} (the raw action words, comma-separated). Follow-ups themselves
 * need only the parent's vendor task id (§6: there is no separate image id).
 */
public final class Replies {
    /** Vendor state key: the task's {@code type}. */
    public static final String STATE_TYPE = "type";
    /** Vendor state key: the task's {@code parentId}. */
    public static final String STATE_PARENT_ID = "parentId";
    /** Vendor state key: the raw {@code actions} words, comma-separated. */
    public static final String STATE_ACTIONS = "actions";
    /** §1/§2: costs are roubles. */
    public static final String UNIT = "RUB";

    /**
     * gptunnel.md §6: the documented example spells {@code upsamle_1..4} and lists {@code variation_4} twice without
     * {@code variation_3}. So any {@code ups*_N} word offers all of U1..U4 and any {@code variation_N} all of V1..V4
     * (the vendor file's "simply allow U1..U4 / V1..V4 on any finished grid task"). Set false to offer only the
     * indices the vendor lists.
     */
    static final boolean OFFER_WHOLE_INDEX_FAMILY = true;

    /**
     * gptunnel.md §3.5/§6/§12: inpaint works on an upsampled image, but the action word an upsample task lists for it
     * is unconfirmed. A word starting with {@code inpaint} offers VARY_REGION; with this flag every finished upsample
     * task offers it too.
     */
    static final boolean VARY_REGION_ON_EVERY_UPSAMPLE = true;

    /** §2: types whose {@code result} is one image; every other type produces a 2x2 grid (§5). */
    private static final Set<String> SINGLE_IMAGE_TYPES = Set.of("upsample", "upscale");
    // §6: match on prefixes, derive the index from the trailing digit.
    private static final Pattern UPSAMPLE_WORD = Pattern.compile("ups[a-z]*_?([1-4])");
    private static final Pattern VARIATION_WORD = Pattern.compile("variation_?([1-4])");

    private final Clock clock;
    private final String secret;
    private final ProviderJson json;

    /** @param secret the API key, masked wherever vendor text is quoted */
    public Replies(Clock clock, String secret) {
        this.clock = clock;
        this.secret = secret;
        this.json = ProviderJson.of(secret);
    }

    /**
     * Reads a 2xx reply holding a task object.
     *
     * @param kind        the action the task was submitted as (decides grid or image when the reply has no {@code type})
     * @param submitReply whether this is the reply of a create call (whose {@code usage} is the charge, §2) rather than of
     *                    {@code /result} (whose {@code usage} shows zeros, §2)
     */
    public TaskSnapshot read(HttpReply reply, String what, ActionKind kind, boolean submitReply) {
        JsonNode tree = json.readObject(reply, what);
        JsonNode id = tree.get("id");
        if (id == null || !id.isValueNode() || id.asText().isBlank()) {
            if (ErrorMapper.VendorError.of(tree.get("error")).isPresent()) {
                // §7: Midjourney endpoints report errors with 4xx statuses; an error envelope under a 2xx is still an error.
                throw ErrorMapper.map(reply, what, clock, secret);
            }
            throw json.protocol(what + ": the reply has no task 'id'", reply);
        }
        Wire.TaskObject t = json.convert(tree, Wire.TaskObject.class, reply, what);
        if (t.status() == null || t.status().isBlank()) {
            throw json.protocol(what + ": the task object has no 'status'", reply);
        }
        Integer progress = progress(t.percent());
        Optional<ErrorMapper.VendorError> error = ErrorMapper.VendorError.of(t.error());
        TaskStatus status = StatusTable.resolve(t.status(), progress, error.isPresent());
        String type = t.type() == null ? "" : t.type().strip().toLowerCase(Locale.ROOT);
        boolean single = type.isEmpty() ? kind == ActionKind.UPSCALE || kind == ActionKind.UPSCALE_MORE : SINGLE_IMAGE_TYPES.contains(type);
        boolean upsample = type.isEmpty() ? kind == ActionKind.UPSCALE : type.equals("upsample");
        List<String> words = t.actionWords();

        TaskSnapshot.Builder b = TaskSnapshot.builder(status).vendorTaskId(t.id().strip()).vendorStatus(t.status()).progress(progress);
        if (!type.isEmpty()) {
            b.vendorState(STATE_TYPE, t.type().strip());
        }
        if (t.parentId() != null && !t.parentId().isBlank()) {
            b.vendorState(STATE_PARENT_ID, t.parentId().strip());
        }
        if (!words.isEmpty()) {
            b.vendorState(STATE_ACTIONS, String.join(",", words));
        }
        Optional<URI> url = url(t.result());
        switch (status) {
            case SUCCEEDED -> {
                Image image = Image.of(url.orElseThrow(() ->
                        json.protocol(what + ": task status is 'done' but 'result' holds no image URL", reply)));
                b.result(single ? TaskResult.ofImage(image) : TaskResult.ofGrid(image));
                b.followUps(followUps(words, single, upsample));
            }
            case FAILED -> b.failure(failure(error, t.status(), FailureCategory.VENDOR_ERROR));
            case CANCELLED -> b.failure(failure(error, t.status(), FailureCategory.CANCELLED));
            // §4: while percent < 100 a non-null result is an intermediate (blurry) preview, never the result.
            default -> url.ifPresent(b::previewUrl);
        }
        usage(t.usage(), submitReply).ifPresent(b::usage);
        return b.build();
    }

    /** The follow-ups the action words allow (§6). */
    static Set<FollowUp> followUps(List<String> words, boolean single, boolean upsample) {
        Set<FollowUp> out = new LinkedHashSet<>();
        boolean upscales = false;
        boolean variations = false;
        for (String raw : words) {
            String w = raw.toLowerCase(Locale.ROOT);
            Matcher u = UPSAMPLE_WORD.matcher(w);
            Matcher v = VARIATION_WORD.matcher(w);
            // §6: U1..U4 / V1..V4 belong to grid tasks; on a single image an `ups*_N` word would be another operation.
            if (!single && u.matches()) {
                upscales = true;
                out.add(FollowUp.upscale(Integer.parseInt(u.group(1))));
            } else if (!single && v.matches()) {
                variations = true;
                out.add(FollowUp.variation(Integer.parseInt(v.group(1))));
            } else if (w.startsWith("high_var")) {
                out.add(FollowUp.of(ActionKind.VARY, "STRONG"));
            } else if (w.startsWith("low_var")) {
                out.add(FollowUp.of(ActionKind.VARY, "SUBTLE"));
            } else if (w.startsWith("reroll")) {
                out.add(FollowUp.of(ActionKind.REROLL));
            } else if (w.startsWith("inpaint")) {
                out.add(FollowUp.of(ActionKind.VARY_REGION));
            }
        }
        for (int i = 1; i <= 4 && OFFER_WHOLE_INDEX_FAMILY; i++) {
            if (upscales) {
                out.add(FollowUp.upscale(i));
            }
            if (variations) {
                out.add(FollowUp.variation(i));
            }
        }
        if (upsample && VARY_REGION_ON_EVERY_UPSAMPLE) {
            out.add(FollowUp.of(ActionKind.VARY_REGION));
        }
        return out;
    }

    private Failure failure(Optional<ErrorMapper.VendorError> error, String word, FailureCategory fallback) {
        String message = Redaction.redact(error.map(ErrorMapper.VendorError::message)
                .orElse("GPTunnel reported status '" + word.strip() + "'"), secret);
        Optional<String> code = error.map(ErrorMapper.VendorError::code);
        FailureCategory category = fallback;
        if (fallback == FailureCategory.VENDOR_ERROR && code.filter(ErrorMapper.TYPE_INVALID::equals).isPresent()) {
            category = FailureCategory.INVALID_REQUEST;
        } else if (fallback == FailureCategory.VENDOR_ERROR && error.isPresent() && Moderation.soundsLikeRejection(message)) {
            // gptunnel.md §12: the failure shape is undocumented; Midjourney's moderation wording marks a rejection
            category = FailureCategory.PROMPT_REJECTED;
        }
        return new Failure(category, message, code);
    }

    /**
     * §2: the create reply's {@code usage} is the charge (zero is meaningful there: a free upsample, or a repeated
     * request answered with the finished task, §10). {@code /result} shows zeros for the same task, so a zero cost on a
     * fetch is "nothing reported" and omitted (the engine keeps the creation cost).
     */
    private static Optional<Usage> usage(Wire.Cost cost, boolean submitReply) {
        if (cost == null) {
            return Optional.empty();
        }
        return cost.amount().filter(a -> submitReply || a.signum() != 0).map(a -> new Usage(a, UNIT));
    }

    private static Integer progress(BigDecimal percent) {
        if (percent == null) {
            return null;
        }
        return percent.max(BigDecimal.ZERO).min(BigDecimal.valueOf(100)).setScale(0, RoundingMode.HALF_UP).intValue();
    }

    /** §5: {@code result} is one URL string; anything else (null, an object, not an absolute http(s) URL) is none. */
    private static Optional<URI> url(JsonNode result) {
        if (result == null || !result.isTextual() || result.asText().isBlank()) {
            return Optional.empty();
        }
        try {
            URI u = new URI(result.asText().strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null ? Optional.of(u) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }
}
