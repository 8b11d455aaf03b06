package io.mj4j.sandbox;

import io.mj4j.sandbox.vendor.SimTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several sandboxes on one state folder at once, as several {@code mj} processes run them: each sees the jobs
 * the others made, ids stay unique, closing one loses none of the others' jobs, and a result URL handed out by
 * a sandbox that is gone is served by the one running now.
 */
class SharedStateFolderTest {
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<MjSandbox> sandboxes = new ArrayList<>();

    @AfterEach
    void close() {
        sandboxes.forEach(MjSandbox::close);
    }

    private MjSandbox start() {
        MjSandbox s = MjSandbox.start(new MjSandboxTest.TinySimulator(), SandboxOptions.builder().clock(clock).timeScale(1).stateDir(dir).build());
        sandboxes.add(s);
        return s;
    }

    private HttpResponse<byte[]> send(MjSandbox s, String method, String path, String body) throws Exception {
        return send(s, method, URI.create(s.baseUri() + path), body);
    }

    private HttpResponse<byte[]> send(MjSandbox s, String method, URI uri, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + s.apiKey());
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String create(MjSandbox s, String prompt) throws Exception {
        String reply = new String(send(s, "POST", "/jobs", "{\"prompt\":\"" + prompt + "\"}").body(), StandardCharsets.UTF_8);
        return reply.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    @Test
    @DisplayName("two sandboxes on one folder: each fetches the other's jobs, ids never collide, closing one keeps the other's jobs")
    void twoAtOnce() throws Exception {
        MjSandbox a = start();
        MjSandbox b = start();
        String fromA = create(a, "a fox");
        String fromB = create(b, "a boat"); // TinySimulator counts job-1, job-2 per instance: b must skip a's job-1
        assertThat(fromB).isNotEqualTo(fromA);
        assertThat(new String(send(b, "GET", "/jobs/" + fromA, null).body(), StandardCharsets.UTF_8)).contains("\"id\":\"" + fromA + "\"");
        assertThat(new String(send(a, "GET", "/jobs/" + fromB, null).body(), StandardCharsets.UTF_8)).contains("\"id\":\"" + fromB + "\"");

        String fromB2 = create(b, "a tree"); // a never looks again, so it does not know this job
        b.close();
        sandboxes.remove(b);
        a.close(); // closing last must not write a's older view over the folder
        sandboxes.remove(a);

        MjSandbox later = start();
        assertThat(later.tasks()).extracting(SimTask::id).containsExactlyInAnyOrder(fromA, fromB, fromB2);
        assertThat(later.tasks()).extracting(SimTask::prompt).containsExactlyInAnyOrder("a fox", "a boat", "a tree");
    }

    @Test
    @DisplayName("a grid URL handed out by a sandbox that has closed is served, as the same PNG, by the sandbox running now")
    void resultSurvivesTheSandbox() throws Exception {
        MjSandbox first = start();
        String id = create(first, "a lighthouse --ar 16:9");
        clock.advance(Duration.ofHours(1));
        URI grid = first.tasks().get(0).gridUrl();
        byte[] png = send(first, "GET", grid, null).body();
        first.close();
        sandboxes.remove(first);

        MjSandbox now = start();
        URI local = now.localize(grid);
        assertThat(local).isNotEqualTo(grid).hasPath(grid.getPath());
        HttpResponse<byte[]> again = send(now, "GET", local, null);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(png);
        assertThat(now.localize(URI.create("https://cdn.example.com/sandbox/files/" + id + "/grid.png")).getHost())
                .as("only loopback sandbox URLs are moved").isEqualTo("cdn.example.com");
    }

    @Test
    @DisplayName("a job made by another sandbox after this one started is served as a file too")
    void fileOfAJobMadeElsewhere() throws Exception {
        MjSandbox reader = start();
        MjSandbox maker = start();
        create(maker, "a kite");
        clock.advance(Duration.ofHours(1));
        URI grid = maker.tasks().get(0).gridUrl();
        HttpResponse<byte[]> r = send(reader, "GET", reader.localize(grid), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(send(maker, "GET", grid, null).body());
    }
}
