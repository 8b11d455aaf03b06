package io.mj4j.sandbox.internal.parts;

import io.mj4j.sandbox.vendor.SimContext;
import io.mj4j.sandbox.vendor.SimRequest;
import io.mj4j.sandbox.vendor.SimResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A simulator's route table and front door: checks the key like the vendor (unless the route is open), finds the
 * handler by method and path template ({@code /mj/task/{id}/fetch}: a {@code {name}} matches one non-empty path
 * segment), and turns a {@link Refusal} thrown anywhere in the handler into the vendor's reply. A path the table
 * does not know answers the vendor's not-found reply; a known path asked with another method the vendor's
 * wrong-method reply (its not-found reply unless the vendor has its own). The order of the checks (key, then
 * route) is every vendor's: an unknown path without a key is refused as unauthenticated. Immutable; thread-safe.
 */
public final class Routes {
    /** Answers one routed request. */
    @FunctionalInterface
    public interface Handler {
        SimResponse handle(Call call);
    }

    /**
     * One routed request.
     *
     * @param request the request
     * @param context the sandbox
     * @param vars    the values of the path template's {@code {name}}s
     */
    public record Call(SimRequest request, SimContext context, Map<String, String> vars) {
        public Call {
            vars = Map.copyOf(vars);
        }

        /** The value of the path template's {@code {name}}. */
        public String var(String name) {
            String v = vars.get(name);
            if (v == null) {
                throw new IllegalArgumentException("the route has no {" + name + "}; it has " + vars.keySet());
            }
            return v;
        }
    }

    private record Route(String method, List<String> segments, boolean open, Handler handler) {
        Optional<Map<String, String>> match(List<String> path) {
            if (path.size() != segments.size()) {
                return Optional.empty();
            }
            Map<String, String> vars = new LinkedHashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                String s = segments.get(i);
                if (s.startsWith("{") && s.endsWith("}")) {
                    if (path.get(i).isEmpty()) {
                        return Optional.empty();
                    }
                    vars.put(s.substring(1, s.length() - 1), path.get(i));
                } else if (!s.equals(path.get(i))) {
                    return Optional.empty();
                }
            }
            return Optional.of(vars);
        }
    }

    private final List<Route> routes;
    private final KeyCheck keyCheck;
    private final Handler unauthorized;
    private final Handler notFound;
    private final Handler wrongMethod;

    private Routes(Builder b) {
        this.routes = List.copyOf(b.routes);
        this.keyCheck = Objects.requireNonNull(b.keyCheck, "keyCheck");
        this.unauthorized = Objects.requireNonNull(b.unauthorized, "unauthorized");
        this.notFound = Objects.requireNonNull(b.notFound, "notFound");
        this.wrongMethod = b.wrongMethod != null ? b.wrongMethod : notFound;
    }

    /**
     * A table that checks keys with {@code keyCheck} and answers a missing or wrong key with {@code unauthorized}
     * (counted as a refused authentication).
     */
    public static Builder builder(KeyCheck keyCheck, Handler unauthorized) {
        return new Builder(keyCheck, unauthorized);
    }

    /** Answers {@code request}: key check, route, handler; a {@link Refusal} becomes its reply. */
    public SimResponse handle(SimRequest request, SimContext context) {
        String method = request.method().toUpperCase(Locale.ROOT);
        List<String> path = segments(request.path());
        Route found = null;
        Map<String, String> vars = Map.of();
        boolean pathKnown = false;
        for (Route route : routes) {
            Optional<Map<String, String>> m = route.match(path);
            if (m.isPresent()) {
                pathKnown = true;
                if (route.method().equals(method)) {
                    found = route;
                    vars = m.get();
                    break;
                }
            }
        }
        Call call = new Call(request, context, vars);
        try {
            if ((found == null || !found.open()) && !keyCheck.accepts(request, context.apiKey())) {
                context.countRejectedAuth();
                return unauthorized.handle(call);
            }
            if (found == null) {
                return pathKnown ? wrongMethod.handle(call) : notFound.handle(call);
            }
            return found.handler().handle(call);
        } catch (Refusal refusal) {
            return refusal.response();
        }
    }

    private static List<String> segments(String path) {
        return List.of(path.split("/", -1));
    }

    /** Builds {@link Routes}. Not thread-safe. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();
        private final KeyCheck keyCheck;
        private final Handler unauthorized;
        private Handler notFound;
        private Handler wrongMethod;

        private Builder(KeyCheck keyCheck, Handler unauthorized) {
            this.keyCheck = keyCheck;
            this.unauthorized = unauthorized;
        }

        public Builder get(String path, Handler handler) {
            return route("GET", path, false, handler);
        }

        public Builder post(String path, Handler handler) {
            return route("POST", path, false, handler);
        }

        public Builder delete(String path, Handler handler) {
            return route("DELETE", path, false, handler);
        }

        /** A route answered without a key (a health check). */
        public Builder openGet(String path, Handler handler) {
            return route("GET", path, true, handler);
        }

        private Builder route(String method, String path, boolean open, Handler handler) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a route path starts with '/', got '" + path + "'");
            }
            List<String> segments = segments(path);
            for (Route r : routes) {
                if (r.method().equals(method) && r.segments().equals(segments)) {
                    throw new IllegalArgumentException("route " + method + " " + path + " is declared twice");
                }
            }
            routes.add(new Route(method, segments, open, Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /** The vendor's reply to a path it does not serve. */
        public Builder notFound(Handler reply) {
            this.notFound = reply;
            return this;
        }

        /** The vendor's reply to a known path asked with another method (default: its not-found reply). */
        public Builder wrongMethod(Handler reply) {
            this.wrongMethod = reply;
            return this;
        }

        public Routes build() {
            return new Routes(this);
        }
    }
}
