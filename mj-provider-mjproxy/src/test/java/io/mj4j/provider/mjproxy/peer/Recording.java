package io.mj4j.provider.mjproxy.peer;

import io.mj4j.core.JdkTransport;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.Transport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real {@link JdkTransport} that also records "METHOD /path" of every call it sent, to count what reached the peer. */
final class Recording implements Transport {
    private final Transport real = JdkTransport.builder().connectTimeout(Duration.ofSeconds(5))
            .requestTimeout(Duration.ofSeconds(20)).build();
    private final List<String> sent = new CopyOnWriteArrayList<>();

    @Override
    public HttpReply send(HttpCall call) {
        sent.add(call.method() + " " + call.uri().getRawPath());
        return real.send(call);
    }

    /** What was sent so far, in order. */
    List<String> sent() {
        return List.copyOf(sent);
    }

    void clear() {
        sent.clear();
    }
}
