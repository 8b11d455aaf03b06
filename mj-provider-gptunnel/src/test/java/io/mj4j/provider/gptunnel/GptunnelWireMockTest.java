package io.mj4j.provider.gptunnel;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.mj4j.core.JdkTransport;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.Transport;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** A loopback WireMock "GPTunnel" per test and providers bound to it. */
abstract class GptunnelWireMockTest {
    static final String KEY = GptunnelStubs.KEY;

    @RegisterExtension
    static final WireMockExtension VENDOR = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    static WireMock wm() {
        return VENDOR.getRuntimeInfo().getWireMock();
    }

    static URI baseUri() {
        return URI.create(VENDOR.baseUrl());
    }

    static List<ServeEvent> requests() {
        return VENDOR.getAllServeEvents();
    }

    static MjProvider provider() {
        return provider(Map.of());
    }

    static MjProvider provider(Map<String, String> options) {
        Transport transport = JdkTransport.builder().requestTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(2))
                .build().addSecret(KEY);
        return provider(transport, Credentials.apiKey(KEY), options);
    }

    static MjProvider provider(Transport transport, Credentials credentials, Map<String, String> options) {
        return new GptunnelProviderFactory().create(new ProviderContext(GptunnelProviderFactory.ID, baseUri(), credentials,
                transport, Clock.systemUTC(), Optional.empty(), options));
    }
}
