package io.mj4j.gateway;

import io.mj4j.core.Mj;
import io.mj4j.core.Task;
import io.mj4j.sandbox.Ledger;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mj4j's own mjproxy provider as the client of a gateway backed by a simulated vendor (the mj-proxy simulator, whose books record each task's client reference): the
 * client only speaks the midjourney-proxy protocol, and every step it takes must become exactly one task at the
 * vendor, under the gateway's id.
 */
class GatewayEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    static Mj client(GatewayFixture f, String secret) {
        // the gateway sits on a sandbox running at 1/100 of real time: the client polls it at that pace too
        return Mj.builder().environment(Map.of("MJ_MJPROXY_BASE_URL", f.gateway.uri().toString(), "MJ_MJPROXY_API_KEY", secret,
                "MJ_MJPROXY_TIME_SCALE", "0.01")).provider("mjproxy").build();
    }

    @Test
    @DisplayName("imagine -> upscale through the gateway's buttons -> vary region through the modal: one vendor task each, under the gateway's ids")
    void imagine_upscale_varyRegion() {
        try (GatewayFixture f = new GatewayFixture(dir, b -> { });
             Mj client = client(f, GatewayFixture.APP_SECRET)) {
            Task grid = client.imagine("a red fox in snow --ar 3:2");
            TaskSnapshot g = grid.await(WAIT);
            assertThat(g.result().orElseThrow().grid()).isPresent();
            assertThat(g.followUps()).contains(FollowUp.upscale(2), FollowUp.variation(1), FollowUp.of(ActionKind.REROLL));

            Task up = grid.upscale(2);
            TaskSnapshot u = up.await(WAIT);
            assertThat(u.result().orElseThrow().images()).hasSize(1);
            assertThat(u.followUps()).contains(FollowUp.of(ActionKind.VARY_REGION));

            byte[] mask = Masks.forImage(u.result().orElseThrow().primaryImage().orElseThrow());
            Task region = up.varyRegion(mask, "add a blue scarf");
            TaskSnapshot v = region.await(WAIT);
            assertThat(v.status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(v.result().orElseThrow().primaryImage()).isPresent();

            // the ids the client holds are the gateway's; the vendor's books hold exactly one task per id, of the right kind
            List<String> ids = List.of(g.vendorTaskId().orElseThrow(), u.vendorTaskId().orElseThrow(), v.vendorTaskId().orElseThrow());
            Ledger ledger = f.vendor.ledger();
            assertThat(ledger.byReference().keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(ledger.forReference(ids.get(0))).singleElement().extracting(Ledger.Entry::kind).isEqualTo(ActionKind.IMAGINE);
            assertThat(ledger.forReference(ids.get(1))).singleElement().extracting(Ledger.Entry::kind).isEqualTo(ActionKind.UPSCALE);
            assertThat(ledger.forReference(ids.get(2))).singleElement().extracting(Ledger.Entry::kind).isEqualTo(ActionKind.VARY_REGION);
            assertThat(ledger.withoutReference()).isEmpty();
        }
    }
}
