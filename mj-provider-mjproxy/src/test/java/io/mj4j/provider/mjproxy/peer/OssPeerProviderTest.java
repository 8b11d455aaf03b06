package io.mj4j.provider.mjproxy.peer;

import io.mj4j.testkit.peer.PeerServer;

import io.mj4j.provider.mjproxy.MjProxyProvider;
import io.mj4j.provider.mjproxy.MjProxyProviderFactory;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.Credentials;
import io.mj4j.spi.Feature;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderDescriptor;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskNotFoundException;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.UnsupportedActionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The provider against the real OSS v2.6.3 server (shared/peers): every answer its README lists, the base URL
 * with and without {@code /mj}, and lineage detection. One server for the whole class.
 */
@DisplayName("mjproxy provider against the real midjourney-proxy OSS 2.6.3 server")
class OssPeerProviderTest {
    @RegisterExtension
    static final PeerServer PEER = new PeerServer();

    private final Recording transport = new Recording();
    private final MjProxyProviderFactory factory = new MjProxyProviderFactory();

    private MjProxyProvider provider(URI base, Map<String, String> options, String secret) {
        return (MjProxyProvider) factory.create(new ProviderContext("mjproxy", base, Credentials.apiKey(secret), transport,
                Clock.systemUTC(), Optional.empty(), options));
    }

    private MjProxyProvider provider(Map<String, String> options) {
        return provider(PEER.root(), options, PeerServer.SECRET);
    }

    private static SubmitRequest root(Action a) {
        return new SubmitRequest(a, Optional.empty(), "ref-" + System.nanoTime());
    }

    /** A finished parent as the engine would hold it: an imagine grid offering U1..U4 through button customIds. */
    private static SubmitRequest followUp(Action a, String parentId) {
        TaskSnapshot.Builder b = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId(parentId).progress(100);
        for (int i = 1; i <= 4; i++) {
            b.followUp(FollowUp.upscale(i)).vendorState("customId:UPSCALE:" + i, "MJ::JOB::upsample::" + i + "::3785da15");
        }
        b.followUp(FollowUp.of(ActionKind.SEED)).followUp(FollowUp.of(ActionKind.ZOOM))
                .vendorState("customId:ZOOM:2x", "MJ::Outpaint::50::1::3785da15::SOLO");
        return new SubmitRequest(a, Optional.of(b.build()), "ref-" + System.nanoTime());
    }

    @Nested
    @DisplayName("root submits")
    class Submits {
        @Test
        @DisplayName("imagine without an account: code 3 -> unavailable, nothing created, the Chinese text with its English gloss and the request named")
        void noAccount() {
            ProviderUnavailableException e = catchThrowableOfType(() -> provider(Map.of()).submit(root(Action.Imagine.of("a red fox"))),
                    ProviderUnavailableException.class);
            assertThat(e.vendorCode()).hasValue("3");
            assertThat(e.mayHaveCreatedTask()).isFalse();
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("无可用的账号实例").contains("English: no account instance available")
                    .contains("POST /mj/submit/imagine");
            assertThat(transport.sent()).containsExactly("POST /mj/submit/imagine");
        }

        @Test
        @DisplayName("a wrong secret: HTTP 401 with an empty body -> authentication error naming the request")
        void wrongSecret() {
            AuthenticationException e = catchThrowableOfType(() -> provider(PEER.root(), Map.of(), "wrong")
                    .submit(root(Action.Imagine.of("a red fox"))), AuthenticationException.class);
            assertThat(e.httpStatus()).hasValue(401);
            assertThat(e.getMessage()).contains("POST /mj/submit/imagine");
        }

        @Test
        @DisplayName("a banned word: code 24 -> content rejected naming the word, glossed")
        void bannedWord() {
            ContentRejectedException e = catchThrowableOfType(() -> provider(Map.of()).submit(root(Action.Imagine.of("a nude statue"))),
                    ContentRejectedException.class);
            assertThat(e.vendorCode()).hasValue("24");
            assertThat(e.getMessage()).contains("banned word: nude").contains("可能包含敏感词").contains("English: may contain a banned word");
        }

        @Test
        @DisplayName("describe by URL on a server that takes base64 only: code 4 -> invalid request, glossed")
        void describeByUrl() {
            InvalidRequestException e = catchThrowableOfType(() -> provider(Map.of())
                    .submit(root(new Action.Describe(URI.create("https://img.example/a.png")))), InvalidRequestException.class);
            assertThat(e.vendorCode()).hasValue("4");
            assertThat(e.getMessage()).contains("base64不能为空").contains("English: base64 must not be empty")
                    .contains("POST /mj/submit/describe");
        }
    }

