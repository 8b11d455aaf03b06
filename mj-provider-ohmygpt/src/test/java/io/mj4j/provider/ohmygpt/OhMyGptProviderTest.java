package io.mj4j.provider.ohmygpt;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mj4j.core.JdkTransport;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.Balance;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.UnsupportedActionException;
import io.mj4j.testkit.ProviderConformanceKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.mj4j.provider.ohmygpt.OhMyGptStubs.ACTION;
import static io.mj4j.provider.ohmygpt.OhMyGptStubs.BALANCE;
import static io.mj4j.provider.ohmygpt.OhMyGptStubs.IMAGINE;
import static io.mj4j.provider.ohmygpt.OhMyGptStubs.QUERY;
import static io.mj4j.provider.ohmygpt.OhMyGptStubs.accepted;
import static io.mj4j.provider.ohmygpt.OhMyGptStubs.fixture;
import static io.mj4j.provider.ohmygpt.OhMyGptStubs.jobId;
import static io.mj4j.provider.ohmygpt.OhMyGptStubs.json;
import static io.mj4j.provider.ohmygpt.OhMyGptStubs.ok;
import static io.mj4j.provider.ohmygpt.OhMyGptStubs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The OhMyGPT quirks, through the public provider API against a loopback WireMock. */
@DisplayName("The OhMyGPT provider")
class OhMyGptProviderTest {
    private static final String KEY = ProviderConformanceKit.API_KEY;
    private static final URI CALLBACK = URI.create("https://app.example/omg-hook?k=secret");

    private WireMockServer server;
    private WireMock wm;

    @BeforeEach
    void start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        wm = new WireMock(server);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private MjProvider provider(Map<String, String> options) {
        JdkTransport transport = JdkTransport.builder().requestTimeout(Duration.ofSeconds(2)).build().addSecret(KEY);
        return new OhMyGptProviderFactory().create(new ProviderContext("ohmygpt", URI.create(server.baseUrl()),
                Credentials.apiKey(KEY), transport, Clock.systemUTC(), Optional.of(CALLBACK), options));
    }

    private MjProvider provider() {
        return provider(Map.of());
    }

    private TaskSnapshot fetch(String fixtureName, String id, Map<String, String> values, ActionKind kind) {
        OhMyGptStubs.query(wm, id, task(fixtureName, id, values));
        return provider().fetch(TaskRef.of(id, kind));
    }

    private TaskSnapshot finishedGrid(String id, String pool) {
        return fetch("task-success-grid.json", id, Map.of("__POOL__", pool, "__S3_URL__", "null"), ActionKind.IMAGINE);
    }

    private TaskSnapshot finishedUpscale(String id) {
        return fetch("task-success-upscale.json", id, Map.of("__POOL__", "FAST", "__PARENT__", "1"), ActionKind.UPSCALE);
    }

    private List<LoggedRequest> sent(String path) {
        return server.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    private MjException imagineFails(int httpStatus, String body) {
        wm.register(post(urlPathEqualTo(IMAGINE)).willReturn(json(httpStatus, body)));
        Throwable t = catchThrowable(() -> provider().submit(new SubmitRequest(Action.Imagine.of("a fox"), Optional.empty(), "ref-1")));
        assertThat(t).isInstanceOf(MjException.class);
        assertThat(t.getMessage()).doesNotContain(KEY);
        return (MjException) t;
    }

    @Nested
    @DisplayName("maps status words through one table")
    class StatusWords {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"NOT_START, QUEUED", "SUBMITTED, QUEUED", "IN_PROGRESS, RUNNING", "in_progress, RUNNING",
                "MODAL, NEEDS_INPUT", "SUCCESS, SUCCEEDED", "FAILURE, FAILED", "CANCEL, CANCELLED"})
        @DisplayName("every known word maps to its TaskStatus")
        void knownWords(String word, TaskStatus expected) {
            TaskSnapshot s = fetch("task-status.json", "3432", Map.of("__STATUS__", word), ActionKind.IMAGINE);
            assertThat(s.status()).isEqualTo(expected);
            assertThat(s.vendorStatus()).hasValue(word);
        }

