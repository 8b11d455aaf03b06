package io.mj4j.provider.ohmygpt;

import io.mj4j.provider.ohmygpt.internal.Buttons;
import io.mj4j.provider.ohmygpt.internal.OhMyGptOptions;
import io.mj4j.provider.ohmygpt.internal.Replies;
import io.mj4j.provider.ohmygpt.internal.Requests;
import io.mj4j.provider.ohmygpt.internal.Wire;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Balance;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.Prompt;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.Redaction;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.UnsupportedActionException;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The OhMyGPT provider: one HTTP exchange per call, no state beyond its configuration. Thread-safe.
 *
 * <p>Imagine goes to {@code /imagine}; every follow-up goes to {@code /action} with the parent's vendor
 * task id and the parent's own button {@code customId} from its vendor state (ohmygpt.md §5.2, §7), in the
 * parent's pool. A task is read with {@code POST /query}. See {@link OhMyGptProviderFactory} for what is
 * declared and the module README for the status table and the error mapping.
 */
public final class OhMyGptProvider implements MjProvider {
    /** {@code Action.Custom} parameters that would overwrite what the provider sends itself. */
    private static final Set<String> RESERVED = Set.of("model", "taskId", "customId", "type", "webhook");

    private final ProviderContext context;
    private final OhMyGptOptions options;
    private final Requests requests;
    private final Replies replies;

    OhMyGptProvider(ProviderContext context, OhMyGptOptions options, Set<ActionKind> declared) {
        this.context = context;
        this.options = options;
        this.requests = new Requests(context);
        this.replies = new Replies(options, context.clock(), declared, Redaction.of(context.credentials().apiKey().orElse(null)));
    }

    @Override
    public SubmitReceipt submit(SubmitRequest request) {
        Action action = request.action();
        String what = action.kind() + " submit";
        HttpCall call = switch (action.kind()) {
            case IMAGINE -> imagine((Action.Imagine) action, request);
            case UPSCALE, VARIATION, REROLL, VARY, UPSCALE_MORE, ZOOM, PAN, CUSTOM -> followUp(request);
            default -> throw new UnsupportedActionException(action.kind() + " is not supported by provider ohmygpt");
        };
        Wire.Envelope envelope = replies.unwrap(context.transport().send(call), what);
        return SubmitReceipt.of(replies.taskId(envelope, what));
    }

    private HttpCall imagine(Action.Imagine imagine, SubmitRequest request) {
        Prompt prompt = imagine.prompt();
        String pool = options.pool();
        if (prompt.speed().isPresent()) {
            // ohmygpt.md §5.1: speed is the request's pool ("type"), not a prompt flag.
            pool = switch (prompt.speed().get()) {
                case FAST -> OhMyGptOptions.FAST;
                case RELAX -> OhMyGptOptions.NORMAL;
                case TURBO -> throw new UnsupportedActionException("IMAGINE: OhMyGPT has no turbo pool (only FAST and NORMAL)");
            };
            prompt = prompt.toBuilder().speed(null).build();
        }
        // ohmygpt.md §5.1: image prompts go as URLs at the start of the prompt, which render() does.
        return requests.imagine(prompt.render(), pool, request.callbackUri(context));
    }

    private HttpCall followUp(SubmitRequest request) {
        Action action = request.action();
        if (!action.isFollowUp()) {
            throw new UnsupportedActionException("CUSTOM: OhMyGPT has no root custom action; a Custom action is a button "
                    + "customId of a finished parent task");
        }
        TaskSnapshot parent = request.requireParent();
        List<String> customIds = Buttons.fromState(parent.vendorState());
        String customId;
        Map<String, String> extra = Map.of();
        switch (action.kind()) {
            case ZOOM -> customId = Buttons.zoom(customIds, (Action.Zoom) action);
            case PAN -> {
                if (((Action.Pan) action).prompt().isPresent()) {
                    throw new UnsupportedActionException("PAN: OhMyGPT cannot change the prompt of a pan (no modal/remix "
                            + "step is exposed, ohmygpt.md §14); pan without a prompt");
                }
                customId = button(request, customIds);
            }
            case CUSTOM -> {
                Action.Custom custom = (Action.Custom) action;
                // ohmygpt.md §7: a customId is taken from the parent's latest query, never made up.
                if (!customIds.contains(custom.vendorActionId())) {
                    throw new UnsupportedActionException("CUSTOM: the parent task offers no button '"
                            + custom.vendorActionId() + "' (it offers " + customIds.size() + " buttons)");
                }
                custom.params().keySet().stream().filter(RESERVED::contains).findFirst().ifPresent(k -> {
                    throw new InvalidRequestException("CUSTOM: parameter '" + k + "' is set by the provider itself");
                });
                customId = custom.vendorActionId();
                extra = custom.params();
            }
            default -> customId = button(request, customIds);
        }
        return requests.action(request.parentVendorTaskId(), customId, parentPool(parent), extra, request.callbackUri(context));
    }

    private static String button(SubmitRequest request, List<String> customIds) {
        FollowUp wanted = request.action().requiredFollowUp().orElseThrow();
        return Buttons.find(customIds, wanted).orElseThrow(() -> new InvalidRequestException(request.action().kind()
                + ": the parent task has no button for " + wanted + " in its vendor state (was it finished by provider ohmygpt?)"));
    }

    /** ohmygpt.md §5.2: the pool of an action should match the original task's. */
    private String parentPool(TaskSnapshot parent) {
        String pool = parent.vendorState().get(Replies.STATE_POOL);
        if (pool != null) {
            String p = pool.strip().toUpperCase(Locale.ROOT);
            if (p.equals(OhMyGptOptions.FAST) || p.equals(OhMyGptOptions.NORMAL)) {
                return p;
            }
        }
        return options.pool();
    }

    @Override
    public TaskSnapshot fetch(TaskRef task) {
        String what = "query of task " + task.vendorTaskId();
        Wire.Envelope envelope = replies.unwrap(context.transport().send(requests.query(task.vendorTaskId())), what);
        TaskSnapshot snapshot = replies.snapshot(replies.task(envelope, what), task.kind());
        if (!snapshot.vendorTaskId().orElseThrow().equals(task.vendorTaskId())) {
            throw new ProviderProtocolException(what + ": OhMyGPT answered with task " + snapshot.vendorTaskId().orElseThrow());
        }
        return snapshot;
    }

    /**
     * Reads a webhook (ohmygpt.md §8): the task object, bare or in the envelope. OhMyGPT signs nothing; the
     * application authenticates callbacks with a secret in its callback URI's query string before this.
     */
    @Override
    public List<TaskSnapshot> parseCallback(Map<String, List<String>> headers, byte[] body) {
        return List.of(replies.snapshot(replies.callbackTask(body), null));
    }

    /** ohmygpt.md §5.8: {@code POST /api/v1/user/admin/balance}; a key without management rights gets an AuthenticationException. */
    @Override
    public Balance balance() {
        return replies.balance(replies.unwrap(context.transport().send(requests.balance()), "balance"));
    }

    @Override
    public String toString() {
        return "OhMyGptProvider[" + context.baseUri() + ", pool=" + options.pool() + "]";
    }
}
