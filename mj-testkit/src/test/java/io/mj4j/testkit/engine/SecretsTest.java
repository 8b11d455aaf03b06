package io.mj4j.testkit.engine;

import com.github.tomakehurst.wiremock.http.Fault;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.Task;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorStubs;
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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("Invariant 9: secrets stay secret")
class SecretsTest extends EngineFixture {
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

    @Test
    @DisplayName("the API key appears in no log line, exception message, toString or stored record")
    void keyNeverShown() {
        List<Object> shown = new ArrayList<>();
        RefVendorStubs stubs = new RefVendorStubs();
        stubs.submitAccepted(wm, "t-1");
        wm.register(get(urlEqualTo("/v1/tasks/t-1")).willReturn(aResponse().withStatus(500).withBody("key was " + KEY)));
        client();
        // a task that polls into errors whose bodies echo the key
        Task polled = mj.submit(ProviderConformanceKit.IMAGINE);
        scheduler.advance(Duration.ofMinutes(1));
        shown.add(polled);
        shown.add(polled.snapshot());
        shown.add(store.find(polled.id()).orElseThrow());
        // a refused submit, and a reset submit
        server.resetAll();
        wm.register(post(urlEqualTo("/v1/tasks")).willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"bad key " + KEY + "\"}}")));
        Task refused = mj.submit(ProviderConformanceKit.IMAGINE);
        scheduler.runReady();
        shown.add(catchThrowable(() -> refused.await(Duration.ZERO)));
        shown.add(store.find(refused.id()).orElseThrow());
        server.resetAll();
        wm.register(post(urlEqualTo("/v1/tasks")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Task reset = mj.submit(ProviderConformanceKit.IMAGINE);
        scheduler.runReady();
        assertThat(reset.snapshot().status()).isEqualTo(TaskStatus.UNKNOWN);
        shown.add(catchThrowable(() -> reset.await(Duration.ZERO)));
        shown.add(mj);
        shown.add(ProviderConfig.builder().apiKey(KEY).build());

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the log was captured").contains("io.mj4j").contains("/v1/tasks");
        assertThat(log).doesNotContain(KEY);
        for (Object o : shown) {
            assertThat(o).isNotNull();
            String text = o instanceof Throwable t ? t + " / " + t.getMessage() + " / " + t.getCause() : o.toString();
            assertThat(text).as("shown: %s", o.getClass().getSimpleName()).doesNotContain(KEY);
        }
    }
}
