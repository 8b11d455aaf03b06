package io.mj4j.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mj4j.core.Mj;
import io.mj4j.core.MjEvents;
import io.mj4j.core.Task;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real Spring Boot application (Tomcat on a random free port, Actuator, the starter) against the AceData
 * simulator, which calls the application back over HTTP; the test also calls the callback route and the health
 * endpoint itself.
 */
@SpringBootTest(classes = MjStarterApplicationTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MjStarterApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A random free port, known before the context starts: the callback URLs the vendor gets must carry it. */
    private static final int PORT = freePort();
    private static final MjSandbox ACEDATA = MjSandbox.start("acedata", SandboxOptions.builder().timeScale(0.002).build());
    private final HttpClient http = HttpClient.newHttpClient();

    /** The application: auto-configuration only (a component scan here would pick up the starter's own classes). */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        /** Points the client at the simulator's clock (its key and URL come from the properties below). */
        @Bean
        MjBuilderCustomizer sandboxClock() {
            return b -> b.environment(ACEDATA.environment());
        }

        /** An application's own engine listener, handed to the client with the starter's (the test waits on it). */
        @Bean
        MjEvents circuitWatch() {
            return new MjEvents() {
                @Override
                public void circuit(String providerId, boolean open) {
                    if (open) {
                        OPENED.complete(providerId);
                    }
                }
            };
        }
    }

    private static final CompletableFuture<String> OPENED = new CompletableFuture<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("server.port", () -> PORT);
        r.add("server.address", () -> "127.0.0.1");
        r.add("mj4j.providers.acedata.api-key", ACEDATA::apiKey);
        r.add("mj4j.providers.acedata.base-url", ACEDATA::baseUri);
        // polls an hour apart: only a callback can end a task within the test's wait
        r.add("mj4j.providers.acedata.poll.first-poll", () -> "1h");
        r.add("mj4j.providers.acedata.poll.interval", () -> "1h");
        r.add("mj4j.providers.acedata.poll.max-interval", () -> "1h");
        // a second provider whose server refuses connections: its circuit opens after one failure
        r.add("mj4j.providers.gptunnel.api-key", () -> "sk-test-gptunnel-0000");
        r.add("mj4j.providers.gptunnel.base-url", () -> "http://127.0.0.1:" + freePort());
        r.add("mj4j.health.failure-threshold", () -> "1");
        r.add("mj4j.health.cooldown", () -> "1h");
        r.add("mj4j.callbacks.public-base", () -> "http://127.0.0.1:" + PORT + "/hooks/mj4j");
        r.add("mj4j.callbacks.secret", () -> "a-test-secret-of-enough-length");
        r.add("mj4j.callbacks.body-limit", () -> "4096");
        r.add("mj4j.store.type", () -> "in-memory");
        r.add("management.endpoint.health.show-details", () -> "always");
        r.add("management.endpoints.web.exposure.include", () -> "health");
    }

    @Autowired
    Mj mj;

    @AfterAll
    static void stop() {
        ACEDATA.close();
    }

    @Test
    @DisplayName("the vendor's callback reaches the Spring MVC route and ends the task (polls are an hour apart)")
    void vendorCallbackEndsTask() {
        Task t = mj.submit("acedata", io.mj4j.spi.Action.Imagine.of("a lighthouse"));
        assertThat(t.await(WAIT).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(ACEDATA.counters().callbacksSent()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @DisplayName("the route answers the receiver's verdicts: bad token 403, unknown task 404, oversized body 413, unreadable 400")
    void routeRefusals() throws Exception {
        ACEDATA.faults().stallRate(1.0); // this task never ends by itself, so every verdict below is about the request
        Task t = mj.submit("acedata", io.mj4j.spi.Action.Imagine.of("a heron"));
        t.accepted().join();
        ACEDATA.faults().stallRate(0.0);
        URI good = mj.callbackReceiver().orElseThrow().urlFor(t.id());
        assertThat(good.toString()).startsWith("http://127.0.0.1:" + PORT + "/hooks/mj4j/");
        URI badToken = URI.create(good.toString().replaceAll("token=[^&]+", "token=forged"));

        assertThat(post(badToken, "{}").statusCode()).isEqualTo(403);
        assertThat(post(mj.callbackReceiver().orElseThrow().urlFor("no-such-task"), "{}").statusCode()).isEqualTo(404);
        assertThat(post(good, "x".repeat(5000)).statusCode()).isEqualTo(413);
        HttpResponse<String> unreadable = post(good, "not json");
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(unreadable.body()).isEqualTo("unreadable callback");
    }

    @Test
    @DisplayName("the health endpoint shows each provider's circuit, without secrets, and goes DOWN when one opens")
    void health() throws Exception {
        HttpResponse<String> before = get("/actuator/health/mj4j");
        JsonNode b = new ObjectMapper().readTree(before.body());
        assertThat(b.at("/components/acedata/status").asText()).isEqualTo("UP");
        assertThat(b.at("/components/acedata/details/circuit").asText()).isEqualTo("closed");
        assertThat(before.body()).doesNotContain(ACEDATA.apiKey()).doesNotContain("sk-test-gptunnel-0000");

        // a root task on the unreachable provider: connection refused, one failure opens its circuit
        mj.submit("gptunnel", io.mj4j.spi.Action.Imagine.of("a fox"));
        assertThat(OPENED.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("gptunnel");

        HttpResponse<String> after = get("/actuator/health/mj4j");
        JsonNode a = new ObjectMapper().readTree(after.body());
        assertThat(after.statusCode()).isEqualTo(503);
        assertThat(a.at("/components/gptunnel/status").asText()).isEqualTo("DOWN");
        assertThat(a.at("/components/gptunnel/details/circuit").asText()).isEqualTo("open");
        assertThat(a.at("/components/acedata/status").asText()).isEqualTo("UP");
        assertThat(after.body()).doesNotContain("sk-test-gptunnel-0000");
    }

    private HttpResponse<String> post(URI uri, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(WAIT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path)).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
