package io.mj4j.bench;

import java.util.Arrays;

/**
 * The figures of one client on one workload. Times in virtual seconds unless named otherwise.
 *
 * @param delays           detection delay of each SUCCEEDED task (listener heard it minus the vendor's completion), sorted
 * @param clientCpuNanos   CPU of the client's threads plus the submitting thread's CPU during the submit loop
 * @param processCpuNanos  CPU of the whole process during the run (sandbox, GC and JIT included)
 * @param heapRawBytes     heap used after GC with all tasks submitted and acknowledged, minus the baseline (sandbox's
 *                         own job records included)
 * @param heapClientBytes  what closing the client released: heap with all tasks in flight minus heap after the client
 *                         was closed and collected, the sandbox still running (both after GC). No baseline enters it, so
 *                         heap the sandbox or the JDK keeps after a run (buffers, caches) cannot shrink it
 * @param trackedAtHeap    tasks the client was tracking when the heap was measured
 * @param trace            polling diagnostics ({@link Trace}), empty unless asked for
 */
record RunResult(ClientKind client, String vendor, int tasks, double speed, long requests, long fetchRequests, long tasksCreated,
                 int succeeded, int failed, double[] delays, long clientCpuNanos, long processCpuNanos, long heapRawBytes,
                 long heapClientBytes, int trackedAtHeap, int peakThreads, int peakEngineThreads, String threads,
                 double wallSeconds, double virtualSeconds, double submitWallSeconds, double loadBefore, double loadAfter,
                 String notes, String trace) {

    double requestsPerTask() {
        return (double) requests / tasks;
    }

    double pollsPerTask() {
        return (double) (requests - tasksCreated) / tasks;
    }

    /** Nearest-rank percentile of the detection delays, seconds; NaN when none. */
    double delay(double percentile) {
        if (delays.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * delays.length);
        return delays[Math.max(0, Math.min(delays.length - 1, rank - 1))];
    }

    double maxDelay() {
        return delays.length == 0 ? Double.NaN : delays[delays.length - 1];
    }

    double minDelay() {
        return delays.length == 0 ? Double.NaN : delays[0];
    }

    double cpuSecondsPer1000() {
        return clientCpuNanos / 1e9 / tasks * 1000;
    }

    double processCpuSecondsPer1000() {
        return processCpuNanos / 1e9 / tasks * 1000;
    }

    double heapRawPerTask() {
        return (double) heapRawBytes / tasks;
    }

    /** Heap per task the client held: what closing it released, per task. */
    double heapClientPerTask() {
        return (double) heapClientBytes / tasks;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "RunResult[" + client.id + " " + vendor + " " + tasks + " tasks x" + speed + ": " + requests + " requests, "
                + succeeded + " ok, " + failed + " failed, delays " + Arrays.toString(new double[] {delay(50), delay(95), maxDelay()}) + "]";
    }
}
