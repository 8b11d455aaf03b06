package io.mj4j.testkit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.mj4j.core.JdkTransport;
import io.mj4j.core.Mj;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.ProviderRegistry;
import io.mj4j.core.Task;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.AuthenticationException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
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
 * Each test's display name starts with the rule id of {@code mj-testkit/CONFORMANCE.md}. Each test
 * gets a fresh WireMock server on loopback; the provider talks to it through the engine's
 * {@link JdkTransport} with the key {@link #API_KEY}.
 */
public abstract class ProviderConformanceKit {
    /** The API key the kit configures. Stubs should require it; it must never appear in an error or a toString. */
    public static final String API_KEY = "mj4j-kit-key-5Q9xT2vW";
    /** The raw prompt of the kit's imagine. */
    public static final String IMAGINE_PROMPT = "a red fox in fresh snow --ar 16:9 --v 7";
    /** The kit's imagine action. */
    public static final Action.Imagine IMAGINE = Action.Imagine.of(IMAGINE_PROMPT);
    /** The request timeout of the kit's transport. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** A 1x1 black PNG, for vary-region masks. */
    static final String TINY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==";

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

    /** A provider bound to the current server, with the kit's key and transport. */
    protected MjProvider provider() {
        return provider(JdkTransport.builder().requestTimeout(TIMEOUT).connectTimeout(TIMEOUT).build(), baseUri());
    }

    private MjProvider provider(JdkTransport transport, URI base) {
        transport.addSecret(API_KEY);
        return factory().create(new ProviderContext(factory().id(), base, Credentials.apiKey(API_KEY), transport,
                java.time.Clock.systemUTC(), callbackUri(), options()));
    }

    private ProviderDescriptor descriptor() {
        return factory().descriptor();
    }

    private List<ServeEvent> requests() {
        return server.getAllServeEvents();
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
        @Test
        @DisplayName("R3.1 running at n% maps to RUNNING with progress n")
        void running() {
            stubs().running(wm, "task-200", 42);
            TaskSnapshot s = fetchOk("task-200", ActionKind.IMAGINE);
            assertThat(s.status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(s.progress()).hasValue(42);
            assertThat(s.vendorTaskId()).hasValue("task-200");
        }

        @Test
        @DisplayName("R3.2 a finished grid maps to SUCCEEDED with an image and follow-ups U1..U4")
        void succeededGrid() {
            stubs().succeededGrid(wm, "task-201");
            TaskSnapshot s = fetchOk("task-201", ActionKind.IMAGINE);
            assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(s.result()).isPresent();
            assertThat(s.result().get().primaryImage()).isPresent();
            if (descriptor().supports(ActionKind.UPSCALE)) {
                assertThat(s.followUps()).contains(FollowUp.upscale(1), FollowUp.upscale(2), FollowUp.upscale(3), FollowUp.upscale(4));
            }
        }

        @Test
        @DisplayName("R3.3 a vendor failure maps to FAILED with a failure")
        void failedGeneric() {
            stubs().failedGeneric(wm, "task-202");
            TaskSnapshot s = fetchOk("task-202", ActionKind.IMAGINE);
            assertThat(s.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(s.failure()).isPresent();
            assertThat(s.failure().get().category()).isIn(FailureCategory.VENDOR_ERROR, FailureCategory.INVALID_REQUEST,
                    FailureCategory.PROMPT_REJECTED);
        }

        @Test
        @DisplayName("R3.4 a moderation failure maps to FAILED with PROMPT_REJECTED")
        void failedRejected() {
            stubs().failedPromptRejected(wm, "task-203");
            TaskSnapshot s = fetchOk("task-203", ActionKind.IMAGINE);
            assertThat(s.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(s.failure().map(f -> f.category())).hasValue(FailureCategory.PROMPT_REJECTED);
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
            assertNoKey(t);
        }

        @Test
        @DisplayName("R3.7 a queued task maps to QUEUED")
        void queued() {
            stubs().queued(wm, "task-206");
            assertThat(fetchOk("task-206", ActionKind.IMAGINE).status()).isEqualTo(TaskStatus.QUEUED);
        }

        @Test
        @DisplayName("R3.8 a finished upscale maps to SUCCEEDED with one image")
        void succeededImage() {
            stubs().succeededImage(wm, "task-207");
            TaskSnapshot s = fetchOk("task-207", ActionKind.UPSCALE);
            assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(s.result().flatMap(r -> r.primaryImage())).isPresent();
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
                tests.add(DynamicTest.dynamicTest("R4.1 " + kind, () -> {
                    TaskSnapshot parent = parentOffering(kind);
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
                tests.add(DynamicTest.dynamicTest("R4.2 " + kind, () ->
                        roundTrip(new SubmitRequest(sampleRoot(kind), Optional.empty(), "kit-ref-" + kind))));
            }
            return tests.stream();
        }

        private void roundTrip(SubmitRequest request) {
            stopVendor();
            startVendor();
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

    /** A finished parent (grid, else single image) that offers a follow-up of {@code kind}; fails the rule if none does. */
    private TaskSnapshot parentOffering(ActionKind kind) {
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

    @Nested
    @DisplayName("R5 errors")
    class Errors {
        private MjException submitError() {
            Throwable t = catchThrowable(() -> provider().submit(imagineRequest()));
            assertNoKey(t);
            return mjError(t);
        }

        @Test
        @DisplayName("R5.1 unauthorized is an AuthenticationException carrying the HTTP status")
        void unauthorized() {
            stubs().submitUnauthorized(wm);
            MjException e = submitError();
            assertThat(e).isInstanceOf(AuthenticationException.class);
            assertThat(e.mayHaveCreatedTask()).isFalse();
            assertThat(e.httpStatus()).isPresent();
        }

        @Test
        @DisplayName("R5.2 no balance is an InsufficientBalanceException")
        void balance() {
            stubs().submitInsufficientBalance(wm);
            MjException e = submitError();
            assertThat(e).isInstanceOf(InsufficientBalanceException.class);
            assertThat(e.mayHaveCreatedTask()).isFalse();
        }

        @Test
        @DisplayName("R5.3 rate limited is a RateLimitedException with the vendor's Retry-After")
        void rateLimited() {
            stubs().submitRateLimited(wm, 7);
            MjException e = submitError();
            assertThat(e).isInstanceOf(RateLimitedException.class);
            assertThat(e.mayHaveCreatedTask()).isFalse();
            assertThat(e.retryable()).isTrue();
            ((RateLimitedException) e).retryAfter().ifPresent(d -> assertThat(d).isEqualTo(Duration.ofSeconds(7)));
        }

        @Test
        @DisplayName("R5.4 a server error is a retryable ProviderUnavailableException")
        void serverError() {
            stubs().submitServerError(wm);
            MjException e = submitError();
            assertThat(e).isInstanceOf(ProviderUnavailableException.class);
            assertThat(e.retryable()).isTrue();
        }

        @Test
        @DisplayName("R5.5 an invalid request is an InvalidRequestException")
        void invalid() {
            stubs().submitInvalidRequest(wm);
            MjException e = submitError();
            assertThat(e).isInstanceOf(InvalidRequestException.class);
            assertThat(e.mayHaveCreatedTask()).isFalse();
        }

        @Test
        @DisplayName("R5.6 a prompt refused at submit is a ContentRejectedException")
        void rejected() {
            stubs().submitContentRejected(wm);
            MjException e = submitError();
            assertThat(e).isInstanceOf(ContentRejectedException.class);
        }
    }

    // ====================================================================== R6

    @Nested
    @DisplayName("R6 faults")
    class Faults {
        private void submitUnderFault(Fault fault) {
            wm.register(any(anyUrl()).willReturn(aResponse().withFault(fault)));
            Throwable t = catchThrowable(() -> provider().submit(imagineRequest()));
            MjException e = mjError(t);
            assertThat(e.mayHaveCreatedTask()).as("a submit that may have arrived must say so").isTrue();
            assertThat(requests()).as("the provider must not retry on its own").hasSize(1);
            assertNoKey(e);
        }

        @Test
        @DisplayName("R6.1 a connection reset during submit is reported as 'may have created a task', after one request")
        void reset() {
            submitUnderFault(Fault.CONNECTION_RESET_BY_PEER);
        }

        @Test
        @DisplayName("R6.2 an empty reply to a submit is reported as 'may have created a task', after one request")
        void empty() {
            submitUnderFault(Fault.EMPTY_RESPONSE);
        }

        @Test
        @DisplayName("R6.3 a malformed reply chunk to a submit is reported as 'may have created a task', after one request")
        void malformedChunk() {
            submitUnderFault(Fault.MALFORMED_RESPONSE_CHUNK);
        }

        @Test
        @DisplayName("R6.4 a reply slower than the timeout is reported as 'may have created a task', after one request")
        void slow() {
            wm.register(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(1500)));
            MjProvider p = provider(JdkTransport.builder().requestTimeout(Duration.ofMillis(300)).build(), baseUri());
            MjException e = mjError(catchThrowable(() -> p.submit(imagineRequest())));
            assertThat(e.mayHaveCreatedTask()).isTrue();
            assertThat(requests()).hasSize(1);
        }

        @Test
        @DisplayName("R6.5 a refused connection is reported as 'not sent' and retryable")
        void refused() throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            MjProvider p = provider(JdkTransport.builder().requestTimeout(TIMEOUT).build(), URI.create("http://127.0.0.1:" + port));
            MjException e = mjError(catchThrowable(() -> p.submit(imagineRequest())));
            assertThat(e.mayHaveCreatedTask()).isFalse();
            assertThat(e.retryable()).isTrue();
            assertThat(e).isInstanceOf(TransportException.class);
        }

        @Test
        @DisplayName("R6.6 a fetch under a reset fails with a retryable MjException (the engine polls again)")
        void fetchReset() {
            wm.register(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            MjException e = mjError(catchThrowable(() -> fetchOk("task-600", ActionKind.IMAGINE)));
            assertThat(e.retryable()).isTrue();
        }

        @Test
        @DisplayName("R6.7 through the engine, a reset submit is never sent twice")
        void engineNeverDuplicates() {
            wm.register(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            ManualScheduler scheduler = new ManualScheduler(ManualClock.atEpochOfTests());
            try (Mj mj = engine(scheduler)) {
                Task t = mj.submit(IMAGINE);
                scheduler.advance(Duration.ofMinutes(2));
                String firstUrl = requests().get(requests().size() - 1).getRequest().getUrl();
                String firstMethod = requests().get(requests().size() - 1).getRequest().getMethod().getName();
                long submits = requests().stream().filter(r -> r.getRequest().getUrl().equals(firstUrl)
                        && r.getRequest().getMethod().getName().equals(firstMethod)).count();
                assertThat(submits).as("submit requests").isEqualTo(1);
                assertThat(t.snapshot().status()).isIn(TaskStatus.UNKNOWN, TaskStatus.FAILED);
                Throwable failure = catchThrowable(() -> t.accepted().join());
                assertThat(failure).isInstanceOf(CompletionException.class);
                if (t.snapshot().status() == TaskStatus.UNKNOWN) {
                    assertThat(failure.getCause()).isInstanceOf(SubmitOutcomeUnknownException.class);
                }
            }
        }
    }

    private Mj engine(ManualScheduler scheduler) {
        ProviderConfig.Builder cfg = ProviderConfig.builder().baseUri(baseUri()).apiKey(API_KEY);
        options().forEach(cfg::option);
        callbackUri().ifPresent(cfg::callbackUri);
        return Mj.builder().registry(ProviderRegistry.of(factory())).environment(Map.of())
                .provider(factory().id(), cfg.build())
                .transport(JdkTransport.builder().requestTimeout(TIMEOUT).build().addSecret(API_KEY))
                .clock(scheduler.clock()).scheduler(scheduler).executor(scheduler).build();
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
                tests.add(DynamicTest.dynamicTest("R7.1 " + kind, () -> {
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
            try (Mj mj = engine(scheduler)) {
                for (ActionKind kind : List.of(ActionKind.BLEND, ActionKind.DESCRIBE, ActionKind.SHORTEN)) {
                    if (!descriptor().supports(kind)) {
                        assertThat(catchThrowable(() -> mj.submit(sampleRoot(kind)))).isInstanceOf(UnsupportedActionException.class);
                    }
                }
                scheduler.runReady();
            }
            assertThat(requests()).isEmpty();
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
        @Test
        @DisplayName("R8.1 a success callback parses to a SUCCEEDED snapshot of that task, without any request")
        void success() {
            if (!descriptor().has(Feature.CALLBACKS)) {
                throw new TestAbortedException("the provider declares no CALLBACKS");
            }
            VendorStubs.CallbackPayload payload = stubs().callbackSucceeded("task-800");
            List<TaskSnapshot> snapshots = provider().parseCallback(payload.headers(), payload.body());
            assertThat(snapshots).anySatisfy(s -> {
                assertThat(s.vendorTaskId()).hasValue("task-800");
                assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
            });
            assertThat(requests()).isEmpty();
        }

        @Test
        @DisplayName("R8.3 a submit sends the task's own callback URL (with its token), not the configured one")
        void perTaskCallbackUrl() {
            if (!descriptor().has(Feature.CALLBACKS)) {
                throw new TestAbortedException("the provider declares no CALLBACKS");
            }
            stubs().submitAccepted(wm, "task-802");
            URI own = URI.create("http://127.0.0.1:9/mj4j/callbacks/kit-ref-1?token=kit-token-R83");
            provider().submit(new SubmitRequest(IMAGINE, Optional.empty(), "kit-ref-1", Optional.of(own)));
            assertThat(requests()).singleElement().satisfies(e -> assertThat(e.getRequest().getBodyAsString())
                    .contains("kit-token-R83"));
        }

        @Test
        @DisplayName("R8.2 a garbage callback body is a ProviderProtocolException")
        void garbage() {
            if (!descriptor().has(Feature.CALLBACKS)) {
                throw new TestAbortedException("the provider declares no CALLBACKS");
            }
            Throwable t = catchThrowable(() -> provider().parseCallback(Map.of(), "<html>not json".getBytes(StandardCharsets.UTF_8)));
            assertThat(t).isInstanceOf(ProviderProtocolException.class);
        }
    }

    // ====================================================================== R9

    @Nested
    @DisplayName("R9 secrets")
    class Secrets {
        @Test
        @DisplayName("R9.1 the key appears in no error message across the error scenarios")
        void noKeyInErrors() {
            List<Runnable> scenarios = List.of(
                    () -> stubs().submitUnauthorized(wm),
                    () -> stubs().submitRateLimited(wm, 3),
                    () -> stubs().submitServerError(wm));
            for (Runnable scenario : scenarios) {
                server.resetAll();
                scenario.run();
                assertNoKey(catchThrowable(() -> provider().submit(imagineRequest())));
            }
            server.resetAll();
            stubs().malformedBody(wm, "task-900");
            assertNoKey(catchThrowable(() -> fetchOk("task-900", ActionKind.IMAGINE)));
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
