package io.mj4j.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A midjourney-proxy server that refuses imagines the way real ones do, chosen by the prompt: {@code nude} gets code
 * 24 naming the word, {@code busy} HTTP 429 code 23, {@code echo} code 4 with a description
 * that echoes its own key raw and JSON-escaped plus {@link #EXTRA} (as vendors echo requests in errors), anything else code 3 as the OSS server without an account. Counts the
 * submits it received.
 */
final class FakeVendor implements AutoCloseable {
    /** A key with characters JSON writers escape differently ({@code /}, {@code "}, backslash, {@code -}). */
    static final String KEY = "sk-live/ab\"cd\\ef-0123456789";
    /** A secret only the gateway's operator declared (GatewaySettings.secret). */
    static final String EXTRA = "upstream-proxy-password-42";

    final AtomicInteger submits = new AtomicInteger();
    private final HttpServer server;

    FakeVendor() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    Map<String, String> environment() {
        return Map.of("MJ_MJPROXY_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort(), "MJ_MJPROXY_API_KEY", KEY,
                "MJ_MJPROXY_OPT_LINEAGE", "plus");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            JsonNode body = Wire.JSON.readTree(ex.getRequestBody().readAllBytes());
            if (!ex.getRequestURI().getPath().equals("/mj/submit/imagine")) {
                send(ex, 404, "{\"status\":404,\"error\":\"Not Found\"}");
                return;
            }
            submits.incrementAndGet();
            String prompt = body.path("prompt").asText();
            ObjectNode r = Wire.JSON.createObjectNode();
            int status = 200;
            if (prompt.contains("nude")) {
                r.put("code", 24).put("description", "可能包含敏感词").putObject("properties").put("promptEn", prompt).put("bannedWord", "nude");
            } else if (prompt.contains("busy")) {
                status = 429;
                r.put("code", 23).put("description", "队列已满，请稍后尝试");
            } else if (prompt.contains("echo")) {
                String escaped = Wire.JSON.writeValueAsString(KEY);
                escaped = escaped.substring(1, escaped.length() - 1);
                r.put("code", 4).put("description", "bad key " + ex.getRequestHeaders().getFirst("mj-api-secret") + " in {\"key\":\""
                        + escaped + "\",\"k2\":\"" + escaped.replace("/", "\\/").replace("-", "\\u002d") + "\"} via " + EXTRA);
            } else {
                // what the OSS server answers without a Discord account
                r.put("code", 3).put("description", "无可用的账号实例");
            }
            send(ex, status, r.toString());
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
