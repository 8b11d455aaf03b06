package io.mj4j.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Raw protocol requests to a server (the gateway or the real OSS server), as a client in any language sends them. */
final class Wire {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One answer: HTTP status, raw body, and the body as JSON (null when empty or not JSON). */
    record Reply(int status, String body, JsonNode json) {
        int code() {
            return json == null ? -1 : json.path("code").asInt(-1);
        }
    }

    private final URI base;
    private final String header;
    private final String secret;

    /** {@code base} up to and including the context path ({@code http://host:port/mj}). */
    Wire(URI base, String header, String secret) {
        this.base = base;
        this.header = header;
        this.secret = secret;
    }

    Wire as(String otherHeader, String otherSecret) {
        return new Wire(base, otherHeader, otherSecret);
    }

    Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private Reply send(HttpRequest.Builder b) {
        if (header != null && secret != null) {
            b.header(header, secret);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = null;
            String body = r.body();
            if (!body.isBlank()) {
                try {
                    json = JSON.readTree(body);
                } catch (IOException notJson) {
                    json = null;
                }
            }
            return new Reply(r.statusCode(), body, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object... kv) {
        var n = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            n.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
        }
        return n.toString();
    }
}
