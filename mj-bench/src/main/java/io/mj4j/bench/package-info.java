/**
 * Benchmarks of mj4j: JMH microbenchmarks of the hot paths (snapshot parsing per provider, the task state
 * machine, prompt parse and render; run with {@link io.mj4j.bench.Micro}) and the workload benchmark
 * ({@link io.mj4j.bench.Workload}) that runs mj4j and a naive polling client side by side against the sandbox
 * on one virtual clock. Nothing here runs during the build; see the module's README.md.
 */
package io.mj4j.bench;
