package io.mj4j.testkit.engine;

import io.mj4j.core.store.InMemoryTaskStore;
import io.mj4j.core.Task;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.core.store.TaskStore;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Invariant 2: write-ahead")
class WriteAheadTest extends EngineFixture {

    @Test
    @DisplayName("the task is stored before its submit is sent, and every snapshot is stored before listeners hear of it")
    void storeBeforeSendAndBeforeListeners() {
        List<String> journal = new ArrayList<>();
        InMemoryTaskStore inner = new InMemoryTaskStore();
        store = new TaskStore() {
            @Override
            public void insert(TaskRecord r) {
                journal.add("insert " + r.snapshot().status() + " after " + server.getAllServeEvents().size() + " requests");
                inner.insert(r);
            }

            @Override
            public void update(TaskRecord r) {
                journal.add("store " + r.snapshot().status());
                inner.update(r);
            }

            @Override
            public Optional<TaskRecord> find(String id) {
                return inner.find(id);
            }

            @Override
            public Optional<TaskRecord> findByVendorId(String p, String v) {
                return inner.findByVendorId(p, v);
            }

            @Override
            public List<TaskRecord> findActive() {
                return inner.findActive();
            }
        };
        new RefVendorStubs().submitAccepted(wm, "t-1");
        wm.register(get(urlEqualTo("/v1/tasks/t-1")).inScenario("s").whenScenarioStateIs(STARTED)
                .willReturn(okJson(task("t-1", "running", 50))).willSetStateTo("done"));
        wm.register(get(urlEqualTo("/v1/tasks/t-1")).inScenario("s").whenScenarioStateIs("done")
                .willReturn(okJson(RefVendorStubs.gridJson("t-1"))));

        Task t = client().submit(ProviderConformanceKit.IMAGINE);
        t.onUpdate((task, s) -> {
            journal.add("heard " + s.status());
            TaskSnapshot stored = inner.find(task.id()).orElseThrow().snapshot();
            assertThat(stored).as("stored before heard").isEqualTo(s);
        });
        scheduler.advance(Duration.ofSeconds(30));

        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(journal).containsExactly(
                "insert SUBMITTING after 0 requests",
                "heard SUBMITTING",
                "store QUEUED", "heard QUEUED",
                "store RUNNING", "heard RUNNING",
                "store SUCCEEDED", "heard SUCCEEDED");
    }

    @Test
    @DisplayName("a store write that fails when the vendor acknowledges does not cost the paid task: tracking goes on and"
            + " the next write stores the whole record, vendor id included")
    void failedAcknowledgementWriteKeepsTracking() {
        InMemoryTaskStore inner = new InMemoryTaskStore();
        List<String> failed = new ArrayList<>();
        store = new ForwardingStore(inner) {
            @Override
            public void update(TaskRecord r) {
                if (r.snapshot().status() == TaskStatus.QUEUED && failed.isEmpty()) {
                    failed.add(r.id());
                    throw new IllegalStateException("the database was closed under this connection (test)");
                }
                super.update(r);
            }
        };
        new RefVendorStubs().submitAccepted(wm, "t-1");
        wm.register(get(urlEqualTo("/v1/tasks/t-1")).willReturn(okJson(RefVendorStubs.gridJson("t-1"))));

        Task t = client().submit(ProviderConformanceKit.IMAGINE);
        scheduler.advance(Duration.ofSeconds(30));

        assertThat(failed).as("the acknowledgement's write failed once").containsExactly(t.id());
        assertThat(t.snapshot().status()).as("polled to the end all the same").isEqualTo(TaskStatus.SUCCEEDED);
        TaskRecord stored = inner.find(t.id()).orElseThrow();
        assertThat(stored.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(stored.snapshot().vendorTaskId()).contains("t-1");
    }
}
