package io.mj4j.provider.gptunnel;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.provider.gptunnel.internal.ErrorMapper;
import io.mj4j.provider.gptunnel.internal.Requests;
import io.mj4j.provider.gptunnel.internal.GptunnelOptions;
import io.mj4j.provider.gptunnel.internal.Replies;
import io.mj4j.provider.gptunnel.internal.Wire;
import io.mj4j.provider.support.ProviderJson;
import io.mj4j.spi.Balance;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;

import java.util.Locale;
import java.util.Objects;

/**
 * GPTunnel's Midjourney API for one account: one HTTP exchange per call, no state, thread-safe. Created by
 * {@link GptunnelProviderFactory}.
 *
 * <p>Submit accepts any status in the create reply (gptunnel.md §10: a repeated request may be answered with the
 * already finished task) and returns it as the receipt's first snapshot, carrying the creation cost (§2). Fetch reads
 * {@code GET /v1/midjourney/result?taskId=...}. Transport failures propagate unchanged; error replies map through
 * {@link ErrorMapper}; the status table is {@link io.mj4j.provider.gptunnel.internal.StatusTable}.
 */
public final class GptunnelProvider implements MjProvider {
    private final ProviderContext context;
    private final GptunnelOptions options;
    private final Requests requests;
    private final Replies tasks;
    private final ProviderJson json;
    private final String secret;

    GptunnelProvider(ProviderContext context, GptunnelOptions options) {
        this.context = Objects.requireNonNull(context, "context");
        this.options = Objects.requireNonNull(options, "options");
        this.requests = new Requests(context, options.useWalletBalance(), options.maskDataUri());
        this.secret = context.credentials().apiKey().orElse(null);
        this.tasks = new Replies(context.clock(), secret);
        this.json = ProviderJson.of(secret);
    }

    @Override
    public SubmitReceipt submit(SubmitRequest request) {
        String what = GptunnelProviderFactory.ID + " " + request.action().kind().name().toLowerCase(Locale.ROOT) + " submit";
        HttpCall call = requests.submit(request);
        HttpReply reply = send(call, what);
        return SubmitReceipt.of(tasks.read(reply, what, request.action().kind(), true));
    }

    @Override
    public TaskSnapshot fetch(TaskRef task) {
        String what = GptunnelProviderFactory.ID + " fetch of task " + task.vendorTaskId();
        HttpReply reply = send(requests.result(task.vendorTaskId()), what);
        return tasks.read(reply, what, task.kind(), false);
    }

    @Override
    public Balance balance() {
        String what = GptunnelProviderFactory.ID + " balance";
        HttpReply reply = send(requests.balance(), what);
        JsonNode tree = json.readObject(reply, what);
        Wire.BalanceObject b = json.convert(tree, Wire.BalanceObject.class, reply, what);
        if (b.balance() == null) {
            throw json.protocol(what + ": the reply has no 'balance'", reply);
        }
        return new Balance(b.balance(), Replies.UNIT);
    }

    /** One exchange; a non-2xx reply becomes the mapped exception. A {@link io.mj4j.spi.TransportException} passes through. */
    private HttpReply send(HttpCall call, String what) {
        HttpReply reply = context.transport().send(call);
        if (!reply.isSuccess()) {
            throw ErrorMapper.map(reply, what, context.clock(), secret);
        }
        return reply;
    }

    @Override
    public String toString() {
        return "GptunnelProvider[baseUri=" + context.baseUri() + ", options=" + options + "]";
    }
}
