package io.mj4j.testkit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.NearMiss;
import com.github.tomakehurst.wiremock.verification.diff.PlainTextDiffRenderer;
import io.mj4j.core.JdkTransport;
import io.mj4j.core.Mj;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.Task;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.Balance;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.Feature;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.MjProviderFactory;
import io.mj4j.spi.Prompt;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.SubmitOutcomeUnknownException;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.TransportException;
import io.mj4j.spi.UnsupportedActionException;
import io.mj4j.testkit.VendorStubs.Scenario;
import io.mj4j.testkit.VendorStubs.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.TestAbortedException;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

/**
 * The conformance suite every provider must pass. Subclass it in the provider's tests, give the
 * {@link #factory()} and the {@link #stubs()} of your vendor, and run it with JUnit 5:
 *
 * <pre>{@code
 * class AceDataConformanceTest extends ProviderConformanceKit {
 *     protected MjProviderFactory factory() { return new AceDataProviderFactory(); }
 *     protected VendorStubs stubs() { return new AceDataStubs(); }
 * }
 * }</pre>
 *
 * Each test's display name starts with the rule id of {@code mj-testkit/CONFORMANCE.md}, and so does the
 * message of a failed rule, followed by WireMock's near-miss report for any request no stub matched. Each
 * test gets a fresh WireMock server on loopback; the provider talks to it through the engine's
 * {@link JdkTransport} with the key {@link #API_KEY} and a clock fixed at {@link #KIT_NOW}.
 *
 * <p>Hooks a provider may override: {@link #options()} and {@link #callbackUri()} (how the provider is
 * created), {@link #sampleAction(FollowUp)} and {@link #sampleRoot(ActionKind)} (the action the kit sends
 * for a kind, when the vendor needs a value the default leaves out), and {@link #parentFor(ActionKind)}
 * (the finished parent a follow-up is sent on, when neither the grid nor the single image of the stubs
 * offers it, for example a follow-up only a video or a zoomed image offers).
 */
@ExtendWith(RuleFailures.class)
public abstract class ProviderConformanceKit {
    /** The API key the kit configures. Stubs should require it; it must never appear in an error or a toString. */
    public static final String API_KEY = "mj4j-kit-key-5Q9xT2vW";
    /** The raw prompt of the kit's imagine. */
    public static final String IMAGINE_PROMPT = "a red fox in fresh snow --ar 16:9 --v 7";
    /** The kit's imagine action. */
    public static final Action.Imagine IMAGINE = Action.Imagine.of(IMAGINE_PROMPT);
    /** The request timeout of the kit's transport. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** The instant of the provider's clock (an HTTP-date {@code Retry-After} is read against it). */
    public static final Instant KIT_NOW = Instant.parse("2026-03-02T10:15:30Z");

    /** A 1x1 black PNG, for vary-region masks. */
    static final String TINY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==";
    /** The request timeout of the "read timeout" scenarios, and the delay of their reply. */
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    private static final int SLOW_REPLY_MILLIS = 1500;

    /** The provider under test. */
    protected abstract MjProviderFactory factory();

    /** The vendor's stubs. */
    protected abstract VendorStubs stubs();

    /** Vendor options to create the provider with (default none). */
    protected Map<String, String> options() {
        return Map.of();
    }

    /** The callback URI given to the provider (default: a loopback address nobody listens on). */
    protected Optional<URI> callbackUri() {
        return Optional.of(URI.create("http://127.0.0.1:9/mj4j/callback"));
    }

    private WireMockServer server;
    private WireMock wm;

