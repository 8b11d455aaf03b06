package io.mj4j.store.jdbc;

import io.mj4j.core.store.TaskRecord;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Dimensions;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.Image;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.Usage;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** Task records for the tests; instants to the microsecond, as the store keeps them. */
final class Records {
    static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123456Z");

    private Records() {
    }

    static TaskRecord submitting(String provider) {
        String id = UUID.randomUUID().toString();
        return new TaskRecord(id, provider, Action.Imagine.of("a lighthouse at dawn --ar 16:9 --v 7"), Optional.empty(),
                TaskSnapshot.builder(TaskStatus.SUBMITTING).build(), T0, T0, T0.plus(Duration.ofMinutes(10)));
    }

    static TaskRecord with(TaskRecord r, TaskSnapshot s, Duration after) {
        return r.withSnapshot(s, r.updatedAt().plus(after));
    }

    static TaskSnapshot queued(String vendorId) {
        return TaskSnapshot.builder(TaskStatus.QUEUED).vendorTaskId(vendorId).vendorStatus("SUBMITTED").build();
    }

    static TaskSnapshot running(String vendorId, int progress) {
        return TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId(vendorId).progress(progress)
                .previewUrl(URI.create("https://cdn.example/preview/" + vendorId + ".webp")).build();
    }

    /** A snapshot with every field set. */
    static TaskSnapshot succeeded(String vendorId) {
        return TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId(vendorId).progress(100).vendorStatus("SUCCESS")
                .result(new TaskResult(Optional.of(new Image(URI.create("https://cdn.example/" + vendorId + "/grid.png"),
                        Optional.of(new Dimensions(2048, 2048)))),
                        List.of(Image.of("https://cdn.example/" + vendorId + "/1.png"), Image.of("https://cdn.example/" + vendorId + "/2.png")),
                        List.of(URI.create("https://cdn.example/" + vendorId + "/v.mp4")), List.of("a text, with \"quotes\" and ünïcode"),
                        OptionalLong.of(1234567890123L)))
                .followUp(FollowUp.upscale(1)).followUp(FollowUp.variation(4)).followUp(FollowUp.of(ActionKind.REROLL))
                .followUp(FollowUp.of(ActionKind.VARY, "STRONG"))
                .usage(new Usage(new BigDecimal("2.50"), "credits"))
                .vendorState("customId.U1", "MJ::JOB::upsample::1::abc").vendorState("image_id", "img-7")
                .build();
    }

    static TaskSnapshot failed(String vendorId) {
        return TaskSnapshot.builder(TaskStatus.FAILED).vendorTaskId(vendorId)
                .failure(new Failure(FailureCategory.PROMPT_REJECTED, "banned word", Optional.of("E42"))).build();
    }
}
