package io.mj4j.testkit.engine;

import io.mj4j.core.CallbackResult;
import io.mj4j.core.Task;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Invariant 3: monotonic lifecycle")
class LifecycleTest extends EngineFixture {

    private CallbackResult callback(String json) {
        return mj.callbacks().accept("refvendor", Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    private Task acceptedTask(List<String> heard) {
        new RefVendorStubs().submitAccepted(wm, "t-1");
        Task t = client().submit(ProviderConformanceKit.IMAGINE);
        t.onUpdate((task, s) -> heard.add(s.status() + s.progress().stream().mapToObj(p -> " " + p).findFirst().orElse("")));
        scheduler.runReady();
        return t;
    }

    @Test
    @DisplayName("a terminal state is final: later polls and callbacks saying otherwise are dropped")
    void terminalIsFinal() {
        List<String> heard = new CopyOnWriteArrayList<>();
        Task t = acceptedTask(heard);
        wm.register(get(urlEqualTo("/v1/tasks/t-1")).willReturn(okJson(task("t-1", "running", 50))));

        assertThat(callback(RefVendorStubs.gridJson("t-1")).applied()).isEqualTo(1);
        scheduler.advance(Duration.ofMinutes(1));
        CallbackResult late = callback("{\"id\":\"t-1\",\"status\":\"failed\",\"error\":{\"code\":\"internal\",\"message\":\"x\"}}");

        assertThat(late.applied()).isZero();
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(heard).containsExactly("SUBMITTING", "QUEUED", "SUCCEEDED 100");
        assertThat(count("GET", "/v1/tasks/t-1")).as("no polls after the end").isZero();
    }

    @Test
    @DisplayName("stale and duplicate snapshots are dropped; progress never goes back")
    void staleAndDuplicatesDropped() {
        List<String> heard = new CopyOnWriteArrayList<>();
        Task t = acceptedTask(heard);

        callback(task("t-1", "running", 60));
        CallbackResult older = callback(task("t-1", "running", 40));
        CallbackResult queued = callback(task("t-1", "queued", null));
        CallbackResult same = callback(task("t-1", "running", 60));
        callback(task("t-1", "running", 80));

        assertThat(older.ignored() + queued.ignored() + same.ignored()).isEqualTo(3);
        assertThat(heard).containsExactly("SUBMITTING", "QUEUED", "RUNNING 60", "RUNNING 80");
        TaskSnapshot s = t.snapshot();
        assertThat(s.progress()).hasValue(80);
    }

    @Test
    @DisplayName("callbacks for tasks the client does not track are reported, not applied")
    void unknownTasksReported() {
        acceptedTask(new CopyOnWriteArrayList<>());
        CallbackResult r = callback(task("someone-else", "running", 10));
        assertThat(r.unknownTaskIds()).containsExactly("someone-else");
        assertThat(r.applied()).isZero();
    }
}
