package io.mj4j.core.callback;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The callback server's socket layer under abuse: slow-loris clients, connection floods, a full queue, odd but
 * legal bodies. Slow clients are sockets that simply stay open with half a request head; nothing sleeps.
 */
class CallbackServerTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    /** Generous for a loaded 2-core machine; a starved server never answers at all. */
    private static final Duration CALLBACK_BOUND = Duration.ofSeconds(5);

    private final List<Socket> sockets = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> applied = new ConcurrentLinkedQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private CallbackServer server;
    private CallbackReceiver receiver;

    private void start(CallbackServer.Limits limits, CallbackReceiver.Sink sink) {
        server = limits == null ? CallbackServer.start(new InetSocketAddress("127.0.0.1", 0), "/cb")
                : CallbackServer.start(new InetSocketAddress("127.0.0.1", 0), "/cb", limits);
        receiver = new CallbackReceiver(server.uri(), SECRET, 4096, sink);
        server.serve(receiver);
    }

    private void start(CallbackServer.Limits limits) {
        start(limits, (taskId, headers, body) -> {
            applied.add(taskId + ":" + new String(body, StandardCharsets.UTF_8));
            return CallbackReceiver.Outcome.APPLIED;
        });
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A client that sends part of a request head and then nothing. */
    private Socket slowLoris() throws IOException {
        URI u = server.uri();
        Socket s = new Socket(u.getHost(), u.getPort());
        s.setSoTimeout(20_000);
        sockets.add(s);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + u.getPath() + "/t-slow?token=x HTTP/1.1\r\nHost: " + u.getHost() + "\r\nX-Slow: ")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return s;
    }

    private HttpResponse<String> callback(String taskId, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(receiver.urlFor(taskId)).timeout(CALLBACK_BOUND)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    @DisplayName("10 slow-loris connections sending partial headers do not delay a real callback (default limits)")
    void slowLorisDoesNotStarveCallbacks() throws Exception {
        start(null); // default header timeout 10 s, longer than the bound: the slow clients are not cut to make room
        for (int i = 0; i < 10; i++) {
            slowLoris();
        }
        long t0 = System.nanoTime();
        HttpResponse<String> r = callback("task-1", "{\"status\":\"SUCCESS\"}");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("callback with 10 slow-loris connections open answered in " + ms + " ms");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(applied).containsExactly("task-1:{\"status\":\"SUCCESS\"}");
    }

    @Test
    @DisplayName("a request head that does not arrive within the header timeout is answered 408 and closed")
    void headerTimeout() throws Exception {
        start(CallbackServer.Limits.DEFAULT.withHeaderTimeout(Duration.ofMillis(300)));
        Socket s = slowLoris();
        String answer = readAll(s); // returns when the server closes; the socket's read timeout is 20 s
        assertThat(answer).startsWith("HTTP/1.1 408 ").contains("request head too slow");
        assertThat(applied).isEmpty();
    }

    @Test
    @DisplayName("at the connection cap a new caller closes the oldest unfinished connection and is served")
    void connectionCapEvictsOldest() throws Exception {
        start(CallbackServer.Limits.DEFAULT.withMaxConnections(3));
        Socket oldest = slowLoris();
        slowLoris();
        slowLoris();
        HttpResponse<String> r = callback("task-2", "{}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(applied).containsExactly("task-2:{}");
        assertThat(oldest.getInputStream().read()).as("the oldest slow connection was closed").isEqualTo(-1);
    }

    @Test
    @DisplayName("when every worker is busy and the queue is full, the next complete request is answered 503 at once")
    void fullQueueAnswers503() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(new CallbackServer.Limits(16, Duration.ofSeconds(10), Duration.ofSeconds(30), 1, 1, 4096), (taskId, headers, body) -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            applied.add(taskId);
            return CallbackReceiver.Outcome.APPLIED;
        });
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(HttpRequest.newBuilder(receiver.urlFor("a"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
        for (String id : List.of("b", "c")) {
            more.add(http.sendAsync(HttpRequest.newBuilder(receiver.urlFor(id)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        // one of b and c waits in the queue (size 1), the other finds it full and is refused without waiting
        HttpResponse<String> refused = CompletableFuture.anyOf(more.toArray(new CompletableFuture[0]))
                .thenApply(HttpResponse.class::cast).get(30, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(503);
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : more) {
            statuses.add(f.get(30, TimeUnit.SECONDS).statusCode());
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 503);
        assertThat(applied).hasSize(2).contains("a");
    }

    @Test
    @DisplayName("chunked and Expect: 100-continue bodies are read; a body over the limit is answered 413")
    void bodies() throws Exception {
        start(null);
        URI u = receiver.urlFor("task-3");
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("POST " + u.getRawPath() + "?" + u.getRawQuery() + " HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n3;ext=1\r\n 1}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readAll(s)).startsWith("HTTP/1.1 200 ");
        }
        assertThat(applied).containsExactly("task-3:{\"a\": 1}");

        HttpResponse<String> expect = http.send(HttpRequest.newBuilder(receiver.urlFor("task-4")).expectContinue(true)
                .timeout(CALLBACK_BOUND).POST(HttpRequest.BodyPublishers.ofString("{\"b\":2}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(expect.statusCode()).isEqualTo(200);

        HttpResponse<String> big = callback("task-5", "x".repeat(5000));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(applied).containsExactly("task-3:{\"a\": 1}", "task-4:{\"b\":2}");
    }

    @Test
    @DisplayName("a bad token, a GET and a path outside the callback path are refused without reaching the engine")
    void refusals() throws Exception {
        start(null);
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/task-6?token=forged"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(receiver.urlFor("task-6")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        URI other = URI.create("http://" + server.uri().getHost() + ":" + server.uri().getPort() + "/cbx/task-6");
        HttpResponse<String> outside = http.send(HttpRequest.newBuilder(other).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(outside.statusCode()).isEqualTo(404);
        assertThat(applied).isEmpty();
    }
}
