package io.mj4j.provider.kolersky;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.provider.kolersky.internal.ErrorMapper;
import io.mj4j.provider.kolersky.internal.KolerskyOptions;
import io.mj4j.provider.kolersky.internal.Replies;
import io.mj4j.provider.kolersky.internal.Requests;
import io.mj4j.provider.kolersky.internal.StatusTable;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Balance;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kolersky provider for one account: one HTTP exchange per call through the context's transport, no
 * state besides its configuration. Transport failures propagate unchanged; error replies are mapped by
 * {@link ErrorMapper}, status words by {@link StatusTable}. Thread-safe.
 */
public final class KolerskyProvider implements MjProvider {
    private final ProviderContext context;
    private final KolerskyOptions options;
    private final Requests requests;
    private final Replies reader;
    private final ErrorMapper errors;

    KolerskyProvider(ProviderContext context, KolerskyOptions options) {
        this.context = context;
        this.options = options;
        this.requests = new Requests(context, options);
        this.errors = new ErrorMapper(context.clock(), context.credentials().apiKey());
        this.reader = new Replies(options, errors);
    }

    @Override
    public SubmitReceipt submit(SubmitRequest request) {
        Requests.Submission s = requests.submission(request);
        HttpReply reply = context.transport().send(s.call());
        JsonNode body = successBody(reply, s.what());
        String id = reader.requestId(body, s.what());
        TaskSnapshot.Builder first = firstSnapshot(id, request.action().kind(), body).toBuilder();
        s.vendorState().forEach(first::vendorState);
        s.usage().ifPresent(first::usage);
        return SubmitReceipt.of(first.build());
    }

    /**
     * §2.1: a submit answers {@code {requestId, status: "accepted", code: 200}}. A known non-success word is
     * read like a status reply; anything else (no word, an unknown word, an early "success" without output)
     * is QUEUED, because the job exists and polling will read it: failing here would lose a billed task.
     */
    private TaskSnapshot firstSnapshot(String id, ActionKind kind, JsonNode body) {
        Optional<String> word = reader.statusWord(body);
        if (word.isPresent() && StatusTable.knows(word.get()) && StatusTable.map(word.get()) != TaskStatus.SUCCEEDED) {
            return reader.snapshot(id, kind, body);
        }
        TaskSnapshot.Builder b = TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId(id);
        word.ifPresent(b::vendorStatus);
        return b.build();
    }

    @Override
    public TaskSnapshot fetch(TaskRef task) {
        String what = "Kolersky status of " + task.vendorTaskId();
        HttpReply reply = context.transport().send(requests.status(task.vendorTaskId()));
        return reader.snapshot(task.vendorTaskId(), task.kind(), successBody(reply, what));
    }

    /**
     * §2.9: {@code DELETE /v1/midjourney/cancel} with a JSON body; free, and only for jobs still
     * {@code accepted}. Its reply is undocumented (§11): any success reply (even an empty body) means
     * cancelled; a refusal arrives as an error reply and is thrown.
     */
    @Override
    public TaskSnapshot cancel(TaskRef task) {
        String what = "Kolersky cancel of " + task.vendorTaskId();
        HttpReply reply = context.transport().send(requests.cancel(task.vendorTaskId()));
        JsonNode body = Replies.tryParse(reply.body());
        Optional<Integer> error = ErrorMapper.errorStatus(reply, body);
        if (error.isPresent()) {
            throw errors.map(reply, error.get(), body, what);
        }
        TaskSnapshot.Builder b = TaskSnapshot.builder(TaskStatus.CANCELLED).vendorTaskId(task.vendorTaskId())
                .failure(Failure.of(FailureCategory.CANCELLED, "cancelled at Kolersky"));
        if (body != null) {
            reader.statusWord(body).ifPresent(b::vendorStatus);
        }
        return b.build();
    }

    @Override
    public List<TaskSnapshot> parseCallback(Map<String, List<String>> headers, byte[] body) {
        return reader.callback(body);
    }

    /** §2.12: {@code credits.remaining} of {@code GET /v1/usage}, in "requests". */
    @Override
    public Balance balance() {
        HttpReply reply = context.transport().send(requests.usage());
        return reader.balance(successBody(reply, "Kolersky usage"));
    }

    /** The reply's JSON object when it is a success, else the mapped error. */
    private JsonNode successBody(HttpReply reply, String what) {
        JsonNode body = Replies.tryParse(reply.body());
        Optional<Integer> error = ErrorMapper.errorStatus(reply, body);
        if (error.isPresent()) {
            throw errors.map(reply, error.get(), body, what);
        }
        return body != null ? body : reader.object(reply, what);
    }

    @Override
    public String toString() {
        return "KolerskyProvider[baseUri=" + context.baseUri() + ", options=" + options + ", credentials="
                + context.credentials() + "]";
    }
}
