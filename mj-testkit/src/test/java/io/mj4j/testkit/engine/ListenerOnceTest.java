package io.mj4j.testkit.engine;

import io.mj4j.core.Task;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Invariant 3: listeners hear each transition once")
class ListenerOnceTest extends EngineFixture {

    @Test
    @DisplayName("a builder listener hears SUCCEEDED once, however often the finished task is resumed")
    void resumeOfAFinishedTaskIsNotATransition() {
        RefVendorStubs stubs = new RefVendorStubs();
        stubs.submitAccepted(wm, "t-1");
        stubs.succeededGrid(wm, "t-1");
        List<String> heard = new CopyOnWriteArrayList<>();
        client(b -> b.onUpdate((task, s) -> heard.add(task.id() + " " + s.status())));
        Task t = mj.submit(ProviderConformanceKit.IMAGINE);
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);

        mj.resume(t.id());
        mj.resume(t.id());
        scheduler.runReady();

        assertThat(heard).containsExactly(t.id() + " SUBMITTING", t.id() + " QUEUED", t.id() + " SUCCEEDED");
    }

    @Test
    @DisplayName("a new client's builder listener hears nothing when a task that ended earlier is resumed")
    void resumeInANewClientIsSilent() {
        RefVendorStubs stubs = new RefVendorStubs();
        stubs.submitAccepted(wm, "t-1");
        stubs.succeededGrid(wm, "t-1");
        Task t = client().submit(ProviderConformanceKit.IMAGINE);
        scheduler.advance(Duration.ofMinutes(1));
        mj.close();

        List<String> heard = new CopyOnWriteArrayList<>();
        client(b -> b.onUpdate((task, s) -> heard.add(s.status().name())));
        Task again = mj.resume(t.id());
        scheduler.runReady();

        assertThat(again.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(heard).isEmpty();
    }
}
