package io.mj4j.spring.boot;

import io.mj4j.core.callback.CallbackReceiver;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The callback endpoint as a Spring MVC functional route: {@code POST <path>/<task id>?token=...}. Each request
 * goes to {@link CallbackReceiver#handle}, which checks the task's HMAC token in constant time, bounds the body
 * and applies the callback through the engine's state machine; its status (200, 400, 403, 404, 413) is answered.
 * The body is read up to one byte past the limit, so an oversized body costs no more memory than the limit.
 */
final class MjCallbackRoute {
    private MjCallbackRoute() {
    }

    static RouterFunction<ServerResponse> route(String path, CallbackReceiver receiver) {
        return RouterFunctions.route()
                .POST(path + "/{taskId}", request -> handle(request, receiver))
                .build();
    }

    private static ServerResponse handle(ServerRequest request, CallbackReceiver receiver) throws IOException {
        byte[] body;
        try (InputStream in = request.servletRequest().getInputStream()) {
            body = in.readNBytes(receiver.maxBodyBytes() + 1);
        }
        Map<String, List<String>> headers = request.headers().asHttpHeaders(); // case-insensitive names
        CallbackReceiver.Response r = receiver.handle(request.path(), request.uri().getRawQuery(), headers, body);
        return ServerResponse.status(r.status()).contentType(MediaType.TEXT_PLAIN).body(r.message());
    }
}
