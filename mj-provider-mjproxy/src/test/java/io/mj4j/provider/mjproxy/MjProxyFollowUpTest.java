package io.mj4j.provider.mjproxy;

import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.UnsupportedActionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("mjproxy follow-ups")
class MjProxyFollowUpTest extends VendorServer {
    private static final String GRID_ID = "1730621826053455";
    private static final String IMAGE_ID = "1730621901234567";
    private static final String CHILD_ID = "1730622000111222";
    private final MjProxyStubs stubs = new MjProxyStubs();

    private TaskSnapshot gridParent(MjProvider p) {
        stubs.succeededGrid(wm, GRID_ID);
        TaskSnapshot parent = fetch(p, GRID_ID, ActionKind.IMAGINE);
        server.resetAll();
        return parent;
    }

    private TaskSnapshot imageParent(MjProvider p) {
        stubs.succeededImage(wm, IMAGE_ID);
        TaskSnapshot parent = fetch(p, IMAGE_ID, ActionKind.UPSCALE);
        server.resetAll();
        return parent;
    }

    private SubmitReceipt submit(MjProvider p, Action action, TaskSnapshot parent) {
        return p.submit(new SubmitRequest(action, Optional.of(parent), "ref-" + action.kind()));
    }

    private void accept(String path, String json) {
        wm.register(post(urlEqualTo(path)).willReturn(MjProxyStubs.json(200, json)));
    }

    @Test
    @DisplayName("a grid offers U1..U4, V1..V4, reroll and seed, and keeps each button's customId verbatim")
    void gridFollowUps() {
        TaskSnapshot grid = gridParent(provider());
        assertThat(grid.followUps()).containsExactlyInAnyOrder(FollowUp.upscale(1), FollowUp.upscale(2), FollowUp.upscale(3),
                FollowUp.upscale(4), FollowUp.variation(1), FollowUp.variation(2), FollowUp.variation(3), FollowUp.variation(4),
                FollowUp.of(ActionKind.REROLL), FollowUp.of(ActionKind.SEED));
        assertThat(grid.vendorState()).containsEntry("customId:UPSCALE:2", MjProxyStubs.CUSTOM_IDS.get("UPSCALE:2"))
                .containsEntry("customId:REROLL", MjProxyStubs.CUSTOM_IDS.get("REROLL"));
    }

    @Test
    @DisplayName("an upscale offers vary, upscale-more, zoom, pan, vary-region, animate and seed; bookmark and link buttons offer nothing")
    void imageFollowUps() {
        TaskSnapshot image = imageParent(provider());
        assertThat(image.followUps()).containsExactlyInAnyOrder(FollowUp.of(ActionKind.VARY, "SUBTLE"), FollowUp.of(ActionKind.VARY, "STRONG"),
                FollowUp.of(ActionKind.UPSCALE_MORE, "SUBTLE"), FollowUp.of(ActionKind.UPSCALE_MORE, "CREATIVE"), FollowUp.of(ActionKind.ZOOM),
                FollowUp.of(ActionKind.PAN, "LEFT"), FollowUp.of(ActionKind.PAN, "RIGHT"), FollowUp.of(ActionKind.PAN, "UP"),
                FollowUp.of(ActionKind.PAN, "DOWN"), FollowUp.of(ActionKind.VARY_REGION), FollowUp.of(ActionKind.ANIMATE),
                FollowUp.of(ActionKind.SEED));
        assertThat(image.vendorState().values()).noneMatch(v -> v.contains("BOOKMARK"));
        assertThat(image.vendorState()).containsKey("prompt");
    }

    @Test
    @DisplayName("an upscale clicks the parent's U button: taskId = parent id, customId verbatim, state = client reference, notifyHook = callback")
    void upscale() {
        MjProvider p = provider();
        TaskSnapshot grid = gridParent(p);
        accept("/mj/submit/action", Fixtures.withId("submit-queued.json", CHILD_ID));

        SubmitReceipt r = submit(p, new Action.Upscale(3), grid);

        assertThat(r.vendorTaskId()).isEqualTo(CHILD_ID);
        wm.verifyThat(1, postRequestedFor(urlEqualTo("/mj/submit/action"))
                .withHeader("mj-api-secret", equalTo(KEY))
                .withRequestBody(matchingJsonPath("$.taskId", equalTo(GRID_ID)))
                .withRequestBody(matchingJsonPath("$.customId", equalTo(MjProxyStubs.CUSTOM_IDS.get("UPSCALE:3"))))
                .withRequestBody(matchingJsonPath("$.state", equalTo("ref-UPSCALE")))
                .withRequestBody(matchingJsonPath("$.notifyHook", equalTo(CALLBACK.toString()))));
    }