    @Nested
    @DisplayName("base URL with and without /mj")
    class BaseUrl {
        @Test
        @DisplayName("http://host:port/mj (as the server's docs write it) reaches /mj/submit/imagine, not /mj/mj/...")
        void withContextPath() {
            catchThrowableOfType(() -> provider(PEER.withContextPath(), Map.of(), PeerServer.SECRET)
                    .submit(root(Action.Imagine.of("a red fox"))), ProviderUnavailableException.class);
            assertThat(transport.sent()).containsExactly("POST /mj/submit/imagine");
        }

        @Test
        @DisplayName("an explicit path_prefix=/mj on a base ending in /mj: the 404 names POST /mj/mj/submit/imagine and the setting to change")
        void doubled() {
            InvalidRequestException e = catchThrowableOfType(() -> provider(PEER.withContextPath(), Map.of("path_prefix", "/mj"),
                    PeerServer.SECRET).submit(root(Action.Imagine.of("a red fox"))), InvalidRequestException.class);
            assertThat(e.httpStatus()).hasValue(404);
            assertThat(e.getMessage()).contains("POST /mj/mj/submit/imagine").contains("repeats '/mj'")
                    .contains("MJ_MJPROXY_OPT_PATH_PREFIX").contains("MJ_MJPROXY_BASE_URL");
        }

        @Test
        @DisplayName("a base URL without the API: the 404 names the request and the base URL setting")
        void wrongBase() {
            InvalidRequestException e = catchThrowableOfType(() -> provider(PEER.root(), Map.of("path_prefix", "/api"),
                    PeerServer.SECRET).submit(root(Action.Imagine.of("a red fox"))), InvalidRequestException.class);
            assertThat(e.getMessage()).contains("POST /api/submit/imagine").contains("MJ_MJPROXY_BASE_URL");
        }
    }

    @Nested
    @DisplayName("queries")
    class Queries {
        @Test
        @DisplayName("fetch of an unknown task: HTTP 200 with an empty body -> TaskNotFoundException")
        void fetchUnknown() {
            TaskNotFoundException e = catchThrowableOfType(() -> provider(Map.of()).fetch(TaskRef.of("1730621826053455", ActionKind.IMAGINE)),
                    TaskNotFoundException.class);
            assertThat(e.getMessage()).contains("1730621826053455").contains("empty reply");
            assertThat(transport.sent()).containsExactly("GET /mj/task/1730621826053455/fetch");
        }

        @Test
        @DisplayName("list-by-condition of unknown ids: [] -> an empty map")
        void listUnknown() {
            assertThat(provider(Map.of()).fetchBatch(List.of(TaskRef.of("1", ActionKind.IMAGINE), TaskRef.of("2", ActionKind.IMAGINE))))
                    .isEmpty();
            assertThat(transport.sent()).containsExactly("POST /mj/task/list-by-condition");
        }

        @Test
        @DisplayName("lookup: /task/query 404 -> /task/list in the same call, and /task/list straight away next time")
        void lookup() {
            MjProxyProvider p = provider(Map.of());
            assertThat(p.lookup("ref-1")).isEmpty();
            assertThat(transport.sent()).containsExactly("POST /mj/task/query", "GET /mj/task/list");
            transport.clear();
            assertThat(p.lookup("ref-2")).isEmpty();
            assertThat(transport.sent()).containsExactly("GET /mj/task/list");
        }

        @Test
        @DisplayName("cancel: 404 -> unsupported naming the request; afterwards refused before any request")
        void cancel() {
            MjProxyProvider p = provider(Map.of());
            UnsupportedActionException e = catchThrowableOfType(() -> p.cancel(TaskRef.of("77", ActionKind.IMAGINE)),
                    UnsupportedActionException.class);
            assertThat(e.getMessage()).contains("POST /mj/task/77/cancel").contains("MJ_MJPROXY_OPT_LINEAGE");
            assertThat(p.capabilities(factory.descriptor()).has(Feature.CANCEL)).isFalse();
            transport.clear();
            catchThrowableOfType(() -> p.cancel(TaskRef.of("77", ActionKind.IMAGINE)), UnsupportedActionException.class);
            assertThat(transport.sent()).isEmpty();
        }

        @Test
        @DisplayName("shorten and image-seed: 404 -> unsupported naming the request; afterwards refused before any request")
        void shortenAndSeed() {
            MjProxyProvider p = provider(Map.of());
            assertThat(catchThrowableOfType(() -> p.submit(root(new Action.Shorten(io.mj4j.spi.Prompt.parse("a long prompt")))),
                    UnsupportedActionException.class)).hasMessageContaining("POST /mj/submit/shorten");
            assertThat(catchThrowableOfType(() -> p.submit(followUp(new Action.Seed(), "55")), UnsupportedActionException.class))
                    .hasMessageContaining("GET /mj/task/55/image-seed");
            ProviderDescriptor d = p.capabilities(factory.descriptor());
            assertThat(d.supports(ActionKind.SHORTEN)).isFalse();
            assertThat(d.supports(ActionKind.SEED)).isFalse();
            transport.clear();
            catchThrowableOfType(() -> p.submit(root(new Action.Shorten(io.mj4j.spi.Prompt.parse("a long prompt")))),
                    UnsupportedActionException.class);
            assertThat(transport.sent()).isEmpty();
        }
    }

