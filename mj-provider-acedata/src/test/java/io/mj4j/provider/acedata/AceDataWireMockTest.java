package io.mj4j.provider.acedata;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.mj4j.core.JdkTransport;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** A loopback WireMock server per test and the AceData provider bound to it. */
abstract class AceDataWireMockTest {
    static final String KEY = ProviderConformanceKit.API_KEY;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final URI CALLBACK = URI.create("http://127.0.0.1:9/mj4j/callback");

    WireMockServer server;
    WireMock wm;

    @BeforeEach
    void startVendor() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        wm = new WireMock(server);
    }

    @AfterEach
    void stopVendor() {
        server.stop();
    }

    /** The provider without callbacks (async: true) and without options. */
    MjProvider provider() {
        return provider(Map.of(), Optional.empty());
    }

    MjProvider provider(Map<String, String> options, Optional<URI> callback) {
        JdkTransport transport = JdkTransport.builder().requestTimeout(Duration.ofSeconds(5)).build();
        return new AceDataProviderFactory().create(new ProviderContext("acedata", URI.create(server.baseUrl()),
                Credentials.apiKey(KEY), transport, CLOCK, callback, options));
    }

    TaskSnapshot fetch(String id, ActionKind kind) {
        return provider().fetch(TaskRef.of(id, kind));
    }

    List<ServeEvent> requests() {
        return server.getAllServeEvents();
    }

    /** The body of the only request received. */
    String onlyRequestBody() {
        org.assertj.core.api.Assertions.assertThat(requests()).hasSize(1);
        return requests().get(0).getRequest().getBodyAsString();
    }
}
