package io.mj4j.bench;

import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline: what the vendors' docs suggest. Each task is submitted with {@link MjProvider#submit}, then polled
 * with one {@link MjProvider#fetch} every 5 s (virtual; fixed delay, like a loop that sleeps 5 s) until a terminal
 * status, on a plain {@link ScheduledExecutorService} of {@code threads} threads named {@code naive-client-N}. No
 * batching, no adaptive timing, no retries beyond the next tick. Thread-safe.
 */
final class NaiveClient implements AutoCloseable {
    private final MjProvider provider;
    private final VirtualClock clock;
    private final Recorder recorder;
    private final long intervalNanos;
    private final Duration interval;
    private final ScheduledExecutorService pool;
    private final Map<String, Poll> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong fetchErrors = new AtomicLong();
    private final AtomicLong latenessSumMs = new AtomicLong();
    private final AtomicLong latenessMaxMs = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();

    NaiveClient(MjProvider provider, VirtualClock clock, int threads, Duration interval, Recorder recorder) {
        this.provider = provider;
        this.clock = clock;
        this.recorder = recorder;
        this.interval = interval;
        this.intervalNanos = clock.realNanos(interval);
        this.pool = Executors.newScheduledThreadPool(threads, new NamedThreads("naive-client"));
    }

    /** Submits an imagine on a pool thread; polling starts one interval after the acknowledgement. */
    void imagine(String prompt) {
        pool.execute(() -> {
            SubmitReceipt receipt;
            try {
                receipt = provider.submit(new SubmitRequest(Action.Imagine.of(prompt), Optional.empty(), UUID.randomUUID().toString()));
            } catch (RuntimeException e) {
                recorder.accepted();
                recorder.failed();
                recorder.ended();
                return;
            }
            recorder.accepted();
            Map<String, String> state = receipt.snapshot().map(TaskSnapshot::vendorState).orElse(Map.of());
            Poll p = new Poll(new TaskRef(receipt.vendorTaskId(), ActionKind.IMAGINE, state));
            if (receipt.snapshot().filter(TaskSnapshot::isTerminal).isPresent()) {
                p.ended(receipt.snapshot().get());
                return;
            }
            inFlight.put(receipt.vendorTaskId(), p);
            p.due = clock.instant().plus(interval);
            p.future = pool.scheduleWithFixedDelay(p, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
        });
    }

    /** Tasks submitted and not yet ended. */
    int tracked() {
        return inFlight.size();
    }

    long fetchErrors() {
        return fetchErrors.get();
    }

    /** Mean lateness of a poll against its 5 s schedule, virtual milliseconds. */
    double meanLatenessMs() {
        long n = polls.get();
        return n == 0 ? 0 : (double) latenessSumMs.get() / n;
    }

    long maxLatenessMs() {
        return latenessMaxMs.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        inFlight.clear();
    }

    /** One task's poll loop. */
    private final class Poll implements Runnable {
        final TaskRef ref;
        volatile ScheduledFuture<?> future;
        volatile Instant due;
        volatile boolean done;

        Poll(TaskRef ref) {
            this.ref = ref;
        }

        @Override
        public void run() {
            if (done) {
                return;
            }
            Instant now = clock.instant();
            long late = Math.max(0, Duration.between(due, now).toMillis());
            polls.incrementAndGet();
            latenessSumMs.addAndGet(late);
            latenessMaxMs.accumulateAndGet(late, Math::max);
            TaskSnapshot s;
            try {
                s = provider.fetch(ref);
            } catch (RuntimeException e) {
                fetchErrors.incrementAndGet(); // the next tick tries again
                due = clock.instant().plus(interval);
                return;
            }
            if (s.isTerminal()) {
                ended(s);
            } else {
                due = clock.instant().plus(interval);
            }
        }

        void ended(TaskSnapshot s) {
            done = true;
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
            inFlight.remove(ref.vendorTaskId());
            if (s.status() == TaskStatus.SUCCEEDED) {
                recorder.heardSucceeded(ref.vendorTaskId(), clock.instant());
            } else {
                recorder.failed();
            }
            recorder.ended();
        }
    }
}
