package io.mj4j.testkit.engine;

import io.mj4j.core.JdkTransport;
import io.mj4j.core.Mj;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.Task;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.Transport;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorProviderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("Invariant 9 (turn 2): secrets redacted at the engine's boundary, whatever the transport")
class RedactionBoundaryTest extends EngineFixture {
    /** A key with the characters JSON writers escape: '-' as \u002d by some, '/' as \/ by others. */
    private static final String SLASH_KEY = "sk/live-7Hq2/Zx9";
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureLog() {
        originalErr = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                originalErr.write(b);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(originalErr);
    }

    /** The key in every form a vendor may echo: raw, and JSON-escaped ({@code \u002d}, {@code \/}). */
    private static String escaped(String key) {
        return key.replace("/", "\\/").replace("-", "\\u002d");
    }

    /** A client whose transport the application supplies: nothing registers the key with it. */
    private Mj appTransportClient(String key) {
        JdkTransport plain = JdkTransport.builder().requestTimeout(Duration.ofSeconds(2)).build();
        Transport app = call -> plain.send(call);
        mj = Mj.builder().registry(ProviderRegistry.of(new RefVendorProviderFactory())).environment(Map.of())
                .provider("refvendor", ProviderConfig.builder().baseUri(server.baseUrl()).apiKey(key).build())
                .transport(app).store(store).clock(scheduler.clock()).scheduler(scheduler).executor(scheduler)
                .pollOptions(POLL).build();
        return mj;
    }

    private static void assertHidden(String key, String what, String text) {
        String tail = key.substring(key.length() - 4);
        assertThat(text).as(what).doesNotContain(key).doesNotContainIgnoringCase(escaped(key)).doesNotContain(tail);
    }

    @Test
    @DisplayName("a refusal echoing the key JSON-escaped (\\u002d) leaves no key in the thrown exception, the store or the log")
    void escapedKeyInARefusal() {
        wm.register(post(urlEqualTo("/v1/tasks")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":{\"code\":\"unauthorized\",\"message\":\"bad key " + escaped(KEY) + "\"}}")));
        Task t = appTransportClient(KEY).submit(ProviderConformanceKit.IMAGINE);
        scheduler.runReady();

        Throwable e = catchThrowable(() -> t.await(Duration.ZERO));
        assertThat(e).isNotNull();
        List<String> shown = new ArrayList<>(List.of(e.toString(), String.valueOf(e.getMessage()),
                store.find(t.id()).orElseThrow().toString(), t.snapshot().toString()));
        shown.add(captured.toString(StandardCharsets.UTF_8));
        for (String s : shown) {
            assertHidden(KEY, "shown", s);
        }
    }

    @Test
    @DisplayName("a failed task whose vendor message echoes a key with '/' as \\/ is stored and reported without it")
    void escapedSlashKeyInAFailure() {
        wm.register(post(urlEqualTo("/v1/tasks")).willReturn(okJson(task("t-1", "queued", null))));
        wm.register(get(urlEqualTo("/v1/tasks/t-1")).willReturn(okJson("{\"id\":\"t-1\",\"status\":\"failed\",\"error\":"
                + "{\"code\":\"internal\",\"message\":\"job of " + escaped(SLASH_KEY) + " lost\"}}")));
        Task t = appTransportClient(SLASH_KEY).submit(ProviderConformanceKit.IMAGINE);
        scheduler.advance(Duration.ofMinutes(2));

        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.FAILED);
        assertHidden(SLASH_KEY, "stored failure", store.find(t.id()).orElseThrow().snapshot().toString());
        assertHidden(SLASH_KEY, "snapshot", t.snapshot().toString());
        Throwable e = catchThrowable(() -> t.await(Duration.ZERO));
        assertHidden(SLASH_KEY, "exception", e + " " + e.getMessage());
        assertHidden(SLASH_KEY, "log", captured.toString(StandardCharsets.UTF_8));
    }
}