        @Test
        @DisplayName("an unknown word is a ProviderProtocolException naming it")
        void unknownWord() {
            OhMyGptStubs.query(wm, "3432", task("task-status.json", "3432", Map.of("__STATUS__", "PAUSED_BY_ADMIN")));
            Throwable t = catchThrowable(() -> provider().fetch(TaskRef.of("3432", ActionKind.IMAGINE)));
            assertThat(t).isInstanceOf(ProviderProtocolException.class).hasMessageContaining("PAUSED_BY_ADMIN");
        }

        @Test
        @DisplayName("a failReason ends a task that still says IN_PROGRESS (§6)")
        void failReasonWins() {
            String body = task("task-status.json", "3432", Map.of("__STATUS__", "IN_PROGRESS"))
                    .replace("\"failReason\":null", "\"failReason\":\"Job timed out\"");
            OhMyGptStubs.query(wm, "3432", body);
            TaskSnapshot s = provider().fetch(TaskRef.of("3432", ActionKind.IMAGINE));
            assertThat(s.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(s.failure().orElseThrow().vendorMessage()).isEqualTo("Job timed out");
        }

        @Test
        @DisplayName("a running task reports its percentage and the Discord preview")
        void running() {
            TaskSnapshot s = fetch("task-in-progress.json", "3432", Map.of("__PERCENT__", "46"), ActionKind.IMAGINE);
            assertThat(s.status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(s.progress()).hasValue(46);
            assertThat(s.previewUrl()).isPresent();
            assertThat(s.result()).isEmpty();
        }

        @Test
        @DisplayName("a banned prompt fails as PROMPT_REJECTED, another reason as VENDOR_ERROR")
        void failureCategories() {
            assertThat(fetch("task-failure.json", "1", Map.of("__REASON__", "Banned prompt detected"), ActionKind.IMAGINE)
                    .failure().orElseThrow().category()).isEqualTo(FailureCategory.PROMPT_REJECTED);
            assertThat(fetch("task-failure.json", "2", Map.of("__REASON__", "Midjourney is down"), ActionKind.IMAGINE)
                    .failure().orElseThrow().category()).isEqualTo(FailureCategory.VENDOR_ERROR);
        }

        @Test
        @DisplayName("an answer about another task id is a ProviderProtocolException")
        void otherTask() {
            OhMyGptStubs.query(wm, "3432", task("task-not-start.json", "9999", Map.of()));
            assertThat(catchThrowable(() -> provider().fetch(TaskRef.of("3432", ActionKind.IMAGINE))))
                    .isInstanceOf(ProviderProtocolException.class).hasMessageContaining("9999");
        }

        @Test
        @DisplayName("a task object of the wrong shape is a ProviderProtocolException, not a Jackson crash")
        void wrongShape() {
            OhMyGptStubs.query(wm, "3432", "{\"statusCode\":200,\"message\":\"Success\",\"data\":{\"taskId\":3432,\"actions\":\"U1\"}}");
            assertThat(catchThrowable(() -> provider().fetch(TaskRef.of("3432", ActionKind.IMAGINE))))
                    .isInstanceOf(ProviderProtocolException.class);
        }
    }

    @Nested
    @DisplayName("reads finished tasks")
    class Results {
        @Test
        @DisplayName("a grid offers U1-U4, V1-V4 and reroll and keeps every button id and the pool in vendor state")
        void grid() {
            TaskSnapshot s = finishedGrid("3432", "FAST");
            assertThat(s.result().orElseThrow().grid()).isPresent();
            assertThat(s.followUps()).containsExactlyInAnyOrder(FollowUp.upscale(1), FollowUp.upscale(2), FollowUp.upscale(3),
                    FollowUp.upscale(4), FollowUp.variation(1), FollowUp.variation(2), FollowUp.variation(3), FollowUp.variation(4),
                    FollowUp.of(ActionKind.REROLL));
            assertThat(s.vendorState()).containsEntry("taskType", "FAST")
                    .containsEntry("customId.0", "MJ::JOB::upsample::1::" + jobId("3432")).hasSize(10);
            assertThat(s.usage()).isEmpty();
        }

        @Test
        @DisplayName("an upscale is one image offering vary, the upscalers, zoom and pan, but not the undeclared vary region")
        void upscale() {
            TaskSnapshot s = finishedUpscale("3440");
            assertThat(s.result().orElseThrow().images()).hasSize(1);
            assertThat(s.followUps()).containsExactlyInAnyOrder(FollowUp.of(ActionKind.VARY, "SUBTLE"),
                    FollowUp.of(ActionKind.VARY, "STRONG"), FollowUp.of(ActionKind.UPSCALE_MORE, "SUBTLE"),
                    FollowUp.of(ActionKind.UPSCALE_MORE, "CREATIVE"), FollowUp.of(ActionKind.ZOOM),
                    FollowUp.of(ActionKind.PAN, "LEFT"), FollowUp.of(ActionKind.PAN, "RIGHT"), FollowUp.of(ActionKind.PAN, "UP"),
                    FollowUp.of(ActionKind.PAN, "DOWN"));
        }

        @Test
        @DisplayName("the object-storage copy is preferred, the Discord URL with prefer_image=discord (§13)")
        void imageChoice() {
            String s3 = "\"https://s3.ohmygpt.example/mj/3432.png\"";
            OhMyGptStubs.query(wm, "3432", task("task-success-grid.json", "3432", Map.of("__POOL__", "FAST", "__S3_URL__", s3)));
            assertThat(provider().fetch(TaskRef.of("3432", ActionKind.IMAGINE)).result().orElseThrow().primaryImage())
                    .hasValue(URI.create("https://s3.ohmygpt.example/mj/3432.png"));
            assertThat(provider(Map.of("prefer_image", "discord")).fetch(TaskRef.of("3432", ActionKind.IMAGINE)).result()
                    .orElseThrow().primaryImage().orElseThrow().getHost()).isEqualTo("cdn.discordapp.com");
        }

        @Test
        @DisplayName("a SUCCESS without any image URL is a ProviderProtocolException")
        void successWithoutImage() {
            String body = task("task-status.json", "3432", Map.of("__STATUS__", "SUCCESS"))
                    .replace("\"https://cdn.discordapp.com/attachments/1/2/x.png\"", "null");
            OhMyGptStubs.query(wm, "3432", body);
            assertThat(catchThrowable(() -> provider().fetch(TaskRef.of("3432", ActionKind.IMAGINE))))
                    .isInstanceOf(ProviderProtocolException.class);
        }
    }

    @Nested
    @DisplayName("sends imagine")
    class Imagine {
        @Test
        @DisplayName("as JSON with model=midjourney, the rendered prompt, pool FAST, the webhook and a Bearer key")
        void shape() {
            wm.register(post(urlPathEqualTo(IMAGINE)).willReturn(ok(accepted("3432"))));
            String id = provider().submit(new SubmitRequest(Action.Imagine.of("https://img.example/a.png a fox --ar 3:2"),
                    Optional.empty(), "ref-1")).vendorTaskId();
            assertThat(id).isEqualTo("3432");
            wm.verifyThat(postRequestedFor(urlPathEqualTo(IMAGINE))
                    .withHeader("Authorization", equalTo("Bearer " + KEY))
                    .withHeader("Content-Type", equalTo("application/json"))
                    .withRequestBody(matchingJsonPath("$.model", equalTo("midjourney")))
                    .withRequestBody(matchingJsonPath("$.prompt", equalTo("https://img.example/a.png a fox --ar 3:2")))
                    .withRequestBody(matchingJsonPath("$.type", equalTo("FAST")))
                    .withRequestBody(matchingJsonPath("$.webhook", equalTo(CALLBACK.toString()))));
        }

        @Test
        @DisplayName("a --relax prompt goes to the NORMAL pool without the flag; option pool=NORMAL does the same")
        void relax() {
            wm.register(post(urlPathEqualTo(IMAGINE)).willReturn(ok(accepted("1"))));
            provider().submit(new SubmitRequest(Action.Imagine.of("a fox --relax"), Optional.empty(), "ref-1"));
            provider(Map.of("pool", "normal")).submit(new SubmitRequest(Action.Imagine.of("a fox"), Optional.empty(), "ref-2"));
            assertThat(sent(IMAGINE)).hasSize(2).allSatisfy(r -> {
                assertThat(r.getBodyAsString()).contains("\"type\":\"NORMAL\"").contains("\"prompt\":\"a fox\"");
            });
        }

        @Test
        @DisplayName("a --turbo prompt is unsupported and sends nothing")
        void turbo() {
            Throwable t = catchThrowable(() -> provider().submit(new SubmitRequest(Action.Imagine.of("a fox --turbo"),
                    Optional.empty(), "ref-1")));
            assertThat(t).isInstanceOf(UnsupportedActionException.class);
            assertThat(server.getAllServeEvents()).isEmpty();
        }

        @Test
        @DisplayName("blend and describe are unsupported and send nothing")
        void rootsNotDeclared() {
            Action blend = new Action.Blend(List.of(URI.create("https://img.example/a.png"), URI.create("https://img.example/b.png")),
                    Action.BlendShape.SQUARE);
            assertThat(catchThrowable(() -> provider().submit(new SubmitRequest(blend, Optional.empty(), "r"))))
                    .isInstanceOf(UnsupportedActionException.class);
            assertThat(catchThrowable(() -> provider().submit(new SubmitRequest(new Action.Describe(
                    URI.create("https://img.example/a.png")), Optional.empty(), "r")))).isInstanceOf(UnsupportedActionException.class);
            assertThat(server.getAllServeEvents()).isEmpty();
        }
    }

    @Nested
    @DisplayName("sends follow-ups with the parent's own ids")
    class FollowUps {
        private String submit(Action action, TaskSnapshot parent) {
            wm.register(post(urlPathEqualTo(ACTION)).willReturn(ok(accepted("3440"))));
            return provider().submit(new SubmitRequest(action, Optional.of(parent), "ref-f")).vendorTaskId();
        }

        @Test
        @DisplayName("U2 sends the parent's task id, its upsample::2 customId and the parent's NORMAL pool")
        void upscale() {
            TaskSnapshot parent = finishedGrid("3432", "NORMAL");
            server.resetRequests();
            assertThat(submit(new Action.Upscale(2), parent)).isEqualTo("3440");
            wm.verifyThat(postRequestedFor(urlPathEqualTo(ACTION))
                    .withHeader("Authorization", equalTo("Bearer " + KEY))
                    .withRequestBody(matchingJsonPath("$.model", equalTo("midjourney")))
                    .withRequestBody(matchingJsonPath("$.taskId", equalTo("3432")))
                    .withRequestBody(matchingJsonPath("$.customId", equalTo("MJ::JOB::upsample::2::" + jobId("3432"))))
                    .withRequestBody(matchingJsonPath("$.type", equalTo("NORMAL")))
                    .withRequestBody(matchingJsonPath("$.webhook", equalTo(CALLBACK.toString()))));
        }

        @Test
        @DisplayName("zoom 1.5x presses Outpaint::75; make square without its button and zoom 1.25x are unsupported")
        void zoom() {
            TaskSnapshot parent = finishedUpscale("3440");
            server.resetRequests();
            submit(Action.Zoom.out(1.5), parent);
            assertThat(sent(ACTION)).singleElement().satisfies(r ->
                    assertThat(r.getBodyAsString()).contains("MJ::Outpaint::75::1::" + jobId("3440") + "::SOLO"));
            server.resetRequests();
            assertThat(catchThrowable(() -> submit(Action.Zoom.makeSquare(), parent))).isInstanceOf(UnsupportedActionException.class);
            assertThat(catchThrowable(() -> submit(Action.Zoom.out(1.25), parent))).isInstanceOf(UnsupportedActionException.class);
            assertThat(sent(ACTION)).isEmpty();
        }

        @Test
        @DisplayName("pan presses the direction's button; pan with a new prompt is unsupported and sends nothing")
        void pan() {
            TaskSnapshot parent = finishedUpscale("3440");
            server.resetRequests();
            submit(new Action.Pan(Action.Direction.UP), parent);
            assertThat(sent(ACTION)).singleElement().satisfies(r ->
                    assertThat(r.getBodyAsString()).contains("MJ::JOB::pan_up::1::" + jobId("3440") + "::SOLO"));
            server.resetRequests();
            assertThat(catchThrowable(() -> submit(new Action.Pan(Action.Direction.UP, Optional.of("a castle")), parent)))
                    .isInstanceOf(UnsupportedActionException.class);
            assertThat(sent(ACTION)).isEmpty();
        }

        @Test
        @DisplayName("a Custom action presses an offered button with its extra fields; an unoffered or root one sends nothing")
        void custom() {
            TaskSnapshot parent = finishedUpscale("3440");
            server.resetRequests();
            String inpaint = "MJ::Inpaint::1::" + jobId("3440") + "::SOLO";
            submit(new Action.Custom(inpaint, Map.of("base64Mask", "data:image/png;base64,AAAA"), true), parent);
            wm.verifyThat(postRequestedFor(urlPathEqualTo(ACTION))
                    .withRequestBody(matchingJsonPath("$.customId", equalTo(inpaint)))
                    .withRequestBody(matchingJsonPath("$.base64Mask", equalTo("data:image/png;base64,AAAA"))));
            server.resetRequests();
            assertThat(catchThrowable(() -> submit(new Action.Custom("MJ::JOB::made_up::1", Map.of(), true), parent)))
                    .isInstanceOf(UnsupportedActionException.class);
            assertThat(catchThrowable(() -> submit(new Action.Custom(inpaint, Map.of("taskId", "1"), true), parent)))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("taskId");
            assertThat(catchThrowable(() -> provider().submit(new SubmitRequest(new Action.Custom(inpaint, Map.of(), false),
                    Optional.empty(), "r")))).isInstanceOf(UnsupportedActionException.class);
            assertThat(sent(ACTION)).isEmpty();
        }

        @Test
        @DisplayName("a parent without button ids in its vendor state is an InvalidRequestException, before any request")
        void foreignParent() {
            TaskSnapshot parent = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("77").followUp(FollowUp.upscale(1)).build();
            assertThat(catchThrowable(() -> submit(new Action.Upscale(1), parent))).isInstanceOf(InvalidRequestException.class);
            assertThat(server.getAllServeEvents()).isEmpty();
        }
    }

    @Nested
    @DisplayName("maps error shapes")
    class Errors {
        @Test
        @DisplayName("statusCode 401 inside an HTTP 200 is an AuthenticationException (§4)")
        void authInside200() {
            MjException e = imagineFails(200, "{\"statusCode\":401,\"message\":\"Invalid token\",\"data\":null}");
            assertThat(e).isInstanceOf(AuthenticationException.class);
            assertThat(e.httpStatus()).hasValue(401);
            assertThat(e.vendorCode()).hasValue("statusCode=401");
            assertThat(e.mayHaveCreatedTask()).isFalse();
        }

        @Test
        @DisplayName("errorType insufficient_balance_error inside an HTTP 200 is an InsufficientBalanceException")
        void balanceInside200() {
            MjException e = imagineFails(200, fixture("error-insufficient-balance.json"));
            assertThat(e).isInstanceOf(InsufficientBalanceException.class);
            assertThat(e.vendorCode()).hasValue("insufficient_balance_error");
        }

        @Test
        @DisplayName("HTTP 429 is a RateLimitedException carrying Retry-After")
        void rateLimited() {
            wm.register(post(urlPathEqualTo(IMAGINE)).willReturn(json(429, "{\"statusCode\":429,\"message\":\"slow down\",\"data\":null}")
                    .withHeader("Retry-After", "7")));
            Throwable t = catchThrowable(() -> provider().submit(new SubmitRequest(Action.Imagine.of("a fox"), Optional.empty(), "r")));
            assertThat(t).isInstanceOf(RateLimitedException.class);
            assertThat(((RateLimitedException) t).retryAfter()).hasValue(Duration.ofSeconds(7));
        }

        @Test
        @DisplayName("statusCode 400 is a ContentRejectedException for a banned prompt and an InvalidRequestException otherwise")
        void badRequest() {
            assertThat(imagineFails(200, "{\"statusCode\":400,\"message\":\"Prompt contains sensitive words\",\"data\":null}"))
                    .isInstanceOf(ContentRejectedException.class);
            server.resetAll();
            assertThat(imagineFails(200, "{\"statusCode\":400,\"message\":\"prompt is required\",\"data\":null}"))
                    .isInstanceOf(InvalidRequestException.class);
        }

        @Test
        @DisplayName("an HTML 502 may have created the task; a 503 did not")
        void unavailable() {
            MjException e502 = imagineFails(502, "<html><body>Bad gateway</body></html>");
            assertThat(e502).isInstanceOf(ProviderUnavailableException.class);
            assertThat(e502.mayHaveCreatedTask()).isTrue();
            server.resetAll();
            MjException e503 = imagineFails(503, "<html>maintenance</html>");
            assertThat(e503.mayHaveCreatedTask()).isFalse();
            assertThat(e503.retryable()).isTrue();
        }

        @Test
        @DisplayName("success without data, or a body that is not JSON, is a ProviderProtocolException")
        void protocol() {
            assertThat(imagineFails(200, "{\"statusCode\":200,\"message\":\"Success\",\"data\":null}"))
                    .isInstanceOf(ProviderProtocolException.class);
            server.resetAll();
            MjException e = imagineFails(200, "<html>captcha</html>");
            assertThat(e).isInstanceOf(ProviderProtocolException.class);
            assertThat(e.mayHaveCreatedTask()).isTrue();
        }

        @Test
        @DisplayName("a long vendor message is truncated")
        void truncated() {
            String longMessage = "x".repeat(5000);
            MjException e = imagineFails(200, "{\"statusCode\":400,\"message\":\"" + longMessage + "\",\"data\":null}");
            assertThat(e.getMessage().length()).isLessThan(1000);
        }
    }

    @Nested
    @DisplayName("validates its options in create()")
    class Options {
        @Test
        @DisplayName("a bad pool, a bad prefer_image and an unknown key are refused by name")
        void refused() {
            assertThat(catchThrowable(() -> provider(Map.of("pool", "TURBO")))).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("pool");
            assertThat(catchThrowable(() -> provider(Map.of("prefer_image", "wsrv")))).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("prefer_image");
            assertThat(catchThrowable(() -> provider(Map.of("pol", "FAST")))).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("pol");
            assertThat(server.getAllServeEvents()).isEmpty();
        }

        @Test
        @DisplayName("the documented values are accepted in any case")
        void accepted() {
            Map<String, String> options = new HashMap<>();
            options.put("pool", "Normal");
            options.put("prefer_image", "DISCORD");
            assertThat(provider(options).toString()).contains("NORMAL").doesNotContain(KEY);
        }
    }

    @Nested
    @DisplayName("reads webhooks and the balance")
    class CallbacksAndBalance {
        @Test
        @DisplayName("a webhook body is read bare or wrapped in the envelope (§8, §14)")
        void callbacks() {
            String wrapped = task("task-success-grid.json", "3432", Map.of("__POOL__", "FAST", "__S3_URL__", "null"));
            List<TaskSnapshot> fromWrapped = provider().parseCallback(Map.of(), wrapped.getBytes(StandardCharsets.UTF_8));
            assertThat(fromWrapped).singleElement().satisfies(s -> {
                assertThat(s.vendorTaskId()).hasValue("3432");
                assertThat(s.status()).isEqualTo(TaskStatus.SUCCEEDED);
            });
            byte[] bare = new OhMyGptStubs().callbackSucceeded("3432").body();
            assertThat(provider().parseCallback(Map.of(), bare)).isEqualTo(fromWrapped);
            assertThat(catchThrowable(() -> provider().parseCallback(Map.of(), "[1,2]".getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(ProviderProtocolException.class);
            assertThat(server.getAllServeEvents()).isEmpty();
        }

        @Test
        @DisplayName("the balance string is read in OhMyGPT's token unit")
        void balance() {
            wm.register(post(urlPathEqualTo(BALANCE)).withHeader("Authorization", equalTo("Bearer " + KEY))
                    .willReturn(ok("{\"statusCode\":200,\"data\":{\"balance\":\"3400000\",\"free_balance\":\"0\"}}")));
            Balance b = provider().balance();
            assertThat(b.amount()).isEqualByComparingTo(new BigDecimal("3400000"));
            assertThat(b.unit()).isEqualTo("ohmygpt-tokens");
        }

        @Test
        @DisplayName("a key without management rights gets an AuthenticationException from balance")
        void balanceUnauthorized() {
            wm.register(post(urlPathEqualTo(BALANCE)).willReturn(ok("{\"statusCode\":401,\"message\":\"Invalid account token\",\"data\":null}")));
            assertThat(catchThrowable(() -> provider().balance())).isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    @DisplayName("queries a task with POST /query carrying model and taskId")
    void queryShape() {
        finishedGrid("3432", "FAST");
        wm.verifyThat(postRequestedFor(urlPathEqualTo(QUERY)).withRequestBody(matchingJsonPath("$.taskId", equalTo("3432")))
                .withRequestBody(matchingJsonPath("$.model", equalTo("midjourney"))));
    }
}