    @BeforeEach
    void startVendor() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        wm = new WireMock(server);
    }

    @AfterEach
    void stopVendor() {
        server.stop();
    }

    /** The WireMock client of the current test's server. */
    protected WireMock wireMock() {
        return wm;
    }

    /** The base URI of the current test's server. */
    protected URI baseUri() {
        return URI.create(server.baseUrl());
    }

    /** A provider bound to the current server, with the kit's key, transport and clock. */
    protected MjProvider provider() {
        return provider(TIMEOUT);
    }

    private MjProvider provider(Duration requestTimeout) {
        return provider(JdkTransport.builder().requestTimeout(requestTimeout).connectTimeout(TIMEOUT).build(), baseUri());
    }

    private MjProvider provider(JdkTransport transport, URI base) {
        transport.addSecret(API_KEY);
        return factory().create(new ProviderContext(factory().id(), base, Credentials.apiKey(API_KEY), transport,
                Clock.fixed(KIT_NOW, ZoneOffset.UTC), callbackUri(), options()));
    }

    private ProviderDescriptor descriptor() {
        return factory().descriptor();
    }

    private List<ServeEvent> requests() {
        return server.getAllServeEvents();
    }

    /**
     * WireMock's report on every request of this test that no stub matched, in full: each unmatched request
     * with the near-miss diff WireMock answered it with. Empty when every request matched.
     */
    String unmatchedReport() {
        if (server == null || !server.isRunning()) {
            return "";
        }
        List<ServeEvent> unmatched = requests().stream().filter(e -> !e.getWasMatched()).toList();
        if (unmatched.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n\nWireMock saw ").append(unmatched.size())
                .append(" request(s) that no stub matched (the provider sent what the vendor would not accept); near-miss report:");
        PlainTextDiffRenderer renderer = new PlainTextDiffRenderer(Map.of());
        for (ServeEvent e : unmatched) {
            sb.append("\n--- ").append(e.getRequest().getMethod()).append(' ').append(e.getRequest().getUrl()).append('\n');
            List<NearMiss> nearMisses = server.findNearMissesFor(e.getRequest());
            if (nearMisses.isEmpty()) {
                sb.append("(no stub came near it: no stub is registered for this scenario)\n");
            }
            nearMisses.forEach(m -> sb.append(renderer.render(m.getDiff())));
        }
        return sb.toString();
    }

    /** A dynamic test of {@code name} against a clean server, whose failure names the rule and carries the near-miss report. */
    private DynamicTest check(String name, Executable body) {
        return check(name, name, body);
    }

    /** As {@link #check(String, Executable)}, displayed as {@code display} (the report adds the rule's title before it). */
    private DynamicTest check(String display, String rule, Executable body) {
        return DynamicTest.dynamicTest(display, () -> {
            server.resetAll();
            try {
                body.execute();
            } catch (Throwable t) {
                throw RuleFailures.explain(rule, t, unmatchedReport());
            }
        });
    }

    /** One dynamic test of {@code rule} per wire shape: the scenario's own stubs, then the stubs' extra variants. */
    private Stream<DynamicTest> perVariant(String rule, Scenario scenario, String taskId, Consumer<WireMock> main,
                                           Consumer<MjProvider> check) {
        List<Variant> all = new ArrayList<>();
        all.add(Variant.of("main", main));
        all.addAll(stubs().variants(scenario, taskId));
        String id = rule.substring(0, rule.indexOf(' '));
        return all.stream().map(v -> check(id + " [" + v.name() + "]", rule + " [" + v.name() + "]", () -> {
            v.stubs().accept(wm);
            check.accept(provider());
        }));
    }

    private SubmitRequest imagineRequest() {
        return new SubmitRequest(IMAGINE, Optional.empty(), "kit-ref-1");
    }

    private TaskSnapshot fetchOk(String id, ActionKind kind) {
        return provider().fetch(TaskRef.of(id, kind));
    }

    private static MjException mjError(Throwable t) {
        assertThat(t).as("expected an MjException").isInstanceOf(MjException.class);
        return (MjException) t;
    }

    private static MjException submitError(MjProvider p) {
        return mjError(catchThrowable(() -> p.submit(new SubmitRequest(IMAGINE, Optional.empty(), "kit-ref-1"))));
    }

    /** The outcome of a failed submit: the exception type and the two flags the engine acts on. */
    private static void outcome(MjException e, Class<? extends MjException> type, boolean mayHaveCreated, boolean retryable) {
        assertThat(e).as("exception type (message: %s)", e.getMessage()).isInstanceOf(type);
        assertThat(e.mayHaveCreatedTask()).as("mayHaveCreatedTask() of %s: the engine resends a submit only when it is"
                + " false, so true means 'the vendor may have created (and billed) a task'", e).isEqualTo(mayHaveCreated);
        assertThat(e.retryable()).as("retryable() of %s", e).isEqualTo(retryable);
    }

    private void assertNoKey(Object... things) {
        for (Object o : things) {
            if (o instanceof Throwable t) {
                for (Throwable c = t; c != null; c = c.getCause()) {
                    assertThat(String.valueOf(c.getMessage())).as("message of " + c.getClass().getName()).doesNotContain(API_KEY);
                    assertThat(c.toString()).doesNotContain(API_KEY);
                }
            } else {
                assertThat(String.valueOf(o)).as("toString of " + (o == null ? "null" : o.getClass().getName())).doesNotContain(API_KEY);
            }
        }
    }

    // ====================================================================== replies any vendor can meet

    /** An HTML page as a gateway (nginx) serves it. */
    private static ResponseDefinitionBuilder page(int status, String title) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/html")
                .withBody("<html>\r\n<head><title>" + status + " " + title + "</title></head>\r\n<body>\r\n<center><h1>" + status
                        + " " + title + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
    }

    /** A reply that reaches the provider, registered for every request. */
    private record Reply(String name, Consumer<WireMock> stubs, boolean slow) {
        static Reply of(String name, ResponseDefinitionBuilder response) {
            return new Reply(name, w -> w.register(any(anyUrl()).willReturn(response)), false);
        }

        static Reply fault(String name, Fault fault) {
            return of(name, aResponse().withFault(fault));
        }

        /** The connection closes before any reply. */
        boolean droppedConnection() {
            return name.equals("connection reset") || name.equals("empty reply");
        }

        static Reply readTimeout() {
            return new Reply("read timeout", w -> w.register(any(anyUrl()).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody("{}").withFixedDelay(SLOW_REPLY_MILLIS))), true);
        }
    }

    /** HTTP 200 bodies no provider can read. */
    private static final List<Reply> UNREADABLE_OK = List.of(
            Reply.of("HTML page", aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                    .withBody("<html><body>Welcome to nginx!</body></html>")),
            Reply.of("truncated JSON", aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":\"task-1")),
            Reply.of("empty body", aResponse().withStatus(200).withHeader("Content-Type", "application/json")));

    /** Faults after the request was written: the vendor may have acted on it. */
    private static final List<Reply> AFTER_SENT_FAULTS = List.of(
            Reply.fault("connection reset", Fault.CONNECTION_RESET_BY_PEER),
            Reply.fault("empty reply", Fault.EMPTY_RESPONSE),
            Reply.fault("malformed chunk", Fault.MALFORMED_RESPONSE_CHUNK),
            Reply.readTimeout());

    /** Every failing reply a fetch can meet, vendor-neutral. */
    private static List<Reply> failingReplies() {
        List<Reply> r = new ArrayList<>(List.of(
                Reply.of("429", aResponse().withStatus(429).withHeader("Content-Type", "text/plain").withBody("Too Many Requests")),
                Reply.of("500 page", page(500, "Internal Server Error")),
                Reply.of("502 page", page(502, "Bad Gateway")),
                Reply.of("503 page", page(503, "Service Temporarily Unavailable")),
                Reply.of("504 page", page(504, "Gateway Time-out"))));
        r.addAll(UNREADABLE_OK);
        r.addAll(AFTER_SENT_FAULTS);
        return r;
    }

    // ====================================================================== R1

    @Nested
    @DisplayName("R1 discovery")
    class Discovery {
        @Test
        @DisplayName("R1.1 the factory is found with ServiceLoader under its id")
        void found() {
            MjProviderFactory f = ProviderRegistry.load(factory().getClass().getClassLoader()).get(factory().id());
            assertThat(f.getClass()).isEqualTo(factory().getClass());
        }

        @Test
        @DisplayName("R1.2 the descriptor is consistent: id, SPI version, imagine declared, https default base URI")
        void descriptorConsistent() {
            ProviderDescriptor d = descriptor();
            assertThat(d.id()).isEqualTo(factory().id());
            assertThat(d.spiVersion()).isEqualTo(MjProviderFactory.SPI_VERSION);
            assertThat(d.actions()).contains(ActionKind.IMAGINE);
            assertThat(d.defaultBaseUri().getScheme()).isEqualTo("https");
        }

        @Test
        @DisplayName("R1.3 create() sends nothing and the provider's toString hides the key")
        void createIsQuiet() {
            MjProvider p = provider();
            assertThat(requests()).isEmpty();
            assertNoKey(p);
        }
    }

    // ====================================================================== R2

    @Nested
    @DisplayName("R2 submit")
    class Submit {
        @Test
        @DisplayName("R2.1 an accepted imagine returns the vendor task id after exactly one request")
        void accepted() {
            stubs().submitAccepted(wm, "task-100");
            SubmitReceipt r = provider().submit(imagineRequest());
            assertThat(r.vendorTaskId()).isEqualTo("task-100");
            assertThat(requests()).hasSize(1);
            r.snapshot().ifPresent(s -> assertThat(s.status()).isIn(TaskStatus.QUEUED, TaskStatus.RUNNING,
                    TaskStatus.SUCCEEDED, TaskStatus.NEEDS_INPUT));
        }

        @Test
        @DisplayName("R2.2 the key travels in a header, never in the URL or the body")
        void keyInHeaderOnly() {
            stubs().submitAccepted(wm, "task-101");
            provider().submit(imagineRequest());
            ServeEvent e = requests().get(0);
            assertThat(e.getRequest().getHeaders().all().stream().anyMatch(h -> h.values().stream().anyMatch(v -> v.contains(API_KEY))))
                    .as("some header carries the API key").isTrue();
            assertThat(e.getRequest().getUrl()).doesNotContain(API_KEY);
            assertThat(e.getRequest().getBodyAsString()).doesNotContain(API_KEY);
        }
    }

    // ====================================================================== R3

    @Nested
    @DisplayName("R3 status mapping")
    class StatusMapping {
        @TestFactory
        @DisplayName("R3.1 running at n% maps to RUNNING with progress n")
        Stream<DynamicTest> running() {
            return perVariant("R3.1 running at n% maps to RUNNING with progress n", Scenario.RUNNING, "task-200",
                    w -> stubs().running(w, "task-200", 42), p -> {
                        TaskSnapshot s = p.fetch(TaskRef.of("task-200", ActionKind.IMAGINE));
                        assertThat(s.status()).isEqualTo(TaskStatus.RUNNING);
                        assertThat(s.progress()).hasValue(42);
                        assertThat(s.vendorTaskId()).hasValue("task-200");
                    });
        }

        @TestFactory
        @DisplayName("R3.2 a finished grid maps to SUCCEEDED with an image and follow-ups U1..U4")
        Stream<DynamicTest> succeededGrid() {
            return perVariant("R3.2 a finished grid maps to SUCCEEDED with an image and follow-ups U1..U4", Scenario.SUCCEEDED_GRID,
                    "task-201", w -> stubs().succeededGrid(w, "task-201"), p -> {
                        TaskSnapshot s = p.fetch(TaskRef.of("task-201", ActionKind.IMAGINE));
                        assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
                        assertThat(s.result()).isPresent();
                        assertThat(s.result().get().primaryImage()).isPresent();
                        if (descriptor().supports(ActionKind.UPSCALE)) {
                            assertThat(s.followUps()).contains(FollowUp.upscale(1), FollowUp.upscale(2), FollowUp.upscale(3),
                                    FollowUp.upscale(4));
                        }
                    });
        }

        @TestFactory
        @DisplayName("R3.3 a vendor failure maps to FAILED with a failure")
        Stream<DynamicTest> failedGeneric() {
            return perVariant("R3.3 a vendor failure maps to FAILED with a failure", Scenario.FAILED_GENERIC, "task-202",
                    w -> stubs().failedGeneric(w, "task-202"), p -> {
                        TaskSnapshot s = p.fetch(TaskRef.of("task-202", ActionKind.IMAGINE));
                        assertThat(s.status()).isEqualTo(TaskStatus.FAILED);
                        assertThat(s.failure()).isPresent();
                        assertThat(s.failure().get().category()).isIn(FailureCategory.VENDOR_ERROR, FailureCategory.INVALID_REQUEST,
                                FailureCategory.PROMPT_REJECTED);
                    });
        }

        @TestFactory
        @DisplayName("R3.4 a moderation failure maps to FAILED with PROMPT_REJECTED")
        Stream<DynamicTest> failedRejected() {
            return perVariant("R3.4 a moderation failure maps to FAILED with PROMPT_REJECTED", Scenario.FAILED_PROMPT_REJECTED,
                    "task-203", w -> stubs().failedPromptRejected(w, "task-203"), p -> {
                        TaskSnapshot s = p.fetch(TaskRef.of("task-203", ActionKind.IMAGINE));
                        assertThat(s.status()).isEqualTo(TaskStatus.FAILED);
                        assertThat(s.failure().map(f -> f.category())).hasValue(FailureCategory.PROMPT_REJECTED);
                    });
        }

        @Test
        @DisplayName("R3.5 an unknown status word is a ProviderProtocolException naming it, or a documented non-terminal default")
        void unknownStatus() {
            stubs().unknownStatus(wm, "task-204");
            Throwable t = catchThrowable(() -> fetchOk("task-204", ActionKind.IMAGINE));
            if (t == null) {
                TaskSnapshot s = fetchOk("task-204", ActionKind.IMAGINE);
                assertThat(s.status().isTerminal()).as("an unknown word must never end a task").isFalse();
            } else {
                assertThat(t).isInstanceOf(ProviderProtocolException.class);
                assertThat(t.getMessage()).contains("zz_new_state");
            }
        }

        @Test
        @DisplayName("R3.6 a malformed body is a ProviderProtocolException, not a parser crash")
        void malformed() {
            stubs().malformedBody(wm, "task-205");
            Throwable t = catchThrowable(() -> fetchOk("task-205", ActionKind.IMAGINE));
            assertThat(t).isInstanceOf(ProviderProtocolException.class);
            assertThat(((MjException) t).retryable()).isTrue();
        }

        @Test
        @DisplayName("R3.7 a queued task maps to QUEUED")
        void queued() {
            stubs().queued(wm, "task-206");
            assertThat(fetchOk("task-206", ActionKind.IMAGINE).status()).isEqualTo(TaskStatus.QUEUED);
        }

        @TestFactory
        @DisplayName("R3.8 a finished upscale maps to SUCCEEDED with one image")
        Stream<DynamicTest> succeededImage() {
            return perVariant("R3.8 a finished upscale maps to SUCCEEDED with one image", Scenario.SUCCEEDED_IMAGE, "task-207",
                    w -> stubs().succeededImage(w, "task-207"), p -> {
                        TaskSnapshot s = p.fetch(TaskRef.of("task-207", ActionKind.UPSCALE));
                        assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
                        assertThat(s.result().flatMap(r -> r.primaryImage())).isPresent();
                    });
        }
    }

    // ====================================================================== R4

    @Nested
    @DisplayName("R4 follow-ups and other actions")
    class FollowUps {
        @TestFactory
        @DisplayName("R4.1 every declared follow-up offered by a finished task is sent with the ids the vendor needs")
        Stream<DynamicTest> declaredFollowUps() {
            List<DynamicTest> tests = new ArrayList<>();
            for (ActionKind kind : descriptor().actions()) {
                if (kind.isRoot() || kind == ActionKind.CUSTOM) {
                    continue;
                }
                tests.add(check("R4.1 " + kind, () -> {
                    TaskSnapshot parent = parentFor(kind);
                    FollowUp offered = parent.followUps().stream().filter(f -> f.kind() == kind).findFirst().orElseThrow();
                    roundTrip(new SubmitRequest(sampleAction(offered), Optional.of(parent), "kit-ref-" + kind));
                }));
            }
            return tests.stream();
        }

        @TestFactory
        @DisplayName("R4.2 every declared root action besides imagine is accepted")
        Stream<DynamicTest> declaredRoots() {
            List<DynamicTest> tests = new ArrayList<>();
            for (ActionKind kind : descriptor().actions()) {
                if (!kind.isRoot() || kind == ActionKind.IMAGINE) {
                    continue;
                }
                tests.add(check("R4.2 " + kind, () ->
                        roundTrip(new SubmitRequest(sampleRoot(kind), Optional.empty(), "kit-ref-" + kind))));
            }
            return tests.stream();
        }

        private void roundTrip(SubmitRequest request) {
            server.resetAll();
            stubs().actionAccepted(wm, request, "task-child-1");
            SubmitReceipt r = provider().submit(request);
            boolean synchronous = r.snapshot().map(TaskSnapshot::isTerminal).orElse(false);
            if (!synchronous) {
                assertThat(r.vendorTaskId()).isEqualTo("task-child-1");
            }
            // One exchange; a second is allowed only as a different request (mj-proxy's modal step), never a repeat.
            List<String> sent = requests().stream().map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl()
                    + " " + e.getRequest().getBodyAsString()).toList();
            assertThat(sent).as("requests sent for " + request.action().kind()).isNotEmpty().hasSizeLessThanOrEqualTo(2)
                    .doesNotHaveDuplicates();
        }
    }

    /**
     * The finished parent a follow-up of {@code kind} is sent on, read through the provider from the stubs: by
     * default the grid ({@link VendorStubs#succeededGrid}), else the single image ({@link VendorStubs#succeededImage}),
     * whichever offers {@code kind}; fails the rule if neither does. Override for a follow-up only another result
     * offers (register its stubs on {@link #wireMock()} and fetch it with {@link #provider()}).
     */
    protected TaskSnapshot parentFor(ActionKind kind) {
        List<Supplier<TaskSnapshot>> candidates = List.of(
                () -> {
                    stubs().succeededGrid(wm, "parent-grid");
                    return fetchOk("parent-grid", ActionKind.IMAGINE);
                },
                () -> {
                    stubs().succeededImage(wm, "parent-image");
                    return fetchOk("parent-image", ActionKind.UPSCALE);
                });
        for (Supplier<TaskSnapshot> c : candidates) {
            try {
                TaskSnapshot s = c.get();
                if (s.followUps().stream().anyMatch(f -> f.kind() == kind)) {
                    return s;
                }
            } catch (TestAbortedException notImplemented) {
                // try the next kind of parent
            }
        }
        return fail(kind + " is declared, but neither succeededGrid nor succeededImage offers it in followUps()");
    }

    /**
     * The action the kit sends for an offered follow-up. Override for a vendor whose action needs a
     * value the default leaves out (for example a pan that requires a prompt).
     */
    protected Action sampleAction(FollowUp f) {
        return switch (f.kind()) {
            case UPSCALE -> new Action.Upscale(Integer.parseInt(f.option()));
            case VARIATION -> new Action.Variation(Integer.parseInt(f.option()));
            case REROLL -> new Action.Reroll();
            case VARY -> new Action.Vary(Action.Strength.valueOf(f.option()));
            case UPSCALE_MORE -> new Action.UpscaleMore(Action.UpscaleMode.valueOf(f.option()));
            case ZOOM -> Action.Zoom.out(2.0);
            case PAN -> new Action.Pan(f.option().isEmpty() ? Action.Direction.LEFT : Action.Direction.valueOf(f.option()));
            case VARY_REGION -> new Action.VaryRegion(TINY_PNG, Optional.empty());
            case ANIMATE -> new Action.Animate(Action.Motion.LOW);
            case SEED -> new Action.Seed();
            default -> throw new IllegalArgumentException("no sample for " + f);
        };
    }

    /** The root action the kit sends for {@code kind}. Override like {@link #sampleAction}. */
    protected Action sampleRoot(ActionKind kind) {
        return switch (kind) {
            case IMAGINE -> IMAGINE;
            case BLEND -> new Action.Blend(List.of(URI.create("https://img.example/a.png"), URI.create("https://img.example/b.png")),
                    Action.BlendShape.SQUARE);
            case DESCRIBE -> new Action.Describe(URI.create("https://img.example/a.png"));
            case SHORTEN -> new Action.Shorten(Prompt.parse("a very long and detailed prompt about a red fox --v 7"));
            default -> throw new IllegalArgumentException(kind + " is not a root action");
        };
    }

    // ====================================================================== R5

    /** R5: what a failed submit means. The engine's duplicate-safety rests on mayHaveCreatedTask(). */
    @Nested
    @DisplayName("R5 submit outcomes")
    class SubmitOutcomes {
        @TestFactory
        @DisplayName("R5.1 401 on submit is an AuthenticationException: not created, not retryable, with the HTTP status")
        Stream<DynamicTest> unauthorized() {
            return perVariant("R5.1 401 on submit is an AuthenticationException: not created, not retryable, with the HTTP status",
                    Scenario.SUBMIT_UNAUTHORIZED, "", stubs()::submitUnauthorized, p -> {
                        MjException e = submitError(p);
                        outcome(e, AuthenticationException.class, false, false);
                        assertThat(e.httpStatus()).as("HTTP status").isPresent();
                    });
        }

        @TestFactory
        @DisplayName("R5.2 no balance on submit is an InsufficientBalanceException: not created, not retryable")
        Stream<DynamicTest> balance() {
            return perVariant("R5.2 no balance on submit is an InsufficientBalanceException: not created, not retryable",
                    Scenario.SUBMIT_INSUFFICIENT_BALANCE, "", stubs()::submitInsufficientBalance,
                    p -> outcome(submitError(p), InsufficientBalanceException.class, false, false));
        }

        @Test
        @DisplayName("R5.3 429 on submit is a RateLimitedException: not created, retryable")
        void rateLimited() {
            stubs().submitRateLimited(wm, "7");
            outcome(submitError(provider()), RateLimitedException.class, false, true);
        }

        @TestFactory
        @DisplayName("R5.4 500 on submit may have created a task: a retryable ProviderUnavailableException")
        Stream<DynamicTest> serverError() {
            return perVariant("R5.4 500 on submit may have created a task: a retryable ProviderUnavailableException",
                    Scenario.SUBMIT_SERVER_ERROR, "", stubs()::submitServerError,
                    p -> outcome(submitError(p), ProviderUnavailableException.class, true, true));
        }

        @TestFactory
        @DisplayName("R5.5 an invalid request on submit is an InvalidRequestException: not created, not retryable")
        Stream<DynamicTest> invalid() {
            return perVariant("R5.5 an invalid request on submit is an InvalidRequestException: not created, not retryable",
                    Scenario.SUBMIT_INVALID_REQUEST, "", stubs()::submitInvalidRequest,
                    p -> outcome(submitError(p), InvalidRequestException.class, false, false));
        }

        @TestFactory
        @DisplayName("R5.6 a prompt refused at submit is a ContentRejectedException: not created, not retryable")
        Stream<DynamicTest> rejected() {
            return perVariant("R5.6 a prompt refused at submit is a ContentRejectedException: not created, not retryable",
                    Scenario.SUBMIT_CONTENT_REJECTED, "", stubs()::submitContentRejected,
                    p -> outcome(submitError(p), ContentRejectedException.class, false, false));
        }

        @TestFactory
        @DisplayName("R5.7 a 502 or 504 gateway page on submit may have created a task: a retryable ProviderUnavailableException")
        Stream<DynamicTest> gateway() {
            return Stream.of(Reply.of("502", page(502, "Bad Gateway")), Reply.of("504", page(504, "Gateway Time-out")))
                    .map(r -> check("R5.7 a " + r.name() + " gateway page on submit may have created a task", () -> {
                        r.stubs().accept(wm);
                        outcome(submitError(provider()), ProviderUnavailableException.class, true, true);
                    }));
        }

        @Test
        @DisplayName("R5.8 503 on submit is 'not accepted': a retryable ProviderUnavailableException, not created")
        void unavailable() {
            Reply.of("503", page(503, "Service Temporarily Unavailable")).stubs().accept(wm);
            outcome(submitError(provider()), ProviderUnavailableException.class, false, true);
        }

        @TestFactory
        @DisplayName("R5.9 an HTTP 200 submit reply with an unreadable body may have created a task: a ProviderProtocolException")
        Stream<DynamicTest> unreadable() {
            return UNREADABLE_OK.stream().map(r -> check("R5.9 an HTTP 200 submit reply with an unreadable body ["
                    + r.name() + "] may have created a task", () -> {
                r.stubs().accept(wm);
                outcome(submitError(provider()), ProviderProtocolException.class, true, true);
            }));
        }

        @TestFactory
        @DisplayName("R5.10 the vendor's own error inside an HTTP 200 submit reply may have created a task")
        Stream<DynamicTest> errorInOkBody() {
            return perVariant("R5.10 the vendor's own error inside an HTTP 200 submit reply may have created a task"
                            + " (a retryable ProviderUnavailableException, not ignored)",
                    Scenario.SUBMIT_ERROR_IN_OK_BODY, "", stubs()::submitErrorInOkBody,
                    p -> outcome(submitError(p), ProviderUnavailableException.class, true, true));
        }

        @TestFactory
        @DisplayName("R5.11 a plain 403 Forbidden on submit is an account refusal, not a content rejection")
        Stream<DynamicTest> plainForbidden() {
            return Stream.of(
                            Reply.of("nginx page", page(403, "Forbidden")),
                            Reply.of("JSON message", aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                                    .withBody("{\"message\":\"Forbidden\"}")),
                            Reply.of("plain text", aResponse().withStatus(403).withHeader("Content-Type", "text/plain")
                                    .withBody("Access blocked: IP not allowed")))
                    .map(r -> check("R5.11 a plain 403 Forbidden on submit [" + r.name() + "] is an account refusal, not a"
                            + " content rejection", () -> {
                        r.stubs().accept(wm);
                        MjException e = submitError(provider());
                        assertThat(e).as("a 403 without moderation wording is about the account (message: %s)", e.getMessage())
                                .isInstanceOfAny(AuthenticationException.class, InsufficientBalanceException.class);
                        assertThat(e.mayHaveCreatedTask()).as("mayHaveCreatedTask()").isFalse();
                    }));
        }

        @TestFactory
        @DisplayName("R5.12 a rate limit's Retry-After is surfaced exactly (seconds and HTTP-date), or none where the vendor sends none")
        Stream<DynamicTest> retryAfter() {
            VendorStubs.RetryAfter declared = stubs().retryAfterOnRateLimit();
            String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(KIT_NOW.plusSeconds(120).atOffset(ZoneOffset.UTC));
            Map<String, Duration> forms = Map.of("7", Duration.ofSeconds(7), date, Duration.ofSeconds(120));
            return forms.entrySet().stream().map(f -> check("R5.12 Retry-After '" + f.getKey() + "' is "
                    + (declared.sent() ? "surfaced as " + f.getValue() : "absent (" + declared.vendorSection() + ")"), () -> {
                stubs().submitRateLimited(wm, f.getKey());
                MjException e = submitError(provider());
                Assumptions.assumeTrue(e instanceof RateLimitedException, "the rate limit is not a RateLimitedException (rule R5.3 fails)");
                Optional<Duration> surfaced = ((RateLimitedException) e).retryAfter();
                boolean sent = requests().stream().anyMatch(r -> r.getResponse() != null
                        && r.getResponse().getHeaders().getHeader("Retry-After").isPresent());
                if (declared.sent()) {
                    assertThat(sent).as("the stubs declare Retry-After SENT but their 429 carries none").isTrue();
                    assertThat(surfaced).as("retryAfter() of the RateLimitedException").hasValue(f.getValue());
                } else {
                    assertThat(sent).as("the stubs declare no Retry-After (%s) but their 429 carries one", declared.vendorSection())
                            .isFalse();
                    assertThat(surfaced).as("retryAfter() where the vendor sends none").isEmpty();
                }
            }));
        }
    }

    // ====================================================================== R6

    /** R6: faults, and one request per SPI call whatever the reply. */
    @Nested
    @DisplayName("R6 faults and one request per call")
    class Faults {
        @TestFactory
        @DisplayName("R6.1 a submit meeting a fault after it was sent may have created a task (reset, empty reply, malformed chunk, read timeout)")
        Stream<DynamicTest> afterSent() {
            return AFTER_SENT_FAULTS.stream().map(r -> check("R6.1 a submit meeting a " + r.name() + " may have created a task",
                    () -> {
                        r.stubs().accept(wm);
                        MjException e = submitError(provider(r.slow() ? SHORT_TIMEOUT : TIMEOUT));
                        assertThat(e.mayHaveCreatedTask()).as("a submit that may have arrived must say so: mayHaveCreatedTask()")
                                .isTrue();
                        assertThat(e.retryable()).as("retryable()").isTrue();
                    }));
        }

        @Test
        @DisplayName("R6.2 a refused connection is a retryable TransportException, not created")
        void refused() throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            MjProvider p = provider(JdkTransport.builder().requestTimeout(TIMEOUT).build(), URI.create("http://127.0.0.1:" + port));
            outcome(submitError(p), TransportException.class, false, true);
        }

        @TestFactory
        @DisplayName("R6.3 a fetch that fails (429, 5xx, unreadable 200, reset, timeout) fails with a retryable MjException")
        Stream<DynamicTest> fetchFailures() {
            Map<String, String> vendorMeaning = stubs().vendorMeaningOnFetch();
            return failingReplies().stream().map(r -> check("R6.3 a fetch meeting a " + r.name() + " fails retryably", () -> {
                if (vendorMeaning.containsKey(r.name())) {
                    throw new TestAbortedException("the vendor gives a fetch answered '" + r.name() + "' a meaning of its own: "
                            + vendorMeaning.get(r.name()));
                }
                r.stubs().accept(wm);
                MjProvider p = provider(r.slow() ? SHORT_TIMEOUT : TIMEOUT);
                MjException e = mjError(catchThrowable(() -> p.fetch(TaskRef.of("task-600", ActionKind.IMAGINE))));
                assertThat(e.retryable()).as("retryable() of %s: the engine polls again", e).isTrue();
            }));
        }

        @TestFactory
        @DisplayName("R6.4 a submit is sent exactly once whatever the reply: the provider never retries")
        Stream<DynamicTest> oneSubmit() {
            List<Reply> replies = new ArrayList<>();
            replies.add(new Reply("vendor's 429", w -> stubs().submitRateLimited(w, "1"), false));
            replies.add(new Reply("vendor's 500", w -> stubs().submitServerError(w), false));
            replies.add(new Reply("vendor's error inside a 200", w -> stubs().submitErrorInOkBody(w), false));
            replies.addAll(failingReplies());
            return replies.stream().map(r -> check("R6.4 a submit answered " + r.name() + " is sent exactly once", () -> {
                r.stubs().accept(wm);
                MjProvider p = provider(r.slow() ? SHORT_TIMEOUT : TIMEOUT);
                assertThat(catchThrowable(() -> p.submit(imagineRequest()))).as("the submit fails").isInstanceOf(MjException.class);
                assertThat(requests()).as("requests WireMock saw for one submit (a provider never retries on its own)").hasSize(1);
            }));
        }

        @TestFactory
        @DisplayName("R6.5 a fetch is sent exactly once whatever the reply: the provider never retries")
        Stream<DynamicTest> oneFetch() {
            return failingReplies().stream().map(r -> check("R6.5 a fetch answered " + r.name() + " is sent exactly once", () -> {
                r.stubs().accept(wm);
                MjProvider p = provider(r.slow() ? SHORT_TIMEOUT : TIMEOUT);
                catchThrowable(() -> p.fetch(TaskRef.of("task-601", ActionKind.IMAGINE)));
                List<ServeEvent> sent = requests();
                if (r.droppedConnection() && sent.size() == 2 && sent.stream().allMatch(e -> e.getRequest().getMethod().getName().equals("GET"))) {
                    // The JDK's HttpClient (under the engine's transport) re-sends an idempotent GET once when the
                    // connection dies before any reply; that repeat is the transport's, not the provider's.
                    return;
                }
                assertThat(sent).as("requests WireMock saw for one fetch (a provider never retries on its own)").hasSize(1);
            }));
        }

        @Test
        @DisplayName("R6.6 through the engine, a reset submit is submitted once and ends UNKNOWN (or reconciled)")
        void engineNeverDuplicates() {
            wm.register(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            Assumptions.assumeTrue(submitError(provider()).mayHaveCreatedTask(),
                    "the provider reports a reset submit as 'not created' (rule R6.1 fails); the engine would rightly resend it");
            server.resetRequests();
            CountingFactory counting = new CountingFactory(factory());
            ManualScheduler scheduler = new ManualScheduler(ManualClock.atEpochOfTests());
            try (Mj mj = engine(counting, scheduler)) {
                Task t = mj.submit(IMAGINE);
                scheduler.advance(Duration.ofMinutes(2));
                assertThat(counting.submits.get()).as("MjProvider.submit calls by the engine").isEqualTo(1);
                assertThat(t.snapshot().status()).isIn(TaskStatus.UNKNOWN, TaskStatus.FAILED);
                Throwable failure = catchThrowable(() -> t.accepted().join());
                assertThat(failure).isInstanceOf(CompletionException.class);
                if (t.snapshot().status() == TaskStatus.UNKNOWN) {
                    assertThat(failure.getCause()).isInstanceOf(SubmitOutcomeUnknownException.class);
                }
            }
        }
    }

    private Mj engine(MjProviderFactory f, ManualScheduler scheduler) {
        ProviderConfig.Builder cfg = ProviderConfig.builder().baseUri(baseUri()).apiKey(API_KEY);
        options().forEach(cfg::option);
        callbackUri().ifPresent(cfg::callbackUri);
        return Mj.builder().registry(ProviderRegistry.of(f)).environment(Map.of())
                .provider(f.id(), cfg.build())
                .transport(JdkTransport.builder().requestTimeout(TIMEOUT).build().addSecret(API_KEY))
                .clock(scheduler.clock()).scheduler(scheduler).executor(scheduler).build();
    }

    /** The provider under test, counting the engine's submit calls. */
    private static final class CountingFactory implements MjProviderFactory {
        private final MjProviderFactory delegate;
        final AtomicInteger submits = new AtomicInteger();

        CountingFactory(MjProviderFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public ProviderDescriptor descriptor() {
            return delegate.descriptor();
        }

        @Override
        public MjProvider create(ProviderContext context) {
            MjProvider p = delegate.create(context);
            return new ForwardingProvider(p) {
                @Override
                public SubmitReceipt submit(SubmitRequest request) {
                    submits.incrementAndGet();
                    return p.submit(request);
                }
            };
        }
    }

    // ====================================================================== R7

    @Nested
    @DisplayName("R7 capabilities")
    class Capabilities {
        @TestFactory
        @DisplayName("R7.1 an undeclared action fails in the provider with UnsupportedActionException and zero requests")
        Stream<DynamicTest> undeclaredActions() {
            EnumSet<ActionKind> undeclared = EnumSet.complementOf(EnumSet.copyOf(descriptor().actions()));
            undeclared.remove(ActionKind.CUSTOM);
            List<DynamicTest> tests = new ArrayList<>();
            for (ActionKind kind : undeclared) {
                tests.add(check("R7.1 " + kind, () -> {
                    Action a = kind.isRoot() ? sampleRoot(kind) : sampleAction(sampleFollowUp(kind));
                    TaskSnapshot parent = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("parent-x")
                            .followUp(sampleFollowUp(kind)).build();
                    Throwable t = catchThrowable(() -> provider().submit(new SubmitRequest(a,
                            a.isFollowUp() ? Optional.of(parent) : Optional.empty(), "kit-ref-x")));
                    assertThat(t).isInstanceOf(UnsupportedActionException.class);
                    assertThat(requests()).isEmpty();
                }));
            }
            return tests.stream();
        }

        @Test
        @DisplayName("R7.2 undeclared features fail with UnsupportedActionException and zero requests")
        void undeclaredFeatures() {
            MjProvider p = provider();
            TaskRef ref = TaskRef.of("task-700", ActionKind.IMAGINE);
            Map<Feature, Runnable> calls = Map.of(
                    Feature.BATCH_FETCH, () -> p.fetchBatch(List.of(ref)),
                    Feature.CANCEL, () -> p.cancel(ref),
                    Feature.CALLBACKS, () -> p.parseCallback(Map.of(), "{}".getBytes(StandardCharsets.UTF_8)),
                    Feature.BALANCE, p::balance,
                    Feature.LOOKUP_BY_REFERENCE, () -> p.lookup("kit-ref-1"));
            calls.forEach((feature, call) -> {
                if (!descriptor().has(feature)) {
                    assertThat(catchThrowable(call::run)).as(feature + " is not declared").isInstanceOf(UnsupportedActionException.class);
                }
            });
            assertThat(requests()).isEmpty();
        }

        @Test
        @DisplayName("R7.3 through the engine, an undeclared root action fails before any request")
        void engineChecksCapabilities() {
            ManualScheduler scheduler = new ManualScheduler(ManualClock.atEpochOfTests());
            try (Mj mj = engine(factory(), scheduler)) {
                for (ActionKind kind : List.of(ActionKind.BLEND, ActionKind.DESCRIBE, ActionKind.SHORTEN)) {
                    if (!descriptor().supports(kind)) {
                        assertThat(catchThrowable(() -> mj.submit(sampleRoot(kind)))).isInstanceOf(UnsupportedActionException.class);
                    }
                }
                scheduler.runReady();
            }
            assertThat(requests()).isEmpty();
        }

        @TestFactory
        @DisplayName("R7.4 a declared batch fetch reads several tasks, unknown ones left out, in one request")
        Stream<DynamicTest> batchFetch() {
            return declared(Feature.BATCH_FETCH, "R7.4 a declared batch fetch reads several tasks, unknown ones left out,"
                    + " in one request", () -> {
                required(Feature.BATCH_FETCH, () -> stubs().batchFetched(wm, List.of("task-b1", "task-b2"), List.of("task-b9")));
                Map<String, TaskSnapshot> read = provider().fetchBatch(List.of(TaskRef.of("task-b1", ActionKind.IMAGINE),
                        TaskRef.of("task-b9", ActionKind.IMAGINE), TaskRef.of("task-b2", ActionKind.IMAGINE)));
                assertThat(read).as("tasks read").containsOnlyKeys("task-b1", "task-b2");
                read.forEach((id, s) -> {
                    assertThat(s.vendorTaskId()).as("vendor id of " + id).hasValue(id);
                    assertThat(s.status()).as("status of " + id).isEqualTo(TaskStatus.RUNNING);
                    assertThat(s.progress()).as("progress of " + id).hasValue(30);
                });
                assertThat(requests()).as("requests for one batch fetch").hasSize(1);
            });
        }

        @TestFactory
        @DisplayName("R7.5 a declared cancel sends the vendor's cancel request and returns a CANCELLED snapshot")
        Stream<DynamicTest> cancel() {
            return declared(Feature.CANCEL, "R7.5 a declared cancel sends the vendor's cancel request and returns a"
                    + " CANCELLED snapshot", () -> {
                required(Feature.CANCEL, () -> stubs().cancelled(wm, "task-c1"));
                TaskSnapshot s = provider().cancel(TaskRef.of("task-c1", ActionKind.IMAGINE));
                assertThat(s.status()).as("status after cancel").isEqualTo(TaskStatus.CANCELLED);
                s.vendorTaskId().ifPresent(id -> assertThat(id).as("vendor id").isEqualTo("task-c1"));
                assertThat(requests()).as("requests for one cancel").hasSize(1);
            });
        }

        @TestFactory
        @DisplayName("R7.6 a declared balance reads the vendor's amount and unit exactly, in one request")
        Stream<DynamicTest> balance() {
            return declared(Feature.BALANCE, "R7.6 a declared balance reads the vendor's amount and unit exactly, in one"
                    + " request", () -> {
                Balance[] expected = new Balance[1];
                required(Feature.BALANCE, () -> expected[0] = stubs().balance(wm));
                Balance b = provider().balance();
                assertThat(b.amount()).as("amount").isEqualByComparingTo(expected[0].amount());
                assertThat(b.unit()).as("unit").isEqualTo(expected[0].unit());
                assertThat(requests()).as("requests for one balance").hasSize(1);
            });
        }

        @TestFactory
        @DisplayName("R7.7 a declared lookup by client reference finds the task, or reports none")
        Stream<DynamicTest> lookup() {
            return Stream.concat(
                    declared(Feature.LOOKUP_BY_REFERENCE, "R7.7 a declared lookup by client reference finds the task [found]", () -> {
                        required(Feature.LOOKUP_BY_REFERENCE, () -> stubs().lookupFound(wm, "kit-ref-77", "task-l1"));
                        Optional<TaskSnapshot> found = provider().lookup("kit-ref-77");
                        assertThat(found).as("lookup of kit-ref-77").isPresent();
                        assertThat(found.get().vendorTaskId()).hasValue("task-l1");
                        assertThat(requests()).as("requests for one lookup").hasSize(1);
                    }),
                    declared(Feature.LOOKUP_BY_REFERENCE, "R7.7 a declared lookup by client reference reports none [not found]", () -> {
                        required(Feature.LOOKUP_BY_REFERENCE, () -> stubs().lookupNotFound(wm, "kit-ref-78"));
                        assertThat(provider().lookup("kit-ref-78")).as("lookup of kit-ref-78").isEmpty();
                        assertThat(requests()).as("requests for one lookup").hasSize(1);
                    }));
        }
    }

    /**
     * The one test of a declared feature's rule; none when the feature is not declared (R7.2 checks that side),
     * so an undeclared feature shows no skip.
     */
    private Stream<DynamicTest> declared(Feature feature, String rule, Executable body) {
        return descriptor().has(feature) ? Stream.of(check(rule, body)) : Stream.empty();
    }

    /** A declared feature's stubs are not optional: their absence fails the rule. */
    private static void required(Feature feature, Runnable stubs) {
        try {
            stubs.run();
        } catch (TestAbortedException notImplemented) {
            fail(feature + " is declared, so its stubs must exist: " + notImplemented.getMessage());
        }
    }

    static FollowUp sampleFollowUp(ActionKind kind) {
        return switch (kind) {
            case UPSCALE -> FollowUp.upscale(1);
            case VARIATION -> FollowUp.variation(1);
            case VARY -> FollowUp.of(kind, "STRONG");
            case UPSCALE_MORE -> FollowUp.of(kind, "SUBTLE");
            case PAN -> FollowUp.of(kind, "LEFT");
            default -> FollowUp.of(kind);
        };
    }

    // ====================================================================== R8

    @Nested
    @DisplayName("R8 callbacks")
    class CallbackRules {
        @TestFactory
        @DisplayName("R8.1 a success callback parses to a SUCCEEDED snapshot of that task, without any request")
        Stream<DynamicTest> success() {
            return declared(Feature.CALLBACKS, "R8.1 a success callback parses to a SUCCEEDED snapshot of that task, without any request", () -> {
                VendorStubs.CallbackPayload[] payload = new VendorStubs.CallbackPayload[1];
                required(Feature.CALLBACKS, () -> payload[0] = stubs().callbackSucceeded("task-800"));
                List<TaskSnapshot> snapshots = provider().parseCallback(payload[0].headers(), payload[0].body());
                assertThat(snapshots).anySatisfy(s -> {
                    assertThat(s.vendorTaskId()).hasValue("task-800");
                    assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
                });
                assertThat(requests()).isEmpty();
            });
        }

        @TestFactory
        @DisplayName("R8.2 a garbage callback body is a ProviderProtocolException")
        Stream<DynamicTest> garbage() {
            return declared(Feature.CALLBACKS, "R8.2 a garbage callback body is a ProviderProtocolException", () -> {
                Throwable t = catchThrowable(() -> provider().parseCallback(Map.of(), "<html>not json".getBytes(StandardCharsets.UTF_8)));
                assertThat(t).isInstanceOf(ProviderProtocolException.class);
            });
        }

        @TestFactory
        @DisplayName("R8.3 a submit sends the task's own callback URL (with its token), not the configured one")
        Stream<DynamicTest> perTaskCallbackUrl() {
            return declared(Feature.CALLBACKS, "R8.3 a submit sends the task's own callback URL (with its token), not the configured one", () -> {
                stubs().submitAccepted(wm, "task-802");
                URI own = URI.create("http://127.0.0.1:9/mj4j/callbacks/kit-ref-1?token=kit-token-R83");
                provider().submit(new SubmitRequest(IMAGINE, Optional.empty(), "kit-ref-1", Optional.of(own)));
                assertThat(requests()).singleElement().satisfies(e -> assertThat(e.getRequest().getBodyAsString())
                        .contains("kit-token-R83"));
            });
        }
    }

    // ====================================================================== R9

    @Nested
    @DisplayName("R9 secrets")
    class Secrets {
        @Test
        @DisplayName("R9.1 the key appears in no error message across the error scenarios")
        void noKeyInErrors() {
            List<Consumer<WireMock>> scenarios = new ArrayList<>(List.of(
                    w -> stubs().submitUnauthorized(w),
                    w -> stubs().submitRateLimited(w, "3"),
                    w -> stubs().submitServerError(w),
                    w -> stubs().submitInsufficientBalance(w),
                    w -> stubs().submitInvalidRequest(w),
                    w -> stubs().submitContentRejected(w),
                    w -> stubs().submitErrorInOkBody(w)));
            failingReplies().stream().filter(r -> !r.slow()).forEach(r -> scenarios.add(r.stubs()));
            int checked = 0;
            for (Consumer<WireMock> scenario : scenarios) {
                server.resetAll();
                try {
                    scenario.accept(wm);
                } catch (TestAbortedException notInVendor) {
                    continue;
                }
                assertNoKey(catchThrowable(() -> provider().submit(imagineRequest())));
                assertNoKey(catchThrowable(() -> fetchOk("task-900", ActionKind.IMAGINE)));
                checked++;
            }
            server.resetAll();
            stubs().malformedBody(wm, "task-900");
            assertNoKey(catchThrowable(() -> fetchOk("task-900", ActionKind.IMAGINE)));
            assertThat(checked).as("error scenarios checked").isGreaterThan(5);
        }

        @Test
        @DisplayName("R9.2 the key appears in no snapshot or receipt toString")
        void noKeyInValues() {
            stubs().submitAccepted(wm, "task-901");
            SubmitReceipt r = provider().submit(imagineRequest());
            server.resetAll();
            stubs().succeededGrid(wm, "task-901");
            TaskSnapshot s = fetchOk("task-901", ActionKind.IMAGINE);
            assertNoKey(r, s, s.vendorState());
        }
    }

    /** Base64 of a string, for stubs that need one. */
    protected static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
