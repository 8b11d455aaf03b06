package io.mj4j.docs;

// snippet: first-test
import io.mj4j.core.Mj;
import io.mj4j.core.Task;
import io.mj4j.sandbox.MjSandbox;
import io.mj4j.sandbox.SandboxOptions;
import io.mj4j.spi.TaskSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FirstImageTest {
    @Test
    void imagineThenUpscale() {
        try (MjSandbox vendor = MjSandbox.start("acedata", SandboxOptions.builder().timeScale(0.001).build());
             Mj mj = Mj.builder().environment(vendor.environment()).provider("acedata").build()) {
            Task grid = mj.imagine("a red fox --ar 3:2");
            grid.await(Duration.ofSeconds(30));
            TaskSnapshot up = grid.upscale(2).await(Duration.ofSeconds(30));
            assertThat(up.result().orElseThrow().primaryImage()).isPresent();
            assertThat(vendor.counters().tasksCreated()).isEqualTo(2); // one imagine, one upscale: nothing sent twice
        }
    }
}
// end snippet
