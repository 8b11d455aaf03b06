package io.mj4j.docs;

// snippet: first-app
import io.mj4j.core.Mj;
import io.mj4j.core.Task;
import io.mj4j.spi.TaskSnapshot;

import java.time.Duration;

public class FirstImage {
    public static void main(String[] args) {
        try (Mj mj = Mj.builder().provider("acedata").build()) {           // key from MJ_ACEDATA_API_KEY
            Task grid = mj.imagine("a lighthouse at dawn --ar 16:9 --v 7");
            grid.await(Duration.ofMinutes(5));                               // SUCCEEDED snapshot, or a typed exception
            TaskSnapshot big = grid.upscale(2).await(Duration.ofMinutes(5)); // follow-ups stay with the grid's vendor
            System.out.println(big.result().orElseThrow().primaryImage().orElseThrow()); // the upscaled image's URL
        }
    }
}
// end snippet
