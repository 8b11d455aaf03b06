package io.mj4j.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadSmokeTest {
    @Test
    @DisplayName("a 20-task workload at high speed reports both clients with sane figures")
    void should_report_both_clients_when_a_small_workload_runs() throws Exception {
        // given 20 tasks of about 10 virtual seconds at x20: a few seconds of wall time per client
        WorkloadOptions o = WorkloadOptions.DEFAULT.withMedian(Duration.ofSeconds(10)).withNaiveThreads(2);

        // when
        RunResult naive = WorkloadRun.run(ClientKind.NAIVE, "acedata", 20, 20, o);
        RunResult mj4j = WorkloadRun.run(ClientKind.MJ4J, "acedata", 20, 20, o);
        String report = WorkloadReport.markdown(List.of(naive, mj4j), o, "--tasks 20", 1);

        // then
        for (RunResult r : List.of(naive, mj4j)) {
            assertThat(r.succeeded()).as(r.client().id + " succeeded").isEqualTo(20);
            assertThat(r.failed()).isZero();
            assertThat(r.tasksCreated()).isEqualTo(20);
            assertThat(r.requestsPerTask()).as(r.client().id + " requests/task").isGreaterThan(1.0).isLessThan(20.0);
            assertThat(r.minDelay()).as(r.client().id + " min delay").isGreaterThanOrEqualTo(0.0);
            assertThat(r.maxDelay()).as(r.client().id + " max delay").isLessThan(60.0);
            assertThat(r.clientCpuNanos()).isPositive();
            assertThat(r.peakThreads()).isPositive();
        }
        assertThat(naive.threads()).contains("naive-client");
        assertThat(mj4j.threads()).contains("mj-worker").doesNotContain("mj-sandbox");
        assertThat(report).contains("naive 5 s poll").contains("mj4j (adaptive)").contains("Ratios to the naive client");
    }
}
