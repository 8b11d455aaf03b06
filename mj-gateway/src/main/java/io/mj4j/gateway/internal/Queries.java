package io.mj4j.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.core.Mj;
import io.mj4j.core.Task;
import io.mj4j.gateway.ClientKey;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.MjException;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code /mj/task/*} endpoints (mjproxy.md §5.9): fetch, list-by-condition (batch fetch), list, the Plus paged
 * query (the only way to find a task by its {@code state}, which is how a client recovers a submit whose answer it
 * lost), cancel and image-seed. A client sees only its own tasks; anyone else's id reads as unknown. Thread-safe.
 */
public final class Queries {
    /** §5.9: list-by-condition accepts at most this many ids per call. */
    static final int MAX_IDS = 200;
    static final int LIST_LIMIT = 100;

    private final Mj mj;
    private final GatewayTasks tasks;
    private final Views views;
    private final Duration wait;

    public Queries(Mj mj, GatewayTasks tasks, Views views, Duration wait) {
        this.mj = mj;
        this.tasks = tasks;
        this.views = views;
        this.wait = wait;
    }

    /** §5.9 fetch: the task object, or empty for an unknown id (OSS v2 answers 200 with an empty body). */
    public Optional<ObjectNode> fetch(ClientKey caller, String id) {
        return views.owned(caller, id).map(views::render);
    }

    /** §5.9 list-by-condition {@code {ids: [...]}}: unknown ids are left out; no ids gives {@code []}. */
    public ArrayNode listByCondition(ClientKey caller, JsonNode body) {
        ArrayNode out = Json.array();
        JsonNode ids = body.get("ids");
        if (ids == null || ids.isNull()) {
            return out;
        }
        if (!ids.isArray()) {
            throw Bad.validation("ids: must be an array of task ids");
        }
        if (ids.size() > MAX_IDS) {
            throw Bad.validation("ids: at most " + MAX_IDS + " per call, got " + ids.size());
        }
        Set<String> seen = new LinkedHashSet<>();
        ids.forEach(n -> seen.add(n.asText()));
        for (String id : seen) {
            views.owned(caller, id).ifPresent(r -> out.add(views.render(r)));
        }
        return out;
    }

    /** §5.9 list: the caller's newest tasks first (at most 100). */
    public ArrayNode list(ClientKey caller) {
        ArrayNode out = Json.array();
        tasks.recent(caller.name(), LIST_LIMIT).forEach(r -> out.add(views.render(r)));
        return out;
    }

    /**
     * §5.9 Plus query: filters {@code state}, {@code ids}, {@code status}; pages of {@code pageSize} (1..100, default
     * 10) numbered from 0. Answers a Spring-style page ({@code content}, {@code totalElements}...).
     */
    public ObjectNode query(ClientKey caller, JsonNode body) {
        int pageSize = body.path("pageSize").asInt(10);
        int pageNumber = body.path("pageNumber").asInt(0);
        if (pageSize < 1 || pageSize > LIST_LIMIT || pageNumber < 0) {
            throw Bad.validation("pageSize must be 1.." + LIST_LIMIT + " and pageNumber >= 0");
        }
        Optional<String> state = Json.text(body, "state");
        List<GatewayTasks.Row> rows = state.isPresent() ? tasks.byState(caller.name(), state.get(), 1000) : tasks.recent(caller.name(), 1000);
        Set<String> ids = new LinkedHashSet<>();
        body.path("ids").forEach(n -> ids.add(n.asText()));
        Json.text(body, "id").ifPresent(ids::add);
        Optional<String> status = Json.text(body, "status").map(s -> s.toUpperCase(Locale.ROOT));
        List<ObjectNode> matching = rows.stream().filter(r -> ids.isEmpty() || ids.contains(r.id())).map(views::render)
                .filter(n -> status.isEmpty() || status.get().equals(n.path("status").asText())).toList();
        ObjectNode page = Json.object();
        ArrayNode content = page.putArray("content");
        matching.stream().skip((long) pageNumber * pageSize).limit(pageSize).forEach(content::add);
        page.put("totalElements", matching.size());
        page.put("totalPages", (matching.size() + pageSize - 1) / pageSize);
        page.put("number", pageNumber);
        page.put("size", pageSize);
        return page;
    }

    /** §5.9 cancel (Plus answers {@code {code, description}}). */
    public ObjectNode cancel(ClientKey caller, String id) {
        GatewayTasks.Row row = views.owned(caller, id).orElseThrow(() -> Bad.parentMissing(id));
        if (row.phase() == GatewayTasks.Phase.MODAL) {
            tasks.setPhase(id, GatewayTasks.Phase.CANCELLED);
            return Codes.reply(Codes.SUCCESS, "Cancelled", id, Map.of());
        }
        Optional<TaskView.Engine> e = views.engine(id);
        if (e.isEmpty() || e.get().snapshot().isTerminal()) {
            throw Bad.validation("task " + id + " has " + (e.isEmpty() ? "not started" : "already ended (" + e.get().snapshot().status() + ")"));
        }
        try {
            Task t = mj.task(id).orElseGet(() -> mj.resume(id));
            TaskSnapshot s = t.cancel().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return Codes.reply(Codes.SUCCESS, "Cancelled", id, Map.of("status", TaskView.render(row, Optional.of(
                    new TaskView.Engine(s, e.get().providerId(), e.get().updatedAt())), false).path("status").asText()));
        } catch (MjException ex) {
            throw Submits.refusal(ex, false);
        } catch (ExecutionException ex) {
            throw ex.getCause() instanceof MjException m ? Submits.refusal(m, false) : new IllegalStateException(ex.getCause());
        } catch (TimeoutException ex) {
            return Codes.reply(Codes.IN_QUEUE, "Cancel sent; the vendor has not answered yet", id, Map.of());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Codes.reply(Codes.IN_QUEUE, "Cancel sent; the vendor has not answered yet", id, Map.of());
        }
    }

    /** §5.9 image-seed: {@code {code: 1, result: "<seed>"}}; the seed is an mj4j follow-up sent to the task's vendor. */
    public ObjectNode imageSeed(ClientKey caller, String id) {
        GatewayTasks.Row row = views.owned(caller, id).orElseThrow(() -> Bad.parentMissing(id));
        TaskSnapshot ps = views.engine(id).map(TaskView.Engine::snapshot).orElseThrow(() -> Bad.validation("task " + id + " has not started"));
        if (ps.status() != TaskStatus.SUCCEEDED || !ps.followUps().contains(FollowUp.of(ActionKind.SEED))) {
            throw Bad.validation("task " + row.id() + " offers no seed (" + ps.status() + "; its vendor can read seeds of finished jobs only)");
        }
        try {
            TaskSnapshot s = mj.followUp(id, new Action.Seed()).completion().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            long seed = s.result().flatMap(r -> r.seed().isPresent() ? Optional.of(r.seed().getAsLong()) : Optional.empty())
                    .orElseThrow(() -> Bad.validation("the vendor returned no seed for task " + id));
            return Codes.reply(Codes.SUCCESS, "Success", Long.toString(seed), Map.of());
        } catch (MjException ex) {
            throw Submits.refusal(ex, false);
        } catch (ExecutionException ex) {
            throw ex.getCause() instanceof MjException m ? Submits.refusal(m, false) : new IllegalStateException(ex.getCause());
        } catch (TimeoutException ex) {
            throw new Bad(Codes.NOT_FOUND, "the vendor did not return the seed within " + wait.toSeconds() + " s; try again");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new Bad(Codes.NOT_FOUND, "interrupted");
        }
    }
}
