package io.mj4j.testkit.engine;

import io.mj4j.core.callback.CallbackReceiver;
import io.mj4j.core.Task;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Invariant 3: monotonic lifecycle")
class LifecycleTest extends EngineFixture {

    private Task acceptedTask(List<String> heard) {
        new RefVendorStubs().submitAccepted(wm, "t-1");
        Task t = clientWithCallbacks().submit(ProviderConformanceKit.IMAGINE);
        t.onUpdate((task, s) -> heard.add(s.status() + s.progress().stream().mapToObj(p -> " " + p).findFirst().orElse("")));
        scheduler.runReady();
        return t;
    }

    @Test
    @DisplayName("a terminal state is final: later polls and callbacks saying otherwise are dropped")
    void terminalIsFinal() {
        List<String> heard = new CopyOnWriteArrayList<>();
        Task t = acceptedTask(heard);
        new RefVendorStubs().succeededGrid(wm, "t-1");

        assertThat(callback(t.id(), RefVendorStubs.gridJson("t-1")).message()).contains("fetched");
        scheduler.advance(Duration.ofMinutes(1));
        CallbackReceiver.Response late = callback(t.id(), "{\"id\":\"t-1\",\"status\":\"failed\",\"error\":{\"code\":\"internal\",\"message\":\"x\"}}");

        assertThat(late.message()).contains("ignored");
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(heard).containsExactly("SUBMITTING", "QUEUED", "SUCCEEDED 100");
        assertThat(count("GET", "/v1/tasks/t-1")).as("the confirming fetch, and no polls after the end").isEqualTo(1);
    }

    @Test
    @DisplayName("stale and duplicate snapshots are dropped; progress never goes back")
    void staleAndDuplicatesDropped() {
        List<String> heard = new CopyOnWriteArrayList<>();
        Task t = acceptedTask(heard);

        callback(t.id(), task("t-1", "running", 60));
        CallbackReceiver.Response older = callback(t.id(), task("t-1", "running", 40));
        CallbackReceiver.Response queued = callback(t.id(), task("t-1", "queued", null));
        CallbackReceiver.Response same = callback(t.id(), task("t-1", "running", 60));
        callback(t.id(), task("t-1", "running", 80));

        assertThat(List.of(older, queued, same)).allMatch(r -> r.message().startsWith("ignored"));
        assertThat(heard).containsExactly("SUBMITTING", "QUEUED", "RUNNING 60", "RUNNING 80");
        TaskSnapshot s = t.snapshot();
        assertThat(s.progress()).hasValue(80);
    }

    @Test
    @DisplayName("callbacks about tasks the client does not track are answered 404 or ignored, never applied")
    void unknownTasksNotApplied() {
        Task t = acceptedTask(new CopyOnWriteArrayList<>());
        assertThat(callback("not-a-task-of-ours", task("t-1", "running", 10)).status()).isEqualTo(404);
        assertThat(callback(t.id(), task("someone-else", "running", 10)).message()).startsWith("ignored");
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.QUEUED);
    }
}
