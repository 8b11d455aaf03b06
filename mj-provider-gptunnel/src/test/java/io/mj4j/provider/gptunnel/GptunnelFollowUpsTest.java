package io.mj4j.provider.gptunnel;

import io.mj4j.provider.gptunnel.internal.GptunnelOptions;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.UnsupportedActionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.mj4j.provider.gptunnel.GptunnelStubs.ok;
import static io.mj4j.provider.gptunnel.GptunnelStubs.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("GPTunnel follow-ups: what a task offers and what a follow-up sends (gptunnel.md §3.3-§3.6, §6)")
class GptunnelFollowUpsTest extends GptunnelWireMockTest {
    private static final String GRID = "65589df803761c00010775ae";
    private static final String UPSAMPLED = "6558a0c103761c00010775b4";
    private static final String MASK = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==";

    private static TaskSnapshot finishedGrid() {
        wm().register(result(GRID).willReturn(ok(Fixtures.load("done-grid.json", "id", GRID))));
        return provider().fetch(TaskRef.of(GRID, ActionKind.IMAGINE));
    }

    private static TaskSnapshot finishedUpsample() {
        wm().register(result(UPSAMPLED).willReturn(ok(Fixtures.load("done-upsample.json", "id", UPSAMPLED))));
        return provider().fetch(TaskRef.of(UPSAMPLED, ActionKind.UPSCALE));
    }

    /** Sends {@code action} on {@code parent} to a vendor accepting anything, and returns the one request it saw. */
    private static LoggedRequest sent(Action action, TaskSnapshot parent, Map<String, String> options) {
        VENDOR.resetAll();
        wm().register(post(anyUrl()).willReturn(ok(Fixtures.load("action-created.json", "id", "child-1",
                "parentId", parent.vendorTaskId().orElseThrow(), "type", "variation", "cost", "18"))));
        SubmitReceipt r = provider(options).submit(new SubmitRequest(action, Optional.of(parent), "ref-1"));
        assertThat(r.vendorTaskId()).isEqualTo("child-1");
        assertThat(requests()).hasSize(1);
        return requests().get(0).getRequest();
    }

    @Test
    @DisplayName("a finished grid with the documented typos (upsamle_N, variation_4 twice) offers U1..U4, V1..V4 and reroll")
    void gridFollowUps() {
        TaskSnapshot s = finishedGrid();
        assertThat(s.followUps()).containsExactlyInAnyOrder(FollowUp.upscale(1), FollowUp.upscale(2), FollowUp.upscale(3),
                FollowUp.upscale(4), FollowUp.variation(1), FollowUp.variation(2), FollowUp.variation(3), FollowUp.variation(4),
                FollowUp.of(ActionKind.REROLL));
        assertThat(s.result().orElseThrow().grid()).isPresent();
        assertThat(s.vendorState()).containsEntry("type", "imagine").containsKey("actions");
    }

    @Test
    @DisplayName("a finished upsample is one image offering Vary Strong/Subtle and Vary Region, and no U/V")
    void upsampleFollowUps() {
        TaskSnapshot s = finishedUpsample();
        assertThat(s.result().orElseThrow().images()).hasSize(1);
        assertThat(s.followUps()).containsExactlyInAnyOrder(FollowUp.of(ActionKind.VARY, "STRONG"),
                FollowUp.of(ActionKind.VARY, "SUBTLE"), FollowUp.of(ActionKind.VARY_REGION));
        assertThat(s.vendorState()).containsEntry("type", "upsample").containsEntry("parentId", GRID);
    }

    @Test
    @DisplayName("a running task offers nothing")
    void runningOffersNothing() {
        wm().register(result(GRID).willReturn(ok(Fixtures.task(GRID, "idle", 30, "null", "null"))));
        assertThat(provider().fetch(TaskRef.of(GRID, ActionKind.IMAGINE)).followUps()).isEmpty();
    }

    @Test
    @DisplayName("U3 posts the parent's id and the 1-based image index to /upsample")
    void upscale() {
        LoggedRequest r = sent(new Action.Upscale(3), finishedGrid(), Map.of());
        assertThat(r.getUrl()).isEqualTo("/v1/midjourney/upsample");
        assertThat(r.getBodyAsString()).isEqualTo("{\"taskId\":\"" + GRID + "\",\"image\":3}");
        assertThat(r.getHeader("Authorization")).isEqualTo(KEY);
    }