    @Test
    @DisplayName("the customId comes from the latest parent snapshot, never synthesised from a pattern")
    void customIdFromLatestParent() {
        MjProvider p = provider();
        TaskSnapshot parent = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("p9").followUp(FollowUp.variation(2))
                .vendorState("customId:VARIATION:2", "MJ::JOB::variation::2::new-format-v8::SOLO").build();
        accept("/mj/submit/action", Fixtures.withId("submit-accepted.json", CHILD_ID));

        submit(p, new Action.Variation(2), parent);

        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/action"))
                .withRequestBody(matchingJsonPath("$.customId", equalTo("MJ::JOB::variation::2::new-format-v8::SOLO"))));
    }

    @Test
    @DisplayName("a parent without the needed button fails with UnsupportedActionException before any request")
    void missingButton() {
        TaskSnapshot parent = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("p1").followUp(FollowUp.upscale(1)).build();
        Throwable t = catchThrowable(() -> submit(provider(), new Action.Upscale(1), parent));
        assertThat(t).isInstanceOf(UnsupportedActionException.class).hasMessageContaining("button");
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("zoom 1.5x and Make Square click their Outpaint buttons")
    void fixedZooms() {
        MjProvider p = provider();
        TaskSnapshot image = imageParent(p);
        accept("/mj/submit/action", Fixtures.withId("submit-accepted.json", CHILD_ID));

        submit(p, Action.Zoom.out(1.5), image);
        submit(p, Action.Zoom.makeSquare(), image);

        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/action"))
                .withRequestBody(matchingJsonPath("$.customId", equalTo(MjProxyStubs.CUSTOM_IDS.get("ZOOM:1.5x")))));
        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/action"))
                .withRequestBody(matchingJsonPath("$.customId", equalTo(MjProxyStubs.CUSTOM_IDS.get("ZOOM:square")))));
    }

    @Test
    @DisplayName("any other zoom factor uses Custom Zoom: the action, then the modal with the parent's prompt and --zoom")
    void customZoom() {
        MjProvider p = provider();
        TaskSnapshot image = imageParent(p);
        accept("/mj/submit/action", Fixtures.withId("submit-modal.json", CHILD_ID));
        accept("/mj/submit/modal", Fixtures.withId("submit-accepted.json", CHILD_ID));

        SubmitReceipt r = submit(p, Action.Zoom.out(1.3), image);

        assertThat(r.vendorTaskId()).isEqualTo(CHILD_ID);
        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/action"))
                .withRequestBody(matchingJsonPath("$.customId", equalTo(MjProxyStubs.CUSTOM_IDS.get("ZOOM:custom")))));
        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/modal"))
                .withRequestBody(matchingJsonPath("$.taskId", equalTo(CHILD_ID)))
                .withRequestBody(matchingJsonPath("$.prompt", equalTo("a red fox in fresh snow --ar 16:9 --v 7 --relax --zoom 1.3"))));
    }

    @Test
    @DisplayName("a zoom factor the parent's buttons cannot express fails before any request")
    void zoomNotExpressible() {
        TaskSnapshot parent = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("p1").followUp(FollowUp.of(ActionKind.ZOOM))
                .vendorState("customId:ZOOM:2x", "MJ::Outpaint::50::1::abc::SOLO").build();
        Throwable t = catchThrowable(() -> submit(provider(), Action.Zoom.out(1.3), parent));
        assertThat(t).isInstanceOf(UnsupportedActionException.class);
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("vary region clicks Inpaint, then sends the mask and prompt to the MODAL task (two exchanges, §5.4)")
    void varyRegion() {
        MjProvider p = provider();
        TaskSnapshot image = imageParent(p);
        SubmitRequest request = new SubmitRequest(new Action.VaryRegion(TINY_PNG, Optional.of("add a blue scarf")),
                Optional.of(image), "ref-vr");
        stubs.actionAccepted(wm, request, CHILD_ID);

        SubmitReceipt r = p.submit(request);

        assertThat(r.vendorTaskId()).isEqualTo(CHILD_ID);
        assertThat(requests()).hasSize(2);
    }

    @Test
    @DisplayName("a pan with a new prompt forces remix and completes the modal with that prompt")
    void panWithPrompt() {
        MjProvider p = provider();
        TaskSnapshot image = imageParent(p);
        SubmitRequest request = new SubmitRequest(new Action.Pan(Action.Direction.UP, Optional.of("a wider view")),
                Optional.of(image), "ref-pan");
        stubs.actionAccepted(wm, request, CHILD_ID);

        assertThat(p.submit(request).vendorTaskId()).isEqualTo(CHILD_ID);
        assertThat(requests()).hasSize(2);
    }

    @Test
    @DisplayName("a pan without a prompt is one action, without remix")
    void panWithoutPrompt() {
        MjProvider p = provider();
        TaskSnapshot image = imageParent(p);
        accept("/mj/submit/action", Fixtures.withId("submit-accepted.json", CHILD_ID));

        submit(p, new Action.Pan(Action.Direction.DOWN), image);

        assertThat(requests()).hasSize(1);
        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/action")).withRequestBody(matchingJsonPath("$.enableRemix", absent())));
    }

    @Test
    @DisplayName("a code-21 modal reply to a plain variation (account in remix mode) is confirmed with the reply's prompt")
    void remixAccountModal() {
        MjProvider p = provider();
        TaskSnapshot grid = gridParent(p);
        accept("/mj/submit/action", "{\"code\":21,\"description\":\"Waiting for window confirm\",\"result\":\"" + CHILD_ID
                + "\",\"properties\":{\"finalPrompt\":\"a red fox --v 7\",\"remix\":true}}");
        accept("/mj/submit/modal", "{\"code\":1,\"description\":\"Submit success\"}");

        SubmitReceipt r = submit(p, new Action.Variation(1), grid);

        assertThat(r.vendorTaskId()).isEqualTo(CHILD_ID);
        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/modal"))
                .withRequestBody(matchingJsonPath("$.taskId", equalTo(CHILD_ID)))
                .withRequestBody(matchingJsonPath("$.prompt", equalTo("a red fox --v 7"))));
    }

    @Test
    @DisplayName("OSS v2's code 21 'task already exists' is a receipt for the existing task, in one exchange")
    void existed() {
        MjProvider p = provider(Map.of("lineage", "oss"));
        TaskSnapshot parent = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("p1").followUp(FollowUp.upscale(2)).build();
        accept("/mj/submit/change", "{\"code\":21,\"description\":\"任务已存在\",\"result\":\"1689231405853400\","
                + "\"properties\":{\"status\":\"SUCCESS\",\"imageUrl\":\"https://cdn.example/u2.png\"}}");

        SubmitReceipt r = submit(p, new Action.Upscale(2), parent);

        assertThat(r.vendorTaskId()).isEqualTo("1689231405853400");
        assertThat(requests()).hasSize(1);
    }

    @Test
    @DisplayName("a seed reads image-seed of the parent: no new task, a SUCCEEDED snapshot with the seed, and fetch reads it again")
    void seed() {
        MjProvider p = provider();
        TaskSnapshot grid = gridParent(p);
        wm.register(get(urlEqualTo("/mj/task/" + GRID_ID + "/image-seed")).willReturn(MjProxyStubs.json(200, Fixtures.withId("seed.json", ""))));

        SubmitReceipt r = submit(p, new Action.Seed(), grid);

        assertThat(r.vendorTaskId()).isEqualTo(GRID_ID);
        assertThat(r.snapshot().orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(r.snapshot().orElseThrow().result().orElseThrow().seed()).hasValue(636646138L);
        assertThat(p.fetch(TaskRef.of(GRID_ID, ActionKind.SEED)).result().orElseThrow().seed()).hasValue(636646138L);
    }

    @Test
    @DisplayName("animate in HD cannot be expressed with the animate buttons and fails before any request")
    void animateHd() {
        MjProvider p = provider();
        TaskSnapshot image = imageParent(p);
        Throwable t = catchThrowable(() -> submit(p, new Action.Animate(Action.Motion.HIGH, Optional.empty(), true), image));
        assertThat(t).isInstanceOf(UnsupportedActionException.class);
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("a follow-up Custom action clicks the given customId and feeds its prompt to the modal")
    void customFollowUp() {
        MjProvider p = provider();
        TaskSnapshot grid = gridParent(p);
        accept("/mj/submit/action", Fixtures.withId("submit-modal.json", CHILD_ID));
        accept("/mj/submit/modal", Fixtures.withId("submit-accepted.json", CHILD_ID));

        SubmitReceipt r = submit(p, new Action.Custom("MJ::Job::PicReader::2", Map.of("prompt", "a fox, watercolor"), true), grid);

        assertThat(r.vendorTaskId()).isEqualTo(CHILD_ID);
        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/action"))
                .withRequestBody(matchingJsonPath("$.customId", equalTo("MJ::Job::PicReader::2")))
                .withRequestBody(matchingJsonPath("$.prompt", absent())));
        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/modal")).withRequestBody(matchingJsonPath("$.prompt", equalTo("a fox, watercolor"))));
    }

    @Test
    @DisplayName("a root Custom action posts its params to the named endpoint (trueai /submit/video)")
    void customRoot() {
        accept("/mj/submit/video", Fixtures.withId("submit-accepted.json", CHILD_ID));

        SubmitReceipt r = provider().submit(new SubmitRequest(new Action.Custom("/submit/video",
                Map.of("prompt", "waves", "image", "https://img.example/a.png"), false), Optional.empty(), "ref-v"));

        assertThat(r.vendorTaskId()).isEqualTo(CHILD_ID);
        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/video")).withRequestBody(matchingJsonPath("$.image", equalTo("https://img.example/a.png")))
                .withRequestBody(matchingJsonPath("$.state", equalTo("ref-v"))));
    }

    @Test
    @DisplayName("on OSS v2 (follow_ups=change) U/V/reroll go to /submit/change with action and index, and grids offer them without buttons")
    void changeRoute() {
        MjProvider p = provider(Map.of("lineage", "oss"));
        wm.register(get(urlEqualTo("/mj/task/g1/fetch")).willReturn(MjProxyStubs.json(200,
                "{\"id\":\"g1\",\"action\":\"IMAGINE\",\"status\":\"SUCCESS\",\"imageUrl\":\"https://cdn.example/g.png\"}")));
        TaskSnapshot grid = fetch(p, "g1", ActionKind.IMAGINE);
        assertThat(grid.followUps()).contains(FollowUp.upscale(4), FollowUp.variation(1), FollowUp.of(ActionKind.REROLL))
                .doesNotContain(FollowUp.of(ActionKind.SEED));
        accept("/mj/submit/change", Fixtures.withId("submit-accepted.json", CHILD_ID));

        submit(p, new Action.Variation(4), grid);

        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/submit/change")).withRequestBody(matchingJsonPath("$.taskId", equalTo("g1")))
                .withRequestBody(matchingJsonPath("$.action", equalTo("VARIATION")))
                .withRequestBody(matchingJsonPath("$.index", equalTo("4"))));
    }

    @Test
    @DisplayName("on OSS v2, what it lacks (vary, shorten, seed, URL images) fails before any request")
    void ossLacks() {
        MjProvider p = provider(Map.of("lineage", "oss"));
        TaskSnapshot parent = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("p1").build();
        for (Action a : new Action[] {new Action.Vary(Action.Strength.STRONG), new Action.Seed()}) {
            assertThat(catchThrowable(() -> submit(p, a, parent))).isInstanceOf(UnsupportedActionException.class);
        }
        for (Action a : new Action[] {new Action.Shorten(io.mj4j.spi.Prompt.of("a cat")),
                new Action.Describe(java.net.URI.create("https://img.example/a.png"))}) {
            assertThat(catchThrowable(() -> p.submit(new SubmitRequest(a, Optional.empty(), "r")))).isInstanceOf(UnsupportedActionException.class);
        }
        assertThat(requests()).isEmpty();
    }

    /** A 1x1 PNG. */
    private static final String TINY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==";
}
