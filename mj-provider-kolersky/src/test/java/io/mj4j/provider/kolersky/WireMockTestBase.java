package io.mj4j.provider.kolersky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mj4j.core.JdkTransport;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** A fresh loopback WireMock "Kolersky" per test and a provider bound to it through the real JDK transport. */
abstract class WireMockTestBase {
    static final String KEY = "unit-test-key-7Hq2Lm9P";
    static final String AUTH = "Bearer " + KEY;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-10-01T12:00:00Z"), ZoneOffset.UTC);
    static final URI CALLBACK = URI.create("http://127.0.0.1:9/hooks/kolersky");
    private static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer server;
    WireMock wm;

    @BeforeEach
    void startKolersky() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        wm = new WireMock(server);
    }

    @AfterEach
    void stopKolersky() {
        server.stop();
    }

    MjProvider provider() {
        return provider(Map.of(), Optional.empty());
    }

    MjProvider provider(Map<String, String> options) {
        return provider(options, Optional.empty());
    }

    MjProvider provider(Map<String, String> options, Optional<URI> callback) {
        JdkTransport transport = JdkTransport.builder().requestTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(2)).build();
        return new KolerskyProviderFactory().create(new ProviderContext("kolersky", URI.create(server.baseUrl()),
                Credentials.apiKey(KEY), transport, CLOCK, callback, options));
    }

    /** {@code GET /v1/status?requestId=id} answers 200 with {@code json}. */
    void statusReplies(String id, String json) {
        wm.register(get(urlPathEqualTo("/v1/status")).withQueryParam("requestId", equalTo(id))
                .withHeader("Authorization", equalTo(AUTH)).willReturn(okJson(json)));
    }

    /** {@code POST /v1/midjourney/<endpoint>} answers with {@code response}. */
    void postReplies(String endpoint, ResponseDefinitionBuilder response) {
        MappingBuilder m = post(urlEqualTo("/v1/midjourney/" + endpoint)).withHeader("Authorization", equalTo(AUTH));
        wm.register(m.willReturn(response));
    }

    /** {@code POST /v1/midjourney/<endpoint>} accepts the job as {@code newId}. */
    void accepts(String endpoint, String newId) {
        postReplies(endpoint, okJson(Fixtures.load("accepted", "id", newId)));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    TaskSnapshot fetch(String id, ActionKind kind) {
        return provider().fetch(TaskRef.of(id, kind));
    }

    /** A SUCCEEDED parent as the engine would hold it: fetched from {@code fixture}, plus {@code extraState}. */
    TaskSnapshot parent(String id, String fixture, ActionKind kind, Map<String, String> extraState) {
        statusReplies(id, Fixtures.load(fixture, "id", id));
        TaskSnapshot s = fetch(id, kind);
        server.resetRequests();
        TaskSnapshot.Builder b = s.toBuilder();
        extraState.forEach(b::vendorState);
        return b.build();
    }

    static SubmitRequest root(Action action) {
        return new SubmitRequest(action, Optional.empty(), "ref-1");
    }

    static SubmitRequest followUp(Action action, TaskSnapshot parent) {
        return new SubmitRequest(action, Optional.of(parent), "ref-2");
    }

    List<LoggedRequest> requests() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    /** The body of the one request WireMock saw. */
    JsonNode onlyRequestBody() {
        List<LoggedRequest> all = requests();
        assertThat(all).hasSize(1);
        try {
            return JSON.readTree(all.get(0).getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