    @Test
    @DisplayName("V3 posts taskId and image to /variation, although the vendor's list forgot variation_3")
    void variation() {
        LoggedRequest r = sent(new Action.Variation(3), finishedGrid(), Map.of());
        assertThat(r.getUrl()).isEqualTo("/v1/midjourney/variation");
        assertThat(r.getBodyAsString()).isEqualTo("{\"taskId\":\"" + GRID + "\",\"image\":3}");
    }

    @ParameterizedTest(name = "Vary {0} sends mode {1}")
    @DisplayName("Vary posts taskId and mode high/low to /variation")
    @CsvSource({"STRONG, high", "SUBTLE, low"})
    void vary(Action.Strength strength, String mode) {
        LoggedRequest r = sent(new Action.Vary(strength), finishedUpsample(), Map.of());
        assertThat(r.getUrl()).isEqualTo("/v1/midjourney/variation");
        assertThat(r.getBodyAsString()).isEqualTo("{\"taskId\":\"" + UPSAMPLED + "\",\"mode\":\"" + mode + "\"}");
    }

    @Test
    @DisplayName("reroll posts only the parent's taskId to /reroll (§3.6 schema by analogy)")
    void reroll() {
        LoggedRequest r = sent(new Action.Reroll(), finishedGrid(), Map.of());
        assertThat(r.getUrl()).isEqualTo("/v1/midjourney/reroll");
        assertThat(r.getBodyAsString()).isEqualTo("{\"taskId\":\"" + GRID + "\"}");
    }

    @Test
    @DisplayName("Vary Region posts bare base64 to /inpaint and leaves the prompt out when there is none")
    void inpaint() {
        LoggedRequest r = sent(new Action.VaryRegion(MASK, Optional.empty()), finishedUpsample(), Map.of());
        assertThat(r.getUrl()).isEqualTo("/v1/midjourney/inpaint");
        assertThat(r.getBodyAsString()).isEqualTo("{\"taskId\":\"" + UPSAMPLED + "\",\"mask\":\"" + MASK + "\"}");
    }

    @Test
    @DisplayName("with mask_data_uri=true the mask travels as a data URI, with the region prompt")
    void inpaintDataUri() {
        LoggedRequest r = sent(new Action.VaryRegion(MASK, Optional.of("a red hat")), finishedUpsample(),
                Map.of(GptunnelOptions.MASK_DATA_URI, "true"));
        assertThat(r.getBodyAsString()).isEqualTo("{\"taskId\":\"" + UPSAMPLED + "\",\"mask\":\"data:image/png;base64," + MASK
                + "\",\"prompt\":\"a red hat\"}");
    }

    @Test
    @DisplayName("a Custom follow-up reaches an unconfirmed endpoint with the caller's fields, numbers as numbers")
    void customOutpaint() {
        LoggedRequest r = sent(new Action.Custom("outpaint", Map.of("zoom", "1.5"), true), finishedUpsample(), Map.of());
        assertThat(r.getUrl()).isEqualTo("/v1/midjourney/outpaint");
        assertThat(r.getBodyAsString()).isEqualTo("{\"taskId\":\"" + UPSAMPLED + "\",\"zoom\":1.5}");
    }

    @Test
    @DisplayName("a Custom action must name a plain endpoint and may not override the parent's taskId; nothing is sent")
    void customValidation() {
        TaskSnapshot parent = finishedUpsample();
        VENDOR.resetAll();
        assertThat(catchThrowable(() -> provider().submit(new SubmitRequest(new Action.Custom("../balance", Map.of(), true),
                Optional.of(parent), "ref-1")))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("vendorActionId");
        assertThat(catchThrowable(() -> provider().submit(new SubmitRequest(new Action.Custom("pan", Map.of("taskId", "x"), true),
                Optional.of(parent), "ref-1")))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("taskId");
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("zoom, pan and upscale-more are not guessed: UnsupportedActionException before any request")
    void unconfirmedEndpointsAreUnsupported() {
        TaskSnapshot parent = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId(UPSAMPLED).build();
        for (Action a : new Action[]{Action.Zoom.out(2.0), new Action.Pan(Action.Direction.LEFT),
                new Action.UpscaleMore(Action.UpscaleMode.X2)}) {
            assertThat(catchThrowable(() -> provider().submit(new SubmitRequest(a, Optional.of(parent), "ref-1"))))
                    .isInstanceOf(UnsupportedActionException.class).hasMessageContaining("Custom");
        }
        assertThat(requests()).isEmpty();
    }
}
