package io.mj4j.testkit.engine;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.mj4j.core.store.InMemoryTaskStore;
import io.mj4j.core.JdkTransport;
import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.RetryOptions;
import io.mj4j.core.store.TaskStore;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.HttpReply;
import io.mj4j.spi.Transport;
import io.mj4j.testkit.ManualClock;
import io.mj4j.testkit.ManualScheduler;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorProviderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * An engine wired to the reference provider on a loopback WireMock, with a manual clock and scheduler:
 * tests move time with {@code scheduler.advance(...)} and never sleep.
 */
abstract class EngineFixture {
    static final String KEY = ProviderConformanceKit.API_KEY;
    static final PollOptions POLL = new PollOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0, 0.0);

    /** One request as the transport saw it, with the manual clock's time. */
    record Sent(Instant at, String method, String path) {
    }

    WireMockServer server;
    WireMock wm;
    ManualScheduler scheduler;
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    TaskStore store = new InMemoryTaskStore();
    Mj mj;

    @BeforeEach
    void startVendor() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        wm = new WireMock(server);
        scheduler = new ManualScheduler(ManualClock.atEpochOfTests());
    }

    @AfterEach
    void stop() {
        if (mj != null) {
            mj.close();
        }
        server.stop();
    }

    /** Builds the client (call after stubbing what the test needs before build, if anything). */
    Mj client() {
        return client(b -> b);
    }

    Mj client(UnaryOperator<Mj.Builder> extra) {
        mj = extra.apply(Mj.builder()
                .registry(ProviderRegistry.of(new RefVendorProviderFactory()))
                .environment(Map.of())
                .provider("refvendor", ProviderConfig.builder().baseUri(server.baseUrl()).apiKey(KEY).build())
                .transport(recording(JdkTransport.builder().requestTimeout(Duration.ofSeconds(2)).build().addSecret(KEY)))
                .store(store)
                .clock(scheduler.clock()).scheduler(scheduler).executor(scheduler)
                .pollOptions(POLL).retryOptions(RetryOptions.DEFAULT)).build();
        return mj;
    }

    Transport recording(Transport inner) {
        return new Transport() {
            @Override
            public HttpReply send(HttpCall call) {
                sent.add(new Sent(scheduler.clock().instant(), call.method(), call.uri().getRawPath()
                        + (call.uri().getRawQuery() == null ? "" : "?" + call.uri().getRawQuery())));
                return inner.send(call);
            }
        };
    }

    static final byte[] CALLBACK_SECRET = "0123456789abcdef-callback-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** The client with the per-task callback receiver configured. */
    Mj clientWithCallbacks() {
        return client(b -> b.callbacks(java.net.URI.create("https://app.example/mj4j/cb"), CALLBACK_SECRET));
    }

    /** Posts {@code body} to the task's own callback URL (valid token), as the vendor would. */
    io.mj4j.core.callback.CallbackReceiver.Response callback(String taskId, String body) {
        io.mj4j.core.callback.CallbackReceiver r = mj.callbackReceiver().orElseThrow();
        java.net.URI url = r.urlFor(taskId);
        return r.handle(url.getRawPath(), url.getRawQuery(), Map.of(), body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    long count(String method, String path) {
        return server.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> r.getMethod().getName().equals(method) && r.getUrl().equals(path)).count();
    }

    long submits() {
        return count("POST", "/v1/tasks");
    }

    static String task(String id, String status, Integer progress) {
        return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\"" + (progress == null ? "" : ",\"progress\":" + progress) + "}";
    }
}
