package io.mj4j.store.jdbc;

import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.Task;
import io.mj4j.spi.TaskStatus;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One engine process of {@link PostgresSeveralNodesTest}: an engine with leases on the shared PostgreSQL store
 * that submits {@code count} imagine tasks to the sandbox named by the environment, prints {@code READY} once
 * they are all acknowledged, and prints {@code END <task id> <status>} for every task it sees end, its own
 * and those it takes over from a dead node. Arguments: vendor, node id, count, PostgreSQL URL.
 */
public final class LeaseNode {
    private LeaseNode() {
    }

    public static void main(String[] args) throws Exception {
        String vendor = args[0];
        String node = args[1];
        int count = Integer.parseInt(args[2]);
        JdbcTaskStore store = JdbcTaskStore.postgres(args[3], System.getenv("MJ_TEST_PG_USER"), System.getenv("MJ_TEST_PG_PASSWORD"));
        Mj mj = Mj.builder().provider(vendor).store(store).leases(node, Duration.ofSeconds(2))
                .pollOptions(new PollOptions(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(3), 2.0, 0.1))
                .onUpdate((task, s) -> {
                    if (s.isTerminal()) {
                        synchronized (System.out) {
                            System.out.println("END " + task.id() + " " + s.status());
                            System.out.flush();
                        }
                    }
                })
                .build();
        AtomicInteger acknowledged = new AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        if (count == 0) {
            all.complete(null);
        }
        for (int i = 0; i < count; i++) {
            Task t = mj.imagine(node + "-" + i + " a lighthouse at dawn");
            t.accepted().whenComplete((s, e) -> {
                if (s != null && s.status() != TaskStatus.UNKNOWN && acknowledged.incrementAndGet() == count) {
                    all.complete(null);
                }
            });
        }
        all.get(120, TimeUnit.SECONDS);
        synchronized (System.out) {
            System.out.println("READY " + node);
            System.out.flush();
        }
        new CountDownLatch(1).await(); // runs until the parent ends it
    }
}
