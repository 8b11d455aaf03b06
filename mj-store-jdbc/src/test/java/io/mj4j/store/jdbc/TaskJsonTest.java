package io.mj4j.store.jdbc;

import io.mj4j.core.store.TaskRecord;
import io.mj4j.spi.Action;
import io.mj4j.spi.Prompt;
import io.mj4j.spi.TaskSnapshot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("TaskJson, the stored form of tasks")
class TaskJsonTest {
    @Test
    @DisplayName("every kind of action round-trips")
    void actionsRoundTrip() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("b", "2");
        params.put("a", "1");
        List<Action> actions = List.of(
                Action.Imagine.of("a red fox in snow --ar 3:2 --v 7 --stylize 250 --chaos 10 --no people"),
                new Action.Shorten(Prompt.parse("a very long prompt about a lighthouse")),
                new Action.Blend(List.of(URI.create("https://img.example/a.png"), URI.create("https://img.example/b.png")),
                        Action.BlendShape.values()[0]),
                new Action.Describe(URI.create("https://img.example/c.png")),
                new Action.Upscale(3), new Action.Variation(2), new Action.Reroll(),
                new Action.Vary(Action.Strength.STRONG), new Action.UpscaleMore(Action.UpscaleMode.values()[0]),
                new Action.Zoom(1.5, true), Action.Zoom.out(1.2).withPrompt("a wider bay"), new Action.Pan(Action.Direction.LEFT, Optional.of("more sea")),
                new Action.Pan(Action.Direction.values()[1], Optional.empty()),
                new Action.VaryRegion("iVBORw0KGgo=", Optional.of("a boat")),
                new Action.Animate(Action.Motion.HIGH, Optional.of("waves"), true), new Action.Seed(),
                new Action.Custom("MJ::JOB::reroll::0::x", params, true));

        for (Action a : actions) {
            assertThat(TaskJson.action(TaskJson.action(a))).as(a.kind().name()).isEqualTo(a);
        }
    }

    @Test
    @DisplayName("a snapshot with every field round-trips, a usage of 2.50 keeping its scale")
    void snapshotRoundTrips() throws Exception {
        TaskSnapshot s = Records.succeeded("v-1");

        String text = TaskJson.JSON.writeValueAsString(TaskJson.snapshot(s));

        assertThat(TaskJson.snapshot(TaskJson.JSON.readTree(text))).isEqualTo(s);
        assertThat(TaskJson.snapshot(TaskJson.JSON.readTree(text)).usage().orElseThrow().amount()).hasToString("2.50");
    }

    @Test
    @DisplayName("a usage written as a JSON number by earlier versions still reads")
    void numericUsageStillReads() throws Exception {
        TaskSnapshot s = TaskJson.snapshot(TaskJson.JSON.readTree(
                "{\"status\":\"SUCCEEDED\",\"vendorTaskId\":\"v-3\",\"usage\":{\"amount\":0.1,\"unit\":\"USD\"}}"));

        assertThat(s.usage().orElseThrow().amount()).hasToString("0.1");
    }

    @Test
    @DisplayName("a whole record round-trips")
    void recordRoundTrips() throws Exception {
        TaskRecord r = Records.with(Records.submitting("acedata"), Records.failed("v-2"), java.time.Duration.ofSeconds(3));

        String text = TaskJson.JSON.writeValueAsString(TaskJson.record(r));

        assertThat(TaskJson.record(TaskJson.JSON.readTree(text))).isEqualTo(r);
        assertThat(text).doesNotContainIgnoringCase("key");
    }
}
