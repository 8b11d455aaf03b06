package io.mj4j.provider.acedata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static io.mj4j.provider.acedata.AceDataStubs.authorized;
import static io.mj4j.provider.acedata.AceDataStubs.json;
import static io.mj4j.provider.acedata.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("AceData task queries and callbacks")
class AceDataTasksTest extends AceDataWireMockTest {

    @Nested
    @DisplayName("batch fetch (retrieve_batch, acedata.md §4.1)")
    class Batch {
        private void batchAnswers(String... items) {
            wm.register(authorized("/midjourney/tasks").withRequestBody(matchingJsonPath("$.action", equalTo("retrieve_batch")))
                    .willReturn(json(200, "{\"items\":[" + String.join(",", items) + "],\"count\":" + items.length + "}")));
        }

        @Test
        @DisplayName("one request carries every id with a limit covering them all, and each item maps to its task")
        void batch() throws Exception {
            batchAnswers(fixture("task-finished-grid.json", "TASK_ID", "a"), fixture("task-pending.json", "TASK_ID", "b"),
                    fixture("task-pending.json", "TASK_ID", "someone-else"));
            Map<String, TaskSnapshot> found = provider().fetchBatch(List.of(TaskRef.of("a", ActionKind.IMAGINE),
                    TaskRef.of("b", ActionKind.IMAGINE), TaskRef.of("c", ActionKind.IMAGINE)));
            assertThat(found).containsOnlyKeys("a", "b");
            assertThat(found.get("a").status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(found.get("b").status()).isEqualTo(TaskStatus.QUEUED);
            JsonNode body = new ObjectMapper().readTree(onlyRequestBody());
            assertThat(body.get("ids")).hasSize(3);
            assertThat(body.get("limit").asInt()).isEqualTo(3);
        }

        @Test
        @DisplayName("an unreadable item is left out while the others advance; when none can be read the error is thrown")
        void badItem() {
            batchAnswers(fixture("task-unknown-state.json", "TASK_ID", "a"), fixture("task-pending.json", "TASK_ID", "b"));
            assertThat(provider().fetchBatch(List.of(TaskRef.of("a", ActionKind.IMAGINE), TaskRef.of("b", ActionKind.IMAGINE))))
                    .containsOnlyKeys("b");
            server.resetAll();
            batchAnswers(fixture("task-unknown-state.json", "TASK_ID", "a"));
            assertThat(catchThrowable(() -> provider().fetchBatch(List.of(TaskRef.of("a", ActionKind.IMAGINE)))))
                    .isInstanceOf(ProviderProtocolException.class).hasMessageContaining("zz_new_state");
        }

        @Test
        @DisplayName("an empty batch sends nothing; a reply without items is a ProviderProtocolException")
        void emptyAndMalformed() {
            assertThat(provider().fetchBatch(List.of())).isEmpty();
            assertThat(requests()).isEmpty();
            wm.register(authorized("/midjourney/tasks").willReturn(json(200, "{\"count\":0}")));
            assertThat(catchThrowable(() -> provider().fetchBatch(List.of(TaskRef.of("a", ActionKind.IMAGINE)))))
                    .isInstanceOf(ProviderProtocolException.class);
        }
    }

    @Nested
    @DisplayName("lookup by client reference (retrieve by trace_id)")
    class Lookup {
        private void byTrace(int status, String body) {
            wm.register(authorized("/midjourney/tasks").withRequestBody(matchingJsonPath("$.action", equalTo("retrieve")))
                    .withRequestBody(matchingJsonPath("$.trace_id", equalTo("kit-ref-1"))).willReturn(json(status, body)));
        }

        @Test
        @DisplayName("a task found by its trace_id is returned under its task id")
        void found() {
            byTrace(200, fixture("task-finished-grid.json", "TASK_ID", "t-77"));
            Optional<TaskSnapshot> s = provider().lookup("kit-ref-1");
            assertThat(s).hasValueSatisfying(v -> {
                assertThat(v.vendorTaskId()).hasValue("t-77");
                assertThat(v.status()).isEqualTo(TaskStatus.SUCCEEDED);
            });
        }

        @Test
        @DisplayName("HTTP 404 or an empty object means the vendor has no such task")
        void notFound() {
            byTrace(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"task not found\"}}");
            assertThat(provider().lookup("kit-ref-1")).isEmpty();
            server.resetAll();
            byTrace(200, "{}");
            assertThat(provider().lookup("kit-ref-1")).isEmpty();
        }

        @Test
        @DisplayName("a task with another trace_id is a ProviderProtocolException, never 'not found'")
        void otherTrace() {
            byTrace(200, "{\"id\":\"t-1\",\"trace_id\":\"other\"}");
            assertThat(catchThrowable(() -> provider().lookup("kit-ref-1"))).isInstanceOf(ProviderProtocolException.class);
        }
    }

    @Nested
    @DisplayName("callbacks (acedata.md §5.3)")
    class Callbacks {
        private List<TaskSnapshot> parse(String body) {
            return provider().parseCallback(Map.of(), body.getBytes(StandardCharsets.UTF_8));
        }

        @Test
        @DisplayName("a success body is a SUCCEEDED snapshot of its task_id with the image_id for follow-ups")
        void success() {
            List<TaskSnapshot> s = parse(fixture("callback-succeeded.json", "TASK_ID", "cb-1"));
            assertThat(s).singleElement().satisfies(v -> {
                assertThat(v.vendorTaskId()).hasValue("cb-1");
                assertThat(v.status()).isEqualTo(TaskStatus.SUCCEEDED);
                assertThat(v.vendorState()).containsEntry("image_id", "1234197197067915365");
            });
            assertThat(requests()).isEmpty();
        }

        @Test
        @DisplayName("a failure body is FAILED with the moderation category")
        void failure() {
            assertThat(parse(fixture("callback-failed.json", "TASK_ID", "cb-2"))).singleElement().satisfies(v -> {
                assertThat(v.status()).isEqualTo(TaskStatus.FAILED);
                assertThat(v.failure().orElseThrow().category()).isEqualTo(FailureCategory.PROMPT_REJECTED);
            });
        }

        @Test
        @DisplayName("a streamed progress line is RUNNING and its intermediate image_id is not kept")
        void progress() {
            assertThat(parse("{\"success\":true,\"task_id\":\"cb-3\",\"progress\":75,\"actions\":[],\"image_id\":\"999\","
                    + "\"image_url\":\"https://cdn.example/p.webp\"}")).singleElement().satisfies(v -> {
                assertThat(v.status()).isEqualTo(TaskStatus.RUNNING);
                assertThat(v.progress()).hasValue(75);
                assertThat(v.vendorState()).isEmpty();
            });
        }

        @Test
        @DisplayName("a task-shaped body is read too; a body without task id or not JSON is a ProviderProtocolException")
        void shapes() {
            assertThat(parse(fixture("task-finished-grid.json", "TASK_ID", "cb-4"))).singleElement()
                    .satisfies(v -> assertThat(v.vendorTaskId()).hasValue("cb-4"));
            assertThat(catchThrowable(() -> parse("{\"success\":true,\"progress\":100}"))).isInstanceOf(ProviderProtocolException.class);
            assertThat(catchThrowable(() -> parse("not json"))).isInstanceOf(ProviderProtocolException.class);
        }
    }
}
