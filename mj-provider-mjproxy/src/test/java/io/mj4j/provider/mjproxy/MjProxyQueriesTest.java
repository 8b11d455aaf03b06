package io.mj4j.provider.mjproxy;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.UnsupportedActionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("mjproxy batch fetch, callbacks, lookup and cancel")
class MjProxyQueriesTest extends VendorServer {

    private static String task(String id, String status, String state) {
        return "{\"id\":\"" + id + "\",\"action\":\"IMAGINE\",\"status\":\"" + status + "\",\"progress\":\"10%\",\"state\":\"" + state + "\"}";
    }

    @Test
    @DisplayName("a batch fetch posts the ids to list-by-condition and maps what comes back, in any order, missing ones absent")
    void batch() {
        wm.register(post(urlEqualTo("/mj/task/list-by-condition")).withRequestBody(equalToJson("{\"ids\":[\"a\",\"b\",\"c\"]}"))
                .willReturn(MjProxyStubs.json(200, "[" + task("c", "IN_PROGRESS", "r3") + "," + task("a", "SUBMITTED", "r1") + ","
                        + task("zz", "SUCCESS", "other") + "]")));

        Map<String, TaskSnapshot> found = provider().fetchBatch(List.of(TaskRef.of("a", ActionKind.IMAGINE),
                TaskRef.of("b", ActionKind.IMAGINE), TaskRef.of("c", ActionKind.IMAGINE)));

        assertThat(found).containsOnlyKeys("a", "c");
        assertThat(found.get("a").status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(found.get("c").status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(requests()).hasSize(1);
    }

    @Test
    @DisplayName("an empty batch sends nothing, and a non-list reply is a ProviderProtocolException")
    void batchEdges() {
        assertThat(provider().fetchBatch(List.of())).isEmpty();
        assertThat(requests()).isEmpty();
        wm.register(post(urlEqualTo("/mj/task/list-by-condition")).willReturn(MjProxyStubs.json(200, "{\"unexpected\":true}")));
        assertThat(catchThrowable(() -> provider().fetchBatch(List.of(TaskRef.of("a", ActionKind.IMAGINE)))))
                .isInstanceOf(ProviderProtocolException.class);
    }

    @Test
    @DisplayName("a callback body is the task object: it parses to that task's snapshot without any request")
    void callback() {
        byte[] body = Fixtures.withId("task-success-upscale.json", "cb-1").getBytes(StandardCharsets.UTF_8);
        List<TaskSnapshot> s = provider().parseCallback(Map.of("content-type", List.of("application/json")), body);
        assertThat(s).singleElement().satisfies(one -> {
            assertThat(one.vendorTaskId()).hasValue("cb-1");
            assertThat(one.status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(one.result().orElseThrow().images()).hasSize(1);
        });
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("a progress callback maps to RUNNING; an empty or non-task callback is a ProviderProtocolException")
    void callbackEdges() {
        MjProvider p = provider();
        assertThat(p.parseCallback(Map.of(), task("cb-2", "IN_PROGRESS", "r").getBytes(StandardCharsets.UTF_8)).get(0).status())
                .isEqualTo(TaskStatus.RUNNING);
        assertThat(catchThrowable(() -> p.parseCallback(Map.of(), new byte[0]))).isInstanceOf(ProviderProtocolException.class);
        assertThat(catchThrowable(() -> p.parseCallback(Map.of(), "42".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ProviderProtocolException.class);
    }

    @Test
    @DisplayName("lookup (Plus) queries by state and returns the task carrying exactly that state")
    void lookupQuery() {
        wm.register(post(urlEqualTo("/mj/task/query")).withRequestBody(matchingJsonPath("$.state", equalTo("ref-42")))
                .willReturn(MjProxyStubs.json(200, "{\"content\":[" + task("t9", "IN_PROGRESS", "ref-42") + "],\"totalElements\":1}")));

        Optional<TaskSnapshot> found = provider().lookup("ref-42");

        assertThat(found.flatMap(TaskSnapshot::vendorTaskId)).hasValue("t9");
        wm.verifyThat(postRequestedFor(urlEqualTo("/mj/task/query")).withHeader("mj-api-secret", equalTo(KEY)));
    }

    @Test
    @DisplayName("lookup finds nothing when no returned task carries the state (a server ignoring the filter)")
    void lookupIgnoresOthers() {
        wm.register(post(urlEqualTo("/mj/task/query")).willReturn(MjProxyStubs.json(200, "[" + task("t1", "SUCCESS", "someone-else") + "]")));
        assertThat(provider().lookup("ref-42")).isEmpty();
    }

    @Test
    @DisplayName("lookup on trueai/OSS lists recent tasks and filters by state; on new-api it is unsupported without a request")
    void lookupOtherLineages() {
        wm.register(get(urlEqualTo("/mj/task/list")).willReturn(MjProxyStubs.json(200,
                "[" + task("t1", "SUCCESS", "x") + "," + task("t2", "SUBMITTED", "ref-7") + "]")));
        assertThat(provider(Map.of("lineage", "trueai")).lookup("ref-7").flatMap(TaskSnapshot::vendorTaskId)).hasValue("t2");
        server.resetAll();
        assertThat(catchThrowable(() -> provider(Map.of("lineage", "newapi")).lookup("ref-7"))).isInstanceOf(UnsupportedActionException.class);
        assertThat(requests()).isEmpty();
    }

    @Test
    @DisplayName("cancel: Plus {code:1} and trueai's empty 200 are CANCELLED; code 3 is an InvalidRequestException")
    void cancel() {
        wm.register(post(urlEqualTo("/mj/task/t1/cancel")).willReturn(MjProxyStubs.json(200, "{\"code\":1,\"description\":\"成功\"}")));
        wm.register(post(urlEqualTo("/mj/task/t2/cancel")).willReturn(aResponse().withStatus(200)));
        wm.register(post(urlEqualTo("/mj/task/t3/cancel")).willReturn(MjProxyStubs.json(200, "{\"code\":3,\"description\":\"任务不存在\"}")));
        MjProvider p = provider();

        assertThat(p.cancel(TaskRef.of("t1", ActionKind.IMAGINE)).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(p.cancel(TaskRef.of("t2", ActionKind.IMAGINE)).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(catchThrowable(() -> p.cancel(TaskRef.of("t3", ActionKind.IMAGINE)))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    @DisplayName("cancel on a server without the endpoint (OSS v2, new-api) is unsupported without a request")
    void cancelUnsupported() {
        assertThat(catchThrowable(() -> provider(Map.of("lineage", "oss")).cancel(TaskRef.of("t1", ActionKind.IMAGINE))))
                .isInstanceOf(UnsupportedActionException.class);
        assertThat(requests()).isEmpty();
    }
}