    @Nested
    @DisplayName("follow-ups and lineage detection")
    class Lineage {
        @Test
        @DisplayName("no lineage option: /submit/action 404 -> OSS v2 detected, the follow-up resent on /submit/change, whose code 3 says the parent is missing")
        void detects() {
            MjProxyProvider p = provider(Map.of());
            assertThat(p.capabilities(factory.descriptor())).as("before detection: the declared set").isEqualTo(factory.descriptor());
            InvalidRequestException e = catchThrowableOfType(() -> p.submit(followUp(new Action.Upscale(1), "1730621826053455")),
                    InvalidRequestException.class);
            assertThat(transport.sent()).containsExactly("POST /mj/submit/action", "POST /mj/submit/change");
            assertThat(e.vendorCode()).hasValue("3");
            assertThat(e.getMessage()).contains("关联任务不存在或已失效").contains("English: the referenced (parent) task does not exist")
                    .contains("the parent task is missing on this server").contains("POST /mj/submit/change");
            assertThat(p.lineage()).startsWith("oss (detected: HTTP 404 on POST /mj/submit/action");

            ProviderDescriptor d = p.capabilities(factory.descriptor());
            assertThat(d.actions()).contains(ActionKind.IMAGINE, ActionKind.UPSCALE, ActionKind.VARIATION, ActionKind.REROLL)
                    .doesNotContain(ActionKind.SHORTEN, ActionKind.SEED, ActionKind.ZOOM, ActionKind.PAN, ActionKind.VARY_REGION,
                            ActionKind.BLEND, ActionKind.DESCRIBE);
            assertThat(d.has(Feature.CANCEL)).isFalse();

            transport.clear();
            catchThrowableOfType(() -> p.submit(followUp(new Action.Variation(2), "1730621826053455")), InvalidRequestException.class);
            assertThat(transport.sent()).as("remembered: straight to /submit/change").containsExactly("POST /mj/submit/change");
            transport.clear();
            catchThrowableOfType(() -> p.submit(followUp(Action.Zoom.out(2), "1730621826053455")), UnsupportedActionException.class);
            assertThat(transport.sent()).as("what OSS v2 lacks is refused before any request").isEmpty();
        }

        @Test
        @DisplayName("an explicit lineage=plus wins: the 404 names the request and the lineage setting, nothing switches")
        void explicitWins() {
            MjProxyProvider p = provider(Map.of("lineage", "plus"));
            UnsupportedActionException e = catchThrowableOfType(() -> p.submit(followUp(new Action.Upscale(1), "1730621826053455")),
                    UnsupportedActionException.class);
            assertThat(e.getMessage()).contains("POST /mj/submit/action").contains("MJ_MJPROXY_OPT_LINEAGE").contains("oss");
            assertThat(transport.sent()).containsExactly("POST /mj/submit/action");
            assertThat(p.lineage()).startsWith("plus (option lineage)");
            assertThat(p.capabilities(factory.descriptor()).supports(ActionKind.ZOOM)).isTrue();
        }

        @Test
        @DisplayName("lineage=oss: the follow-up goes to /submit/change at once; code 3 says the parent is missing")
        void explicitOss() {
            InvalidRequestException e = catchThrowableOfType(() -> provider(Map.of("lineage", "oss"))
                    .submit(followUp(new Action.Reroll(), "1730621826053455")), InvalidRequestException.class);
            assertThat(transport.sent()).containsExactly("POST /mj/submit/change");
            assertThat(e.getMessage()).contains("the parent task is missing on this server");
        }

        @Test
        @DisplayName("concurrent first follow-ups on one instance all end on /submit/change with one consistent lineage")
        void concurrent() throws Exception {
            MjProxyProvider p = provider(Map.of());
            List<Thread> threads = new java.util.ArrayList<>();
            List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 6; i++) {
                int index = i % 4 + 1;
                threads.add(new Thread(() -> errors.add(catchThrowableOfType(() -> p.submit(followUp(new Action.Upscale(index), "99")),
                        MjException.class))));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertThat(errors).hasSize(6).allSatisfy(t -> assertThat(t).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("POST /mj/submit/change"));
            assertThat(transport.sent().stream().filter(s -> s.equals("POST /mj/submit/change")).count()).isEqualTo(6);
            assertThat(p.lineage()).startsWith("oss (detected");
        }
    }
}
