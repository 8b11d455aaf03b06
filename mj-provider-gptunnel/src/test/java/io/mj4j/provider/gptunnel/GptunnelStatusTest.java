package io.mj4j.provider.gptunnel;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;

import static io.mj4j.provider.gptunnel.GptunnelStubs.ok;
import static io.mj4j.provider.gptunnel.GptunnelStubs.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("GPTunnel task objects map to snapshots through one status table (gptunnel.md §4)")
class GptunnelStatusTest extends GptunnelWireMockTest {
    private static final String ID = "65589df803761c00010775ae";
    private static final String URL = "\"https://gptunnel.ru/task/image/" + ID + "?cache=100\"";

    private static TaskSnapshot fetch(String body) {
        wm().register(result(ID).willReturn(ok(body)));
        return provider().fetch(TaskRef.of(ID, ActionKind.IMAGINE));
    }

    @ParameterizedTest(name = "status ''{0}'' at {1}% with error {2} is {3}")
    @DisplayName("every status word, with percent and error, maps to one TaskStatus")
    @CsvSource(delimiter = '|', value = {
            "idle         | 0   | null                          | QUEUED",
            "idle         | 35  | null                          | RUNNING",
            "processing   | 35  | null                          | RUNNING",
            "zz_new_state | 0   | null                          | RUNNING",
            "done         | 100 | null                          | SUCCEEDED",
            "DONE         | 100 | null                          | SUCCEEDED",
            "failed       | 0   | null                          | FAILED",
            "error        | 0   | null                          | FAILED",
            "cancelled    | 0   | null                          | CANCELLED",
            "canceled     | 0   | null                          | CANCELLED",
            "processing   | 50  | '\"Job crashed\"'             | FAILED",
            "done         | 100 | '{\"message\":\"x\"}'         | FAILED",
            "idle         | 0   | '\"\"'                        | QUEUED",
            "idle         | 0   | '{}'                          | QUEUED"})
    void statusTable(String word, int percent, String error, TaskStatus expected) {
        TaskSnapshot s = fetch(Fixtures.task(ID, word, percent, URL, error));
        assertThat(s.status()).isEqualTo(expected);
        assertThat(s.vendorStatus()).hasValue(word);
        assertThat(s.vendorTaskId()).hasValue(ID);
    }

    @Test
    @DisplayName("a running task's result is only a preview, never the result")
    void previewWhileRunning() {
        TaskSnapshot s = fetch(Fixtures.task(ID, "idle", 40, URL, "null"));
        assertThat(s.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(s.previewUrl()).hasValue(URI.create("https://gptunnel.ru/task/image/" + ID + "?cache=100"));
        assertThat(s.result()).isEmpty();
    }

    @Test
    @DisplayName("fractional and out-of-range percents are rounded and clamped to 0..100")
    void percentIsClamped() {
        assertThat(fetch(Fixtures.task(ID, "processing", 0, "null", "null").replace("\"percent\": 0", "\"percent\": 42.6"))
                .progress()).hasValue(43);
        assertThat(fetch(Fixtures.task(ID, "processing", 130, "null", "null")).progress()).hasValue(100);
    }

    @Test
    @DisplayName("an error object gives the failure its message and type; invalid_request_error is INVALID_REQUEST")
    void errorObject() {
        TaskSnapshot s = fetch(Fixtures.task(ID, "failed", 0, "null",
                "{\"message\": \"mask must be a black/white PNG\", \"type\": \"invalid_request_error\"}"));
        assertThat(s.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(s.failure()).hasValueSatisfying(f -> {
            assertThat(f.category()).isEqualTo(FailureCategory.INVALID_REQUEST);
            assertThat(f.vendorMessage()).isEqualTo("mask must be a black/white PNG");
            assertThat(f.vendorCode()).hasValue("invalid_request_error");
        });
    }

    @Test
    @DisplayName("a failure word without an error still gives a VENDOR_ERROR failure naming the word")
    void failedWithoutError() {
        TaskSnapshot s = fetch(Fixtures.task(ID, "error", 0, "null", "null"));
        assertThat(s.failure()).hasValueSatisfying(f -> {
            assertThat(f.category()).isEqualTo(FailureCategory.VENDOR_ERROR);
            assertThat(f.vendorMessage()).contains("'error'");
        });
    }

    @Test
    @DisplayName("a cancelled task ends CANCELLED with a CANCELLED failure")
    void cancelled() {
        TaskSnapshot s = fetch(Fixtures.task(ID, "cancelled", 0, "null", "null"));
        assertThat(s.failure().map(f -> f.category())).hasValue(FailureCategory.CANCELLED);
    }

    @Test
    @DisplayName("'done' without a result URL is a retryable protocol error, not a success without an image")
    void doneWithoutResult() {
        Throwable t = catchThrowable(() -> fetch(Fixtures.task(ID, "done", 100, "null", "null")));
        assertThat(t).isInstanceOf(ProviderProtocolException.class).hasMessageContaining("'done'");
        assertThat(((MjException) t).retryable()).isTrue();
    }

    @Test
    @DisplayName("a task object without a status is a protocol error")
    void noStatus() {
        Throwable t = catchThrowable(() -> fetch("{\"id\": \"" + ID + "\", \"percent\": 3}"));
        assertThat(t).isInstanceOf(ProviderProtocolException.class).hasMessageContaining("'status'");
    }

    @Test
    @DisplayName("a known field of the wrong shape is a protocol error, not a Jackson crash")
    void wrongShape() {
        Throwable t = catchThrowable(() -> fetch("{\"id\": \"" + ID + "\", \"status\": \"idle\", \"actions\": {\"a\": 1}}"));
        assertThat(t).isInstanceOf(ProviderProtocolException.class).hasMessageContaining("TaskObject");
    }

    @Test
    @DisplayName("an HTML page under 200 is a retryable protocol error naming the fetch")
    void htmlUnder200() {
        Throwable t = catchThrowable(() -> fetch("<html><body>maintenance</body></html>"));
        assertThat(t).isInstanceOf(ProviderProtocolException.class).hasMessageContaining("fetch of task " + ID)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    @DisplayName("an error envelope under 200 is still the typed error (gptunnel.md §7)")
    void envelopeUnder200() {
        Throwable t = catchThrowable(() -> fetch(Fixtures.load("error-invalid-prompt.json")));
        assertThat(t).isInstanceOf(InvalidRequestException.class).hasMessageContaining("'prompt' is a required property");
    }
}
