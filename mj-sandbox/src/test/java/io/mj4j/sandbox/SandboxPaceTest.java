package io.mj4j.sandbox;

import io.mj4j.core.Mj;
import io.mj4j.core.Task;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's sandbox test, as README shows it, on every simulator: the engine learns the simulator's time
 * scale from its environment and polls at that pace (the elapsed time of imagine + upscale is printed for the
 * record, not asserted); and {@code primaryImage()} of an imagine is the grid on every vendor.
 */
class SandboxPaceTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"acedata", "gptunnel", "ohmygpt", "kolersky", "mjproxy"})
    @DisplayName("imagine + upscale with the default poll options: the grid is the primary image, one task per submit")
    void imagineThenUpscale(String vendorId) {
        try (MjSandbox vendor = MjSandbox.start(vendorId, SandboxOptions.builder().timeScale(0.001).build());
             Mj mj = Mj.builder().environment(vendor.environment()).provider(vendorId).build()) {
            assertThat(vendor.environment()).containsEntry("MJ_" + vendorId.toUpperCase() + "_TIME_SCALE", "0.001");
            long started = System.nanoTime();
            Task imagine = mj.imagine("a lighthouse --ar 16:9");
            TaskSnapshot grid = imagine.await(Duration.ofSeconds(30));
            TaskSnapshot up = imagine.upscale(2).await(Duration.ofSeconds(30));
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("sandbox pace: " + vendorId + " imagine + upscale at time scale 0.001 took " + millis + " ms");

            TaskResult r = grid.result().orElseThrow();
            assertThat(r.grid()).isPresent();
            assertThat(r.primaryImage()).as("the grid, whatever else the vendor returns").isEqualTo(r.grid().map(i -> i.url()));
            assertThat(up.status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(up.result().orElseThrow().primaryImage()).isPresent().isNotEqualTo(r.primaryImage());
            assertThat(vendor.counters().tasksCreated()).isEqualTo(2);
        }
    }
}
