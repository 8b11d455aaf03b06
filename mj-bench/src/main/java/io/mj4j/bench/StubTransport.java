package io.mj4j.bench;

import io.mj4j.spi.HttpCall;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.Transport;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A {@link Transport} that sends nothing and answers every call with one fixed 200 JSON reply, so a provider's
 * {@code fetch} costs only its own work: building the call, reading the body, mapping it to a snapshot.
 */
final class StubTransport implements Transport {
    private volatile HttpReply reply;

    StubTransport(String jsonBody) {
        answer(jsonBody);
    }

    /** Answers later calls with {@code jsonBody}. */
    void answer(String jsonBody) {
        this.reply = new HttpReply(200, Map.of("Content-Type", List.of("application/json")),
                jsonBody.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public HttpReply send(HttpCall call) {
        return reply;
    }
}
