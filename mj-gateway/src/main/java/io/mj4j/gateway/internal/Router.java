package io.mj4j.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.mj4j.core.callback.CallbackReceiver;
import io.mj4j.gateway.ClientKey;
import io.mj4j.spi.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP side: reads each request (bounded body), authenticates it, dispatches it to {@link Submits} or
 * {@link Queries}, and writes the answer with every configured vendor key redacted (raw and JSON-escaped) as the
 * last step, whatever produced the text. Paths are those of mjproxy.md §5 under {@code /mj}, optionally behind a
 * speed segment ({@code /mj-fast/mj/...}, §1, accepted and ignored: speed comes from the prompt); uploaded images
 * under {@code /mj/image/} need no key (the vendor fetches them); vendor callbacks go to mj4j's HMAC receiver under
 * {@code /mj4j/callbacks/}. Unknown paths answer 404 with Spring's error shape, as the OSS server does. Runs on the
 * server's bounded executor. Thread-safe.
 */
public final class Router implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    public static final String CALLBACK_PATH = "/mj4j/callbacks";
    private static final Pattern TASK = Pattern.compile("/mj/task/([^/]+)/(fetch|cancel|image-seed)");
    private static final Pattern SPEED = Pattern.compile("^/mj-(fast|relax|turbo)(/mj/.*)$");

    private final Auth auth;
    private final Submits submits;
    private final Queries queries;
    private final GatewayTasks tasks;
    private final Optional<CallbackReceiver> callbacks;
    private final Redaction redaction;
    private final int maxBody;

    public Router(Auth auth, Submits submits, Queries queries, GatewayTasks tasks, Optional<CallbackReceiver> callbacks,
                  Redaction redaction, int maxBody) {
        this.auth = auth;
        this.submits = submits;
        this.queries = queries;
        this.tasks = tasks;
        this.callbacks = callbacks;
        this.redaction = redaction;
        this.maxBody = maxBody;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            Matcher speed = SPEED.matcher(path);
            if (speed.matches()) {
                path = speed.group(2);
            }
            byte[] body = readBody(ex);
            if (body == null) {
                send(ex, 413, "{\"code\":4,\"description\":\"request body larger than " + maxBody + " bytes\"}");
                return;
            }
            if (path.startsWith(CALLBACK_PATH + "/") && callbacks.isPresent()) {
                if (!method.equals("POST")) {
                    send(ex, 405, "");
                    return;
                }
                CallbackReceiver.Response r = callbacks.get().handle(path, ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), body);
                send(ex, r.status(), r.message());
                return;
            }
            if (path.startsWith("/mj/image/") && method.equals("GET")) {
                image(ex, path.substring("/mj/image/".length()));
                return;
            }
            if (!path.startsWith("/mj/")) {
                notFound(ex, path);
                return;
            }
            Optional<ClientKey> caller = auth.caller(ex.getRequestHeaders());
            if (caller.isEmpty()) {
                send(ex, 401, ""); // §2/§10: the OSS server and Plus answer 401 with an empty body
                return;
            }
            dispatch(ex, method, path, body, caller.get());
        } catch (RuntimeException e) {
            LOG.warn("gateway request {} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), redaction.apply(e.toString()));
            try {
                send(ex, 500, Json.write(Codes.reply(9, "System error: " + e.getClass().getSimpleName(), null, Map.of())));
            } catch (IOException | RuntimeException ignored) {
                // the client is gone
            }
        }
    }

    private void dispatch(HttpExchange ex, String method, String path, byte[] raw, ClientKey caller) throws IOException {
        try {
            if (method.equals("POST")) {
                JsonNode body = Json.body(raw);
                ObjectNode reply = switch (path) {
                    case "/mj/submit/imagine" -> submits.imagine(caller, body);
                    case "/mj/submit/blend" -> submits.blend(caller, body);
                    case "/mj/submit/describe" -> submits.describe(caller, body);
                    case "/mj/submit/shorten" -> submits.shorten(caller, body);
                    case "/mj/submit/action" -> submits.action(caller, body);
                    case "/mj/submit/modal" -> submits.modal(caller, body);
                    case "/mj/submit/change" -> submits.change(caller, body);
                    case "/mj/submit/simple-change" -> submits.simpleChange(caller, body);
                    case "/mj/task/query" -> queries.query(caller, body);
                    default -> null;
                };
                if (reply != null) {
                    send(ex, 200, Json.write(reply));
                    return;
                }
                if (path.equals("/mj/task/list-by-condition") || path.equals("/mj/task/list-by-ids")) {
                    send(ex, 200, Json.write(queries.listByCondition(caller, body)));
                    return;
                }
            }
            Matcher m = TASK.matcher(path);
            if (m.matches()) {
                String id = m.group(1);
                switch (m.group(2)) {
                    case "fetch" -> {
                        if (method.equals("GET")) {
                            Optional<ObjectNode> task = queries.fetch(caller, id);
                            send(ex, 200, task.map(Json::write).orElse("")); // §5.9: OSS v2 answers an unknown id with an empty 200
                            return;
                        }
                    }
                    case "cancel" -> {
                        if (method.equals("POST")) {
                            send(ex, 200, Json.write(queries.cancel(caller, id)));
                            return;
                        }
                    }
                    default -> {
                        if (method.equals("GET")) {
                            send(ex, 200, Json.write(queries.imageSeed(caller, id)));
                            return;
                        }
                    }
                }
                send(ex, 405, "");
                return;
            }
            if (path.equals("/mj/task/list") && method.equals("GET")) {
                send(ex, 200, Json.write(queries.list(caller)));
                return;
            }
            notFound(ex, path);
        } catch (Bad b) {
            send(ex, b.httpStatus(), Json.write(Codes.reply(b.code(), b.getMessage(), null, b.properties())));
        }
    }

    private void image(HttpExchange ex, String id) throws IOException {
        Optional<Map.Entry<String, byte[]>> img = Images.plausibleId(id) ? tasks.image(id) : Optional.empty();
        if (img.isEmpty()) {
            notFound(ex, "/mj/image/" + id);
            return;
        }
        ex.getResponseHeaders().set("Content-Type", img.get().getKey());
        ex.getResponseHeaders().set("Cache-Control", "public, max-age=31536000, immutable");
        ex.sendResponseHeaders(200, img.get().getValue().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(img.get().getValue());
        }
    }

    private void notFound(HttpExchange ex, String path) throws IOException {
        ObjectNode n = Json.object();
        n.put("status", 404);
        n.put("error", "Not Found");
        n.put("path", path.length() > 200 ? path.substring(0, 200) : path);
        send(ex, 404, Json.write(n));
    }

    /** Reads the body, or null when it is larger than the limit. */
    private byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(maxBody + 1);
            return b.length > maxBody ? null : b;
        }
    }

    private void send(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = redaction.apply(text).getBytes(StandardCharsets.UTF_8);
        if (!text.isEmpty() && (text.startsWith("{") || text.startsWith("["))) {
            ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        } else if (!text.isEmpty()) {
            ex.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
