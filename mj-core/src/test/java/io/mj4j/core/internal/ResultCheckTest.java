package io.mj4j.core.internal;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.Image;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ResultCheck: a SUCCEEDED snapshot carries a usable result")
class ResultCheckTest {
    private static TaskSnapshot succeeded(TaskResult r) {
        TaskSnapshot.Builder b = TaskSnapshot.builder(TaskStatus.SUCCEEDED).vendorTaskId("v");
        return (r == null ? b : b.result(r)).build();
    }

    @Test
    @DisplayName("usable: an https grid, an http image, texts for describe, a seed, videos for animate")
    void usable() {
        assertThat(ResultCheck.problem(ActionKind.IMAGINE, succeeded(TaskResult.ofGrid(Image.of("https://cdn.example/g.png"))))).isEmpty();
        assertThat(ResultCheck.problem(ActionKind.UPSCALE, succeeded(TaskResult.ofImage(Image.of("http://127.0.0.1:8080/u.png"))))).isEmpty();
        assertThat(ResultCheck.problem(ActionKind.DESCRIBE, succeeded(TaskResult.ofTexts(List.of("a fox"))))).isEmpty();
        assertThat(ResultCheck.problem(ActionKind.SEED, succeeded(TaskResult.ofSeed(42)))).isEmpty();
        assertThat(ResultCheck.problem(ActionKind.ANIMATE, succeeded(TaskResult.ofVideos(List.of(URI.create("https://v.example/0.mp4")))))).isEmpty();
        assertThat(ResultCheck.problem(ActionKind.CUSTOM, succeeded(null))).as("an escape hatch may produce nothing").isEmpty();
    }

    @Test
    @DisplayName("unusable: no result, no image for imagine, blank texts, no seed, no video")
    void missing() {
        assertThat(ResultCheck.problem(ActionKind.IMAGINE, succeeded(null))).hasValue("no result at all");
        assertThat(ResultCheck.problem(ActionKind.IMAGINE, succeeded(TaskResult.ofTexts(List.of("x"))))).hasValue("no image URL");
        assertThat(ResultCheck.problem(ActionKind.DESCRIBE, succeeded(TaskResult.ofTexts(List.of(" "))))).hasValue("no prompt texts");
        assertThat(ResultCheck.problem(ActionKind.SEED, succeeded(TaskResult.ofGrid(Image.of("https://x/g.png"))))).hasValue("no seed");
        assertThat(ResultCheck.problem(ActionKind.ANIMATE, succeeded(TaskResult.ofGrid(Image.of("https://x/g.png"))))).hasValue("no video URL");
    }

    @Test
    @DisplayName("result URLs that are not http(s) are rejected, for every action")
    void schemes() {
        assertThat(ResultCheck.problem(ActionKind.IMAGINE, succeeded(TaskResult.ofGrid(Image.of("file:/etc/passwd")))))
                .hasValueSatisfying(p -> assertThat(p).contains("file:/etc/passwd").contains("not an http(s) URL"));
        assertThat(ResultCheck.problem(ActionKind.CUSTOM, succeeded(TaskResult.ofImage(Image.of("jar:file:/x.jar!/a.png"))))).isPresent();
        assertThat(ResultCheck.problem(ActionKind.ANIMATE, succeeded(TaskResult.ofVideos(List.of(URI.create("ftp://h/v.mp4")))))).isPresent();
    }

    @Test
    @DisplayName("only SUCCEEDED is checked; a remembered problem turns the deadline into NO_RESULT until forgotten")
    void deadline() {
        ResultCheck check = new ResultCheck();
        assertThat(check.screen("t", ActionKind.IMAGINE, TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId("v").build())).isEmpty();
        assertThat(check.atDeadline("t")).isEmpty();
        assertThat(check.screen("t", ActionKind.IMAGINE, succeeded(null))).isPresent();
        Optional<Failure> f = check.atDeadline("t");
        assertThat(f.map(Failure::category)).hasValue(FailureCategory.NO_RESULT);
        assertThat(f.get().vendorMessage()).contains("no usable result").contains("no result at all");
        check.forget("t");
        assertThat(check.atDeadline("t")).isEmpty();
    }
}
