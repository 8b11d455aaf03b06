package io.mj4j.sandbox.internal.parts;

import io.mj4j.sandbox.vendor.SimRequest;
import io.mj4j.sandbox.vendor.SimResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutesTest {
    private final StubContext ctx = new StubContext();

    private final Routes routes = Routes.builder(KeyCheck.bearer("Authorization"), c -> reply(401, "unauthorized"))
            .post("/v1/imagine", c -> reply(200, "imagine"))
            .get("/v1/imagine", c -> reply(200, "imagine-get"))
            .get("/v1/task/{id}/fetch", c -> reply(200, "fetch " + c.var("id")))
            .get("/v1/refuse", c -> {
                throw new Refusal(reply(400, "refused"));
            })
            .openGet("/health", c -> reply(200, "ok"))
            .delete("/v1/cancel", c -> reply(200, "cancel"))
            .notFound(c -> reply(404, "no " + c.request().method() + " " + c.request().path()))
            .wrongMethod(c -> reply(405, "wrong method " + c.request().method()))
            .build();

    private static SimResponse reply(int status, String body) {
        return SimResponse.json(status, body);
    }

    private static SimRequest request(String method, String path, boolean key) {
        return new SimRequest(method, path, Map.of(), key ? Map.of("Authorization", List.of("Bearer " + StubContext.KEY)) : Map.of(),
                new byte[0]);
    }

    private String answer(String method, String path, boolean key) {
        SimResponse r = routes.handle(request(method, path, key), ctx);
        return r.status() + " " + new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a request goes to the handler of its method and path; the method in any case")
    void routesByMethodAndPath() {
        assertThat(answer("POST", "/v1/imagine", true)).isEqualTo("200 imagine");
        assertThat(answer("get", "/v1/imagine", true)).isEqualTo("200 imagine-get");
        assertThat(answer("DELETE", "/v1/cancel", true)).isEqualTo("200 cancel");
    }

    @Test
    @DisplayName("a {name} in a template matches one non-empty segment and is handed to the handler")
    void templates() {
        assertThat(answer("GET", "/v1/task/1730621826053455/fetch", true)).isEqualTo("200 fetch 1730621826053455");
        assertThat(answer("GET", "/v1/task//fetch", true)).as("empty segment").startsWith("404");
        assertThat(answer("GET", "/v1/task/a/b/fetch", true)).as("two segments").startsWith("404");
    }

    @Test
    @DisplayName("an unknown path is the vendor's not-found; a known path with another method its wrong-method reply")
    void misses() {
        assertThat(answer("GET", "/v1/nothing", true)).isEqualTo("404 no GET /v1/nothing");
        assertThat(answer("GET", "/v1/imagine/", true)).as("a trailing slash is another path").startsWith("404");
        assertThat(answer("PUT", "/v1/imagine", true)).isEqualTo("405 wrong method PUT");
        assertThat(answer("POST", "/v1/task/7/fetch", true)).isEqualTo("405 wrong method POST");
    }

    @Test
    @DisplayName("without its own wrong-method reply a vendor answers a wrong method with its not-found")
    void wrongMethodDefaultsToNotFound() {
        Routes plain = Routes.builder(KeyCheck.bare("k"), c -> reply(401, "no"))
                .post("/a", c -> reply(200, "a"))
                .notFound(c -> reply(404, "nf"))
                .build();
        SimRequest get = new SimRequest("GET", "/a", Map.of(), Map.of("k", List.of(StubContext.KEY)), new byte[0]);
        assertThat(plain.handle(get, ctx).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("the key is checked before routing: an unknown path without a key is refused as unauthenticated, and counted")
    void keyBeforeRoute() {
        assertThat(answer("POST", "/v1/imagine", false)).isEqualTo("401 unauthorized");
        assertThat(answer("GET", "/v1/nothing", false)).isEqualTo("401 unauthorized");
        assertThat(answer("PUT", "/health", false)).as("a wrong method on an open path is not open").isEqualTo("401 unauthorized");
        assertThat(ctx.rejectedAuth).isEqualTo(3);
    }

    @Test
    @DisplayName("an open route answers without a key and counts no refusal")
    void openRoute() {
        assertThat(answer("GET", "/health", false)).isEqualTo("200 ok");
        assertThat(ctx.rejectedAuth).isZero();
    }

    @Test
    @DisplayName("a Refusal thrown by a handler becomes its reply")
    void refusals() {
        assertThat(answer("GET", "/v1/refuse", true)).isEqualTo("400 refused");
    }

    @Test
    @DisplayName("a route declared twice, or a path without a leading slash, fails when the table is built")
    void badTables() {
        Routes.Builder b = Routes.builder(KeyCheck.bare("k"), c -> reply(401, "no")).post("/a", c -> reply(200, "a"));
        assertThatThrownBy(() -> b.post("/a", c -> reply(200, "b"))).hasMessageContaining("POST /a is declared twice");
        assertThatThrownBy(() -> b.get("a", c -> reply(200, "b"))).hasMessageContaining("starts with '/'");
        assertThatThrownBy(() -> Routes.builder(KeyCheck.bare("k"), c -> reply(401, "no")).build()).hasMessageContaining("notFound");
    }
}
