package io.mj4j.provider.mjproxy.peer;

import io.mj4j.testkit.peer.PeerServer;

import io.mj4j.core.store.InMemoryTaskStore;
import io.mj4j.core.Mj;
import io.mj4j.core.ProviderConfig;
import io.mj4j.core.RetryOptions;
import io.mj4j.core.Task;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.Feature;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.SubmitOutcomeUnknownException;
import io.mj4j.spi.TaskFailedException;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.UnsupportedActionException;
import io.mj4j.testkit.ManualClock;
import io.mj4j.testkit.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The engine (Mj client) with the mjproxy provider against the real OSS v2.6.3 server: bounded retries and a clear
 * final error for "no account", refusals stored with their category and vendor code, lineage detection seen through
 * the client, and tasks the server lost ended VENDOR_LOST. Time and scheduling are manual; only the HTTP is real.
 */
@DisplayName("engine + mjproxy against the real midjourney-proxy OSS 2.6.3 server")
class OssPeerEngineTest {
    @RegisterExtension
    static final PeerServer PEER = new PeerServer();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Recording transport = new Recording();
    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private Mj mj;

    @BeforeEach
    void build() {
        mj = client(PeerServer.SECRET, Map.of());
    }

    @AfterEach
    void close() {
        mj.close();
    }

