package io.mj4j.bench;

import io.mj4j.provider.acedata.AceDataProviderFactory;
import io.mj4j.provider.gptunnel.GptunnelProviderFactory;
import io.mj4j.provider.mjproxy.MjProxyProviderFactory;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.ProviderContext;
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

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Snapshot parsing per provider: each provider's real {@code fetch} (or {@code fetchBatch}) driven through a
 * {@link StubTransport} that answers with a vendor reply body from the provider's test fixtures. Measures what
 * one poll costs the client besides the network: request building, JSON reading, status mapping, snapshot
 * building. One {@link State} per reply so each benchmark reads one fixed body.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParseBench {
    static final String ID = "a1b2c3d4-0000-4000-8000-00000000cafe";

    /** A provider of {@code factory} bound to {@code transport}; no I/O. */
    static MjProvider provider(MjProviderFactory factory, StubTransport transport) {
        return factory.create(new ProviderContext(factory.id(), URI.create("http://127.0.0.1:9"),
                Credentials.apiKey("sk-bench-0000000000000000"), transport, Clock.systemUTC(), Optional.empty(), Map.of()));
    }

    /** A provider answering with one body, and the task reference it is asked about. */
    @State(Scope.Benchmark)
    public abstract static class One {
        MjProvider provider;
        TaskRef ref;

        abstract MjProviderFactory factory();

        abstract String body();

        @Setup
        public void setUp() {
            provider = provider(factory(), new StubTransport(body()));
            ref = TaskRef.of(ID, ActionKind.IMAGINE);
            TaskSnapshot s = provider.fetch(ref); // fail at setup, not inside the measurement
            if (s.status() != expected()) {
                throw new IllegalStateException(getClass().getSimpleName() + ": parsed " + s.status() + ", expected " + expected());
            }
        }

        abstract TaskStatus expected();
    }

    public static class AceDataRunning extends One {
        @Override MjProviderFactory factory() { return new AceDataProviderFactory(); }
        @Override String body() { return Fixtures.load("acedata", "task-running.json", "${TASK_ID}", ID, "${PERCENT}", "47"); }
        @Override TaskStatus expected() { return TaskStatus.RUNNING; }
    }

    public static class AceDataSucceeded extends One {
        @Override MjProviderFactory factory() { return new AceDataProviderFactory(); }
        @Override String body() { return Fixtures.load("acedata", "task-finished-grid.json", "${TASK_ID}", ID); }
        @Override TaskStatus expected() { return TaskStatus.SUCCEEDED; }
    }

    public static class GptunnelRunning extends One {
        @Override MjProviderFactory factory() { return new GptunnelProviderFactory(); }
        @Override String body() {
            return Fixtures.load("gptunnel", "task.json", "{{id}}", ID, "{{status}}", "processing", "{{percent}}", "47",
                    "{{result}}", "null", "{{error}}", "null");
        }
        @Override TaskStatus expected() { return TaskStatus.RUNNING; }
    }

    public static class GptunnelSucceeded extends One {
        @Override MjProviderFactory factory() { return new GptunnelProviderFactory(); }
        @Override String body() { return Fixtures.load("gptunnel", "done-grid.json", "{{id}}", ID); }
        @Override TaskStatus expected() { return TaskStatus.SUCCEEDED; }
    }

    public static class MjProxyRunning extends One {
        @Override MjProviderFactory factory() { return new MjProxyProviderFactory(); }
        @Override String body() { return Fixtures.load("mjproxy", "task-running.json", "${id}", ID, "${percent}", "47"); }
        @Override TaskStatus expected() { return TaskStatus.RUNNING; }
    }

    public static class MjProxySucceeded extends One {
        @Override MjProviderFactory factory() { return new MjProxyProviderFactory(); }
        @Override String body() { return Fixtures.load("mjproxy", "task-success-grid.json", "${id}", ID); }
        @Override TaskStatus expected() { return TaskStatus.SUCCEEDED; }
    }

    /** AceData {@code retrieve_batch} of 50 running tasks: the reply one batched poll reads. */
    @State(Scope.Benchmark)
    public static class AceDataBatch50 {
        MjProvider provider;
        List<TaskRef> refs;

        @Setup
        public void setUp() {
            List<String> items = new ArrayList<>();
            refs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String id = String.format("a1b2c3d4-0000-4000-8000-%012d", i);
                items.add(Fixtures.load("acedata", "task-running.json", "${TASK_ID}", id, "${PERCENT}", Integer.toString(i * 2)));
                refs.add(TaskRef.of(id, ActionKind.IMAGINE));
            }
            provider = provider(new AceDataProviderFactory(),
                    new StubTransport("{\"items\":[" + String.join(",", items) + "],\"count\":50}"));
            if (provider.fetchBatch(refs).size() != 50) {
                throw new IllegalStateException("the batch reply did not parse into 50 snapshots");
            }
        }
    }

    @Benchmark public TaskSnapshot acedataFetchRunning(AceDataRunning s) { return s.provider.fetch(s.ref); }
    @Benchmark public TaskSnapshot acedataFetchSucceeded(AceDataSucceeded s) { return s.provider.fetch(s.ref); }
    @Benchmark public Map<String, TaskSnapshot> acedataFetchBatch50(AceDataBatch50 s) { return s.provider.fetchBatch(s.refs); }
    @Benchmark public TaskSnapshot gptunnelFetchRunning(GptunnelRunning s) { return s.provider.fetch(s.ref); }
    @Benchmark public TaskSnapshot gptunnelFetchSucceeded(GptunnelSucceeded s) { return s.provider.fetch(s.ref); }
    @Benchmark public TaskSnapshot mjproxyFetchRunning(MjProxyRunning s) { return s.provider.fetch(s.ref); }
    @Benchmark public TaskSnapshot mjproxyFetchSucceeded(MjProxySucceeded s) { return s.provider.fetch(s.ref); }
}
