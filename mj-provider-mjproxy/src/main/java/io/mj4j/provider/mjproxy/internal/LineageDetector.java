package io.mj4j.provider.mjproxy.internal;

import io.mj4j.provider.support.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.spi.ProviderContext;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which server family (mjproxy.md §0) one provider instance talks to, when the user did not say (no
 * {@code lineage} option, or {@code auto}). The rule:
 *
 * <ol>
 *   <li>An explicit {@code lineage} option wins: nothing is detected, a wrong guess shows in the error's hint.</li>
 *   <li>Until something is learned the instance uses the Plus routes (the surface aggregators copy, §0).</li>
 *   <li>{@code POST /submit/action} (or {@code /submit/modal}) answering 404/405 without a vendor envelope (the
 *       OSS v2.6.3 server answers Spring's {@code {"status":404,"error":"Not Found","path":...}}) means OSS v2:
 *       the instance switches to the OSS v2 settings (follow-ups through {@code /submit/change}, lookup through
 *       {@code /task/list}, no cancel, no shorten, no image-seed, base64 images only) and keeps them. A task
 *       object in status SUCCESS without a {@code buttons} field (§3.2: buttons are Plus/trueai only) means the
 *       same. Any vendor answer from {@code /submit/action}, or a task object with a {@code buttons} array,
 *       means the Plus surface (Plus, trueai or an aggregator), also kept.</li>
 *   <li>Any other Plus-only endpoint ({@code /task/query}, {@code /task/{id}/cancel}, {@code /submit/shorten},
 *       {@code /task/{id}/image-seed}) answering 404/405 without an envelope is remembered as absent: calls that
 *       need it are refused before any request from then on, and a missing {@code /task/query} moves lookup to
 *       {@code /task/list} (trueai and new-api lack the query too, so this alone decides no lineage).</li>
 *   <li>Nothing is learned from a request whose path repeats the base URL's path (a configuration error that
 *       makes every endpoint 404), nor from root endpoints and fetches.</li>
 * </ol>
 *
 * Lock-free and thread-safe: the settings in use are one immutable {@link Wiring} swapped by compare-and-set, so
 * concurrent callers see either the old or the new routes, never a mix, and the first detection wins.
 */
public final class LineageDetector {
    /** Endpoint templates whose absence this detector records. */
    public static final String ACTION = "/submit/action";
    public static final String MODAL = "/submit/modal";
    public static final String SHORTEN = "/submit/shorten";
    public static final String QUERY = "/task/query";
    public static final String CANCEL = "/task/{id}/cancel";
    public static final String SEED = "/task/{id}/image-seed";

    private static final Set<String> LINEAGE_DECIDING = Set.of(ACTION, MODAL);

    /** How the lineage in use was chosen. */
    public enum Source {
        /** The {@code lineage} option. */
        OPTION,
        /** No option, nothing learned yet: Plus routes. */
        UNDETECTED,
        /** Learned from the server's answers. */
        DETECTED
    }

    /**
     * The routes in use: settings, the request builder and the task mapper made from them.
     *
     * @param evidence what decided the lineage ("" while undetected)
     */
    public record Wiring(MjProxyOptions settings, Requests requests, Replies tasks, Source source, String evidence) {
    }

    private final ProviderContext context;
    private final AtomicReference<Wiring> current;
    private final Set<String> absent = ConcurrentHashMap.newKeySet();

    public LineageDetector(ProviderContext context) {
        this.context = context;
        MjProxyOptions s = MjProxyOptions.parse(context.options(), context.baseUri());
        this.current = new AtomicReference<>(wiring(s, s.autoLineage() ? Source.UNDETECTED : Source.OPTION, ""));
    }

    /** The routes to use for the next call. */
    public Wiring current() {
        return current.get();
    }

    /** True when {@code endpoint} answered "no such endpoint" on this server (auto mode only). */
    public boolean absent(String endpoint) {
        return absent.contains(endpoint);
    }

    /** The endpoints learned absent, for capabilities and messages. */
    public Set<String> absentEndpoints() {
        return Set.copyOf(absent);
    }

