package io.mj4j.provider.mjproxy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** A loopback WireMock vendor per test and providers bound to it (key {@link ProviderConformanceKit#API_KEY}). */
abstract class VendorServer {
    static final String KEY = ProviderConformanceKit.API_KEY;
    static final URI CALLBACK = URI.create("http://127.0.0.1:9/mj4j/callback?k=s3cret");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

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

    MjProvider provider() {
        return provider(Map.of());
    }

    MjProvider provider(Map<String, String> options) {
        return provider(options, Credentials.apiKey(KEY));
    }

    MjProvider provider(Map<String, String> options, Credentials credentials) {
        JdkTransport transport = JdkTransport.builder().requestTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(2)).build();
        return new MjProxyProviderFactory().create(new ProviderContext("mjproxy", URI.create(server.baseUrl()), credentials,
                transport, CLOCK, Optional.of(CALLBACK), options));
    }

    /** Every request the vendor saw, oldest first. */
    List<LoggedRequest> requests() {
        return wm.find(anyRequestedFor(anyUrl()));
    }

    /** Fetches {@code id} as a task of {@code kind}. */
    TaskSnapshot fetch(MjProvider p, String id, ActionKind kind) {
        return p.fetch(TaskRef.of(id, kind));
    }
}
