package io.mj4j.store.jdbc;

import io.mj4j.core.Mj;
import io.mj4j.core.PollOptions;
import io.mj4j.core.Task;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process {@link CrashRecoveryContract} kills: an engine on a {@link JdbcTaskStore} that submits {@code count}
 * imagine tasks ("crash-0" ...) to the sandbox named by the environment ({@code MJ_<VENDOR>_BASE_URL},
 * {@code MJ_<VENDOR>_API_KEY}), prints {@code READY <acknowledged>} once {@code threshold} submits were
 * acknowledged (or refused), then keeps tracking them until it is killed.
 *
 * <p>Arguments: vendor, count, threshold, then {@code h2 <file>} or {@code pg <url>} (user and password from
 * {@code MJ_TEST_PG_USER} / {@code MJ_TEST_PG_PASSWORD}).
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String vendor = args[0];
        int count = Integer.parseInt(args[1]);
        int threshold = Integer.parseInt(args[2]);
        JdbcTaskStore store = args[3].equals("h2") ? JdbcTaskStore.h2File(Path.of(args[4]))
                : JdbcTaskStore.postgres(args[4], System.getenv("MJ_TEST_PG_USER"), System.getenv("MJ_TEST_PG_PASSWORD"));
        Mj mj = Mj.builder().provider(vendor).store(store)
                .pollOptions(new PollOptions(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5), 2.0, 0.1))
                .build();
        AtomicInteger answered = new AtomicInteger();
        CompletableFuture<Void> enough = new CompletableFuture<>();
        for (int i = 0; i < count; i++) {
            Task t = mj.imagine("crash-" + i + " a lighthouse at dawn");
            t.accepted().whenComplete((s, e) -> {
                if (answered.incrementAndGet() >= threshold) {
                    enough.complete(null);
                }
            });
        }
        System.out.println("SUBMITTED " + count);
        enough.get(120, TimeUnit.SECONDS);
        System.out.println("READY " + answered.get());
        System.out.flush();
        new CountDownLatch(1).await(); // tracked until the parent kills this process
    }
}