    /**
     * {@code endpoint} answered 404/405 without a vendor envelope to the request {@code sent} ("POST /mj/..."),
     * whose path {@code doubledPath} repeated the base path. Returns true when the instance now uses other routes
     * for this call (OSS v2 follow-ups, {@code /task/list} lookup), so that sending it again on them is worth one
     * more exchange; false when nothing can replace the endpoint.
     */
    public boolean endpointMissing(String endpoint, String sent, boolean doubledPath) {
        Wiring w = current.get();
        if (!w.settings().autoLineage() || doubledPath) {
            return false;
        }
        absent.add(endpoint);
        if (LINEAGE_DECIDING.contains(endpoint)) {
            decide(w, MjProxyOptions.Lineage.OSS, "HTTP 404 on " + sent);
            return current.get().settings().lineage() == MjProxyOptions.Lineage.OSS;
        }
        if (endpoint.equals(QUERY)) {
            // §5.9: /task/list exists on OSS v2 and trueai; remember the route without deciding the lineage.
            if (w.settings().lookup() == MjProxyOptions.LookupMode.QUERY) {
                current.compareAndSet(w, wiring(w.settings().withLookup(MjProxyOptions.LookupMode.LIST), w.source(), w.evidence()));
            }
            return current.get().settings().lookup() == MjProxyOptions.LookupMode.LIST;
        }
        return false;
    }

    /** {@code endpoint} answered with a vendor envelope: a lineage-deciding endpoint exists, so the Plus surface. */
    public void endpointPresent(String endpoint, String sent) {
        if (LINEAGE_DECIDING.contains(endpoint)) {
            decide(current.get(), MjProxyOptions.Lineage.PLUS, "a vendor answer on " + sent);
        }
    }

    /** Learns from a task object read by fetch, list or callback (§3.2: {@code buttons} are Plus/trueai only). */
    public void observeTask(JsonNode task) {
        Wiring w = current.get();
        if (w.source() != Source.UNDETECTED || task == null || !task.isObject()) {
            return;
        }
        JsonNode buttons = task.get("buttons");
        if (buttons != null && buttons.isArray()) {
            decide(w, MjProxyOptions.Lineage.PLUS, "a task object with buttons");
        } else if (buttons == null && "SUCCESS".equalsIgnoreCase(JsonFields.text(task, "status").orElse(""))) {
            decide(w, MjProxyOptions.Lineage.OSS, "a finished task object without buttons (mjproxy.md §3.2)");
        }
    }

    /** A word for messages: "oss (detected: HTTP 404 on POST /mj/submit/action)". */
    public String describe() {
        Wiring w = current.get();
        String name = w.settings().lineage().name().toLowerCase(Locale.ROOT);
        return switch (w.source()) {
            case OPTION -> name + " (option lineage)";
            case UNDETECTED -> "not yet detected (Plus routes until the server shows otherwise)";
            case DETECTED -> (w.settings().lineage() == MjProxyOptions.Lineage.OSS ? "oss" : "plus surface") + " (detected: " + w.evidence() + ")";
        };
    }

    private void decide(Wiring w, MjProxyOptions.Lineage lineage, String evidence) {
        if (w.source() != Source.UNDETECTED) {
            return;
        }
        MjProxyOptions s = lineage == MjProxyOptions.Lineage.PLUS ? w.settings()
                : MjProxyOptions.detected(context.options(), context.baseUri(), lineage);
        if (lineage == MjProxyOptions.Lineage.OSS) {
            // OSS v2 has none of the Plus-only endpoints (§0): refuse them before any request from now on.
            absent.addAll(Set.of(ACTION, MODAL, SHORTEN, QUERY, CANCEL, SEED));
        }
        current.compareAndSet(w, wiring(s, Source.DETECTED, evidence));
    }

    private Wiring wiring(MjProxyOptions s, Source source, String evidence) {
        return new Wiring(s, new Requests(context, s), new Replies(s, context.baseUri()), source, evidence);
    }

    /** For toString: the base URI and the lineage word. */
    @Override
    public String toString() {
        return describe();
    }
}
