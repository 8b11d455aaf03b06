package io.mj4j.sandbox.vendor;

import io.mj4j.spi.ActionKind;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** What a simulator may use: the key it accepts, the clock, and the job store. */
public interface SimContext {
    /** The only API key this sandbox accepts. */
    String apiKey();

    Clock clock();

    /** The sandbox's own base URI (files are served under it). */
    URI baseUri();

    /**
     * Creates a job (counted as one paid task). The outcome (success, rejection, vendor error, stall)
     * and the timing come from the sandbox's duration model and fault rates.
     *
     * @param idFactory   the vendor's id format
     * @param kind        what the job does
     * @param prompt      prompt text (raw, flags included), or null to inherit the parent's
     * @param parent      the job acted on, or null
     * @param index       grid position 1..4 for upscale/variation, else 0
     * @param callbackUrl where to send the vendor's callback when the job ends, or null
     */
    SimTask create(Supplier<String> idFactory, ActionKind kind, String prompt, SimTask parent, int index, String callbackUrl);

    /** A job by id. */
    Optional<SimTask> find(String id);

    /** Every job, newest last. */
    List<SimTask> all();

    /** Counts one status query. */
    void countFetch();

    /** Counts one refused authentication. */
    void countRejectedAuth();
}
