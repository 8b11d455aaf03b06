package io.mj4j.sandbox.ohmygpt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mj4j.sandbox.MjSandbox;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Test helpers: a raw HTTP client of the OhMyGPT wire format, fixtures and a clock the test moves. */
final class OhMyGptClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MJ = "/api/v1/ai/draw/mj/";

    private final MjSandbox sandbox;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OhMyGptClient(MjSandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** One reply: HTTP status, headers, body as JSON. */
    record Reply(int status, HttpResponse<byte[]> raw, JsonNode body) {
        JsonNode data() {
            return body.path("data");
        }

        int statusCode() {
            return body.path("statusCode").asInt();
        }

        String message() {
            return body.path("message").asText();
        }
    }

    /** POST of a JSON body with the sandbox's key. */
    Reply post(String path, String json) {
        return send(request(path).header("Authorization", "Bearer " + sandbox.apiKey())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** POST of a form body with the sandbox's key (the docs' encoding, ohmygpt.md §3). */
    Reply postForm(String path, String form) {
        return send(request(path).header("Authorization", "Bearer " + sandbox.apiKey())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUri() + path)).timeout(Duration.ofSeconds(10));
    }

    Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = r.body().length == 0 ? JSON.missingNode() : JSON.readTree(r.body());
            return new Reply(r.statusCode(), r, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Imagine; returns the new task id. */
    String imagine(String prompt) {
        Reply r = post(MJ + "imagine", json(Map.of("model", "midjourney", "prompt", prompt)));
        return r.data().asText();
    }

    /** Query of one task: the reply. */
    Reply query(String taskId) {
        return post(MJ + "query", json(Map.of("model", "midjourney", "taskId", taskId)));
    }

    /** Press a button; returns the reply. */
    Reply action(String taskId, String customId) {
        return post(MJ + "action", json(Map.of("model", "midjourney", "taskId", taskId, "customId", customId)));
    }

    /** Downloads an image. */
    BufferedImage image(String url) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " -> " + r.statusCode());
            }
            return ImageIO.read(new ByteArrayInputStream(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture from {@code src/test/resources/ohmygpt/} with its placeholders filled, as JSON. */
    static JsonNode fixture(String name, Map<String, String> values) {
        try (InputStream in = OhMyGptClient.class.getResourceAsStream("/ohmygpt/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture ohmygpt/" + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> e : values.entrySet()) {
                text = text.replace(e.getKey(), e.getValue());
            }
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ohmygpt.md §5.5's time format. */
    static String time(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC).format(t);
    }
}
