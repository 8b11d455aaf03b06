package io.mj4j.bench;

import java.time.Duration;

/**
 * How a workload run behaves besides its size and speed.
 *
 * @param median       median imagine duration at the vendor (virtual time; the sandbox's log-normal spread keeps it)
 * @param sigma        the sandbox's {@code durationSigma}: 0.5 is Midjourney's long tail (p95 about 2.3x the median)
 * @param queueTime    median time a job waits in the vendor's queue before it runs
 * @param naiveThreads threads of the naive client's {@code ScheduledExecutorService}
 * @param naiveInterval the naive client's poll interval
 * @param seed         the sandbox's seed: every client of a workload gets the same job durations
 * @param trace        mj4j runs: timelines of this many latest-detected tasks ({@link Trace}); 0 for none
 * @param pollInterval mj4j runs: {@code PollOptions.DEFAULT.withInterval(this)} (first poll and interval; the adaptive
 *                     planner's floor); null for the engine's default
 * @param jitter       mj4j runs: {@code PollOptions.withJitter(this)}; negative for the engine's default (0.1)
 * @param confirmWindow mj4j with callbacks: {@code Mj.Builder.callbackConfirmWindow(this)}; null for the engine's default
 */
record WorkloadOptions(Duration median, double sigma, Duration queueTime, int naiveThreads, Duration naiveInterval, long seed,
                       int trace, Duration pollInterval, double jitter, Duration confirmWindow) {
    static final WorkloadOptions DEFAULT = new WorkloadOptions(Duration.ofSeconds(45), 0.5, Duration.ofSeconds(1), 8,
            Duration.ofSeconds(5), 42, 0, null, -1, null);

    WorkloadOptions withPollInterval(Duration d) {
        return new WorkloadOptions(median, sigma, queueTime, naiveThreads, naiveInterval, seed, trace, d, jitter, confirmWindow);
    }

    WorkloadOptions withJitter(double j) {
        return new WorkloadOptions(median, sigma, queueTime, naiveThreads, naiveInterval, seed, trace, pollInterval, j, confirmWindow);
    }

    /** The poll options mj4j runs get, or null for the engine's default. */
    io.mj4j.core.PollOptions pollOptions() {
        if (pollInterval == null && jitter < 0) {
            return null;
        }
        io.mj4j.core.PollOptions p = pollInterval == null ? io.mj4j.core.PollOptions.DEFAULT
                : io.mj4j.core.PollOptions.DEFAULT.withInterval(pollInterval);
        return jitter < 0 ? p : p.withJitter(jitter);
    }

    WorkloadOptions withNaiveThreads(int n) {
        return new WorkloadOptions(median, sigma, queueTime, n, naiveInterval, seed, trace, pollInterval, jitter, confirmWindow);
    }

    WorkloadOptions withMedian(Duration d) {
        return new WorkloadOptions(d, sigma, queueTime, naiveThreads, naiveInterval, seed, trace, pollInterval, jitter, confirmWindow);
    }

    WorkloadOptions withSeed(long s) {
        return new WorkloadOptions(median, sigma, queueTime, naiveThreads, naiveInterval, s, trace, pollInterval, jitter, confirmWindow);
    }

    WorkloadOptions withTrace(int n) {
        return new WorkloadOptions(median, sigma, queueTime, naiveThreads, naiveInterval, seed, n, pollInterval, jitter, confirmWindow);
    }

    WorkloadOptions withConfirmWindow(Duration d) {
        return new WorkloadOptions(median, sigma, queueTime, naiveThreads, naiveInterval, seed, trace, pollInterval, jitter, d);
    }

    WorkloadOptions withQueueTime(Duration d) {
        return new WorkloadOptions(median, sigma, d, naiveThreads, naiveInterval, seed, trace, pollInterval, jitter, confirmWindow);
    }
}
