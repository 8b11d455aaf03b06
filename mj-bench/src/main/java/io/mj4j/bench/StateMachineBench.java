package io.mj4j.bench;

import io.mj4j.core.internal.TaskStateMachine;
import io.mj4j.provider.acedata.AceDataProviderFactory;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link TaskStateMachine#apply} on snapshots as a poll produces them (parsed from AceData fixtures, with vendor
 * state, preview, result and follow-ups): a progress step, a duplicate that is dropped, a stale status that is
 * dropped, and the final SUCCEEDED.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StateMachineBench {
    private final TaskStateMachine machine = new TaskStateMachine();
    private TaskSnapshot running46;
    private TaskSnapshot running47;
    private TaskSnapshot queued;
    private TaskSnapshot succeeded;

    @Setup
    public void setUp() {
        StubTransport transport = new StubTransport("{}");
        MjProvider acedata = ParseBench.provider(new AceDataProviderFactory(), transport);
        TaskRef ref = TaskRef.of(ParseBench.ID, ActionKind.IMAGINE);
        running46 = fetch(acedata, transport, ref, Fixtures.load("acedata", "task-running.json", "${TASK_ID}", ParseBench.ID, "${PERCENT}", "46"));
        running47 = fetch(acedata, transport, ref, Fixtures.load("acedata", "task-running.json", "${TASK_ID}", ParseBench.ID, "${PERCENT}", "47"));
        succeeded = fetch(acedata, transport, ref, Fixtures.load("acedata", "task-finished-grid.json", "${TASK_ID}", ParseBench.ID));
        queued = TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId(ParseBench.ID).build();
        check(machine.apply(running46, running47).isPresent() && machine.apply(running47, running47).isEmpty()
                && machine.apply(running47, queued).isEmpty() && machine.apply(running47, succeeded).isPresent());
    }

    private static TaskSnapshot fetch(MjProvider provider, StubTransport transport, TaskRef ref, String body) {
        transport.answer(body);
        return provider.fetch(ref);
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("the state machine did not behave as the benchmark assumes");
        }
    }

    @Benchmark public Optional<TaskSnapshot> applyProgressStep() { return machine.apply(running46, running47); }
    @Benchmark public Optional<TaskSnapshot> applyDuplicateDropped() { return machine.apply(running47, running47); }
    @Benchmark public Optional<TaskSnapshot> applyStaleDropped() { return machine.apply(running47, queued); }
    @Benchmark public Optional<TaskSnapshot> applySucceeded() { return machine.apply(running47, succeeded); }
}