    private Mj client(String secret, Map<String, String> options) {
        ProviderConfig.Builder cfg = ProviderConfig.builder().baseUri(PEER.root()).apiKey(secret);
        options.forEach(cfg::option);
        return Mj.builder().environment(Map.of()).provider("mjproxy", cfg.build()).transport(transport).store(store)
                .clock(clock).scheduler(scheduler).executor(scheduler)
                .retryOptions(new RetryOptions(3, Duration.ofSeconds(2), Duration.ofSeconds(10), 2.0)).build();
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        assertThat(f).isDone();
        try {
            f.get();
            throw new AssertionError("expected the future to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private Failure storedFailure(String id) {
        TaskRecord r = store.find(id).orElseThrow();
        assertThat(r.snapshot().status()).isEqualTo(TaskStatus.FAILED);
        return r.snapshot().failure().orElseThrow();
    }

    /** A task acknowledged by the server before its restart: stored with its vendor id, the server has forgotten it. */
    private String storedAcknowledged(String vendorId) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        store.insert(new TaskRecord(id, "mjproxy", Action.Imagine.of("a red fox"), Optional.empty(),
                TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId(vendorId).build(), now, now, now.plus(Duration.ofMinutes(30))));
        return id;
    }

    /** A finished grid from an earlier run, offering U1..U4 and SEED as a Plus server's buttons would. */
    private String storedParent(String vendorId) {
        String id = UUID.randomUUID().toString();
        TaskSnapshot.Builder b = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId(vendorId).progress(100)
                .result(io.mj4j.spi.TaskResult.ofGrid(io.mj4j.spi.Image.of(URI.create("https://cdn.example/grid.png"))));
        for (int i = 1; i <= 4; i++) {
            b.followUp(FollowUp.upscale(i)).vendorState("customId:UPSCALE:" + i, "MJ::JOB::upsample::" + i + "::3785da15");
        }
        b.followUp(FollowUp.of(ActionKind.SEED)).followUp(FollowUp.of(ActionKind.ZOOM)).vendorState("customId:ZOOM:2x", "MJ::Outpaint::50::1::x::SOLO");
        Instant now = clock.instant();
        store.insert(new TaskRecord(id, "mjproxy", Action.Imagine.of("a red fox"), Optional.empty(), b.build(), now, now,
                now.plus(Duration.ofMinutes(30))));
        return id;
    }

    @Test
    @DisplayName("no account: exactly 3 attempts (the retry bound), a final error quoting the server in Chinese and English, nothing left tracked, stored UNAVAILABLE with code 3")
    void noAccount() {
        Task t = mj.imagine("a red fox");
        scheduler.advance(Duration.ofMinutes(2));
        assertThat(transport.sent()).containsExactly("POST /mj/submit/imagine", "POST /mj/submit/imagine", "POST /mj/submit/imagine");
        Throwable e = failureOf(t.completion());
        assertThat(e).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("无可用的账号实例").hasMessageContaining("English: no account instance available")
                .hasMessageContaining("no task was created");
        assertThat(mj.activeTasks()).isZero();
        assertThat(scheduler.pendingTimers()).as("no poll or retry left").isZero();
        Failure f = storedFailure(t.id());
        assertThat(f.category()).isEqualTo(FailureCategory.UNAVAILABLE);
        assertThat(f.vendorCode()).hasValue("3");
    }

    @Test
    @DisplayName("a wrong secret: one attempt, AuthenticationException, stored AUTHENTICATION")
    void wrongSecret() {
        try (Mj other = client("wrong-secret", Map.of())) {
            Task t = other.imagine("a red fox");
            scheduler.advance(Duration.ofMinutes(2));
            assertThat(transport.sent()).containsExactly("POST /mj/submit/imagine");
            assertThat(failureOf(t.completion())).isInstanceOf(AuthenticationException.class);
            assertThat(storedFailure(t.id()).category()).isEqualTo(FailureCategory.AUTHENTICATION);
            assertThat(other.activeTasks()).isZero();
        }
    }

    @Test
    @DisplayName("a banned word: one attempt, ContentRejectedException naming the word, stored PROMPT_REJECTED with code 24")
    void bannedWord() {
        Task t = mj.imagine("a nude statue");
        scheduler.advance(Duration.ofMinutes(2));
        assertThat(transport.sent()).hasSize(1);
        assertThat(failureOf(t.completion())).isInstanceOf(ContentRejectedException.class).hasMessageContaining("banned word: nude");
        Failure f = storedFailure(t.id());
        assertThat(f.category()).isEqualTo(FailureCategory.PROMPT_REJECTED);
        assertThat(f.vendorCode()).hasValue("24");
    }

    @Test
    @DisplayName("follow-up of a parent the server does not know: /submit/action 404 -> /submit/change code 3 'parent missing'; then descriptor and refusals follow OSS v2")
    void followUpDetectsLineage() {
        String parent = storedParent("1730621826053455");
        assertThat(mj.descriptor("mjproxy").supports(ActionKind.ZOOM)).as("undetected: the declared set").isTrue();
        Task up = mj.followUp(parent, new Action.Upscale(1));
        scheduler.runReady();
        assertThat(transport.sent()).containsExactly("POST /mj/submit/action", "POST /mj/submit/change");
        assertThat(failureOf(up.completion())).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("the parent task is missing on this server").hasMessageContaining("关联任务不存在或已失效");
        Failure f = storedFailure(up.id());
        assertThat(f.category()).isEqualTo(FailureCategory.INVALID_REQUEST);
        assertThat(f.vendorCode()).hasValue("3");

        assertThat(mj.descriptor("mjproxy").actions()).doesNotContain(ActionKind.ZOOM, ActionKind.SEED, ActionKind.SHORTEN);
        assertThat(mj.descriptor("mjproxy").has(Feature.CANCEL)).isFalse();
        transport.clear();
        assertThat(catchThrowable(() -> mj.followUp(parent, Action.Zoom.out(2)))).isInstanceOf(UnsupportedActionException.class);
        assertThat(catchThrowable(() -> mj.followUp(parent, new Action.Seed()))).isInstanceOf(UnsupportedActionException.class);
        assertThat(catchThrowable(() -> mj.shorten("a long prompt"))).isInstanceOf(UnsupportedActionException.class);
        scheduler.runReady();
        assertThat(transport.sent()).as("refused before any request").isEmpty();
        assertThat(mj.activeTasks()).isZero();
    }

    @Test
    @DisplayName("shorten on an undetected server: 404 names the request; the task fails INVALID_REQUEST; the next shorten is refused before HTTP")
    void shorten() {
        Task t = mj.shorten("a long prompt about a lighthouse");
        scheduler.runReady();
        assertThat(failureOf(t.completion())).isInstanceOf(UnsupportedActionException.class).hasMessageContaining("POST /mj/submit/shorten");
        assertThat(storedFailure(t.id()).category()).isEqualTo(FailureCategory.INVALID_REQUEST);
        transport.clear();
        assertThat(catchThrowable(() -> mj.shorten("again"))).isInstanceOf(UnsupportedActionException.class);
        assertThat(transport.sent()).isEmpty();
    }

    @Test
    @DisplayName("a task the server lost in a restart: empty fetch replies, 3 polls over a minute -> FAILED VENDOR_LOST quoting the server, not a 30-minute TIMEOUT")
    void vendorLost() {
        String id = storedAcknowledged("1730621826053455");
        Task t = mj.resume(id);
        scheduler.advance(Duration.ofSeconds(50));
        assertThat(t.snapshot().status()).as("not yet: fewer polls or less than a minute").isEqualTo(TaskStatus.QUEUED);
        scheduler.advance(Duration.ofSeconds(40));
        assertThat(t.snapshot().status()).isEqualTo(TaskStatus.FAILED);
        Failure f = t.snapshot().failure().orElseThrow();
        assertThat(f.category()).isEqualTo(FailureCategory.VENDOR_LOST);
        assertThat(f.vendorMessage()).contains("1730621826053455").contains("empty reply").contains("consecutive polls");
        assertThat(f.vendorCode()).hasValue("not_found");
        assertThat(transport.sent()).allMatch(s -> s.equals("GET /mj/task/1730621826053455/fetch")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(failureOf(t.completion())).isInstanceOf(TaskFailedException.class).hasMessageContaining("VENDOR_LOST");
        assertThat(mj.activeTasks()).isZero();
        assertThat(storedFailure(id).category()).isEqualTo(FailureCategory.VENDOR_LOST);
    }

    @Test
    @DisplayName("two lost tasks polled together: list-by-condition answers [] -> both end VENDOR_LOST")
    void vendorLostInBatch() {
        Task a = mj.resume(storedAcknowledged("1730621826053401"));
        Task b = mj.resume(storedAcknowledged("1730621826053402"));
        scheduler.advance(Duration.ofMinutes(3));
        assertThat(List.of(a, b)).allSatisfy(t -> assertThat(t.snapshot().failure().map(Failure::category)).hasValue(FailureCategory.VENDOR_LOST));
        assertThat(transport.sent()).contains("POST /mj/task/list-by-condition");
        assertThat(mj.activeTasks()).isZero();
    }

    @Test
    @DisplayName("cancel of a tracked task: 404 names the request; afterwards the client refuses cancel before any request")
    void cancel() {
        Task t = mj.resume(storedAcknowledged("1730621826053499"));
        CompletableFuture<TaskSnapshot> c = t.cancel();
        scheduler.runReady();
        assertThat(failureOf(c)).isInstanceOf(UnsupportedActionException.class).hasMessageContaining("POST /mj/task/1730621826053499/cancel");
        transport.clear();
        assertThat(catchThrowable(t::cancel)).as("refused by the client, before any request").isInstanceOf(UnsupportedActionException.class);
        scheduler.runReady();
        assertThat(transport.sent()).isEmpty();
    }

    @Test
    @DisplayName("a submit interrupted before the answer was stored: lookup /task/query 404 -> /task/list finds nothing -> outcome unknown, never resubmitted")
    void reconcile() {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        store.insert(new TaskRecord(id, "mjproxy", Action.Imagine.of("a red fox"), Optional.empty(),
                TaskSnapshot.builder(TaskStatus.SUBMITTING).build(), now, now, now.plus(Duration.ofMinutes(30))));
        Task t = mj.resume(id);
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(transport.sent()).containsExactly("POST /mj/task/query", "GET /mj/task/list");
        assertThat(failureOf(t.completion())).isInstanceOf(SubmitOutcomeUnknownException.class);
        assertThat(mj.activeTasks()).isZero();
    }

    @Test
    @DisplayName("base URL ending in /mj: the client reaches /mj/submit/imagine (the server's answer, not a 404)")
    void baseWithContextPath() {
        Mj other = Mj.builder().environment(Map.of())
                .provider("mjproxy", ProviderConfig.builder().baseUri(PEER.withContextPath()).apiKey(PeerServer.SECRET).build())
                .transport(transport).store(store).clock(clock).scheduler(scheduler).executor(scheduler)
                .retryOptions(RetryOptions.NONE).build();
        try (other) {
            Task t = other.imagine("a red fox");
            scheduler.runReady();
            assertThat(transport.sent()).containsExactly("POST /mj/submit/imagine");
            assertThat(failureOf(t.completion())).isInstanceOf(ProviderUnavailableException.class);
        }
    }
}
