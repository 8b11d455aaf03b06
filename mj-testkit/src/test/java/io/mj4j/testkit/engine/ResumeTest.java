package io.mj4j.testkit.engine;

import io.mj4j.core.Task;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.spi.SubmitOutcomeUnknownException;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.testkit.ProviderConformanceKit;
import io.mj4j.testkit.reference.RefVendorStubs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("Resuming stored tasks in a new client")
class ResumeTest extends EngineFixture {

    @Test
    @DisplayName("a task left RUNNING by a closed client is polled to the end by a new client on the same store")
    void resumesPolling() {
        RefVendorStubs stubs = new RefVendorStubs();
        stubs.submitAccepted(wm, "t-1");
        stubs.running(wm, "t-1", 30);
        Task first = client().submit(ProviderConformanceKit.IMAGINE);
        scheduler.advance(Duration.ofSeconds(6));
        assertThat(first.snapshot().status()).isEqualTo(TaskStatus.RUNNING);
        mj.close();

        server.resetAll();
        stubs.succeededGrid(wm, "t-1");
        Task again = client().resume(first.id());
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(again.snapshot().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(submits()).as("never resubmitted").isZero();
    }

    @Test
    @DisplayName("a follow-up can be made from a parent stored by an earlier client")
    void followUpOfStoredParent() {
        RefVendorStubs stubs = new RefVendorStubs();
        stubs.submitAccepted(wm, "grid-1");
        stubs.succeededGrid(wm, "grid-1");
        Task grid = client().submit(ProviderConformanceKit.IMAGINE);
        scheduler.advance(Duration.ofSeconds(6));
        mj.close();

        wm.register(post(urlEqualTo("/v1/tasks")).withRequestBody(matchingJsonPath("$.parent", equalTo("grid-1")))
                .willReturn(okJson(task("up-1", "queued", null))));
        Task up = client().followUp(grid.id(), new io.mj4j.spi.Action.Upscale(3));
        scheduler.runReady();

        assertThat(up.snapshot().vendorTaskId()).hasValue("up-1");
        assertThat(up.parentId()).hasValue(grid.id());
    }

    @Test
    @DisplayName("a task stored SUBMITTING (crash during the send) is reported UNKNOWN, never resubmitted")
    void interruptedSubmitIsUnknown() {
        client();
        TaskRecord crashed = new TaskRecord("crashed-1", "refvendor", ProviderConformanceKit.IMAGINE, Optional.empty(),
                TaskSnapshot.builder(TaskStatus.SUBMITTING).build(), scheduler.clock().instant(), scheduler.clock().instant(),
                scheduler.clock().instant().plus(Duration.ofMinutes(10)));
        store.insert(crashed);

        Task t = mj.resume("crashed-1");
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.UNKNOWN);
        assertThat(catchThrowable(() -> t.await(Duration.ZERO))).isInstanceOf(SubmitOutcomeUnknownException.class);
        assertThat(submits()).isZero();
    }
}
