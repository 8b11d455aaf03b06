package io.mj4j.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mj4j.core.store.TaskRecord;
import io.mj4j.spi.Action;
import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Dimensions;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.FollowUp;
import io.mj4j.spi.Image;
import io.mj4j.spi.Prompt;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.Usage;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON form of task records, actions and snapshots, used by the stores and the command line.
 * Round trips every field of {@link TaskRecord}, {@link Action} and {@link TaskSnapshot}. Thread-safe.
 */
public final class TaskJson {
    public static final ObjectMapper JSON = new ObjectMapper();

    private TaskJson() {
    }

    public static ObjectNode record(TaskRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.id());
        n.put("provider", r.providerId());
        n.set("action", action(r.action()));
        r.parentId().ifPresent(p -> n.put("parent", p));
        n.set("snapshot", snapshot(r.snapshot()));
        n.put("createdAt", r.createdAt().toString());
        n.put("updatedAt", r.updatedAt().toString());
        n.put("deadline", r.deadline().toString());
        return n;
    }

    public static TaskRecord record(JsonNode n) {
        return new TaskRecord(n.get("id").asText(), n.get("provider").asText(), action(n.get("action")),
                Optional.ofNullable(n.get("parent")).map(JsonNode::asText), snapshot(n.get("snapshot")),
                Instant.parse(n.get("createdAt").asText()), Instant.parse(n.get("updatedAt").asText()),
                Instant.parse(n.get("deadline").asText()));
    }

    public static ObjectNode action(Action a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", a.kind().name());
        if (a instanceof Action.Imagine i) {
            n.put("prompt", i.prompt().render());
        } else if (a instanceof Action.Shorten sh) {
            n.put("prompt", sh.prompt().render());
        } else if (a instanceof Action.Blend b) {
            ArrayNode images = n.putArray("images");
            b.images().forEach(u -> images.add(u.toString()));
            n.put("shape", b.shape().name());
        } else if (a instanceof Action.Describe d) {
            n.put("image", d.image().toString());
        } else if (a instanceof Action.Upscale u) {
            n.put("index", u.index());
        } else if (a instanceof Action.Variation v) {
            n.put("index", v.index());
        } else if (a instanceof Action.Vary v) {
            n.put("strength", v.strength().name());
        } else if (a instanceof Action.UpscaleMore u) {
            n.put("mode", u.mode().name());
        } else if (a instanceof Action.Zoom z) {
            n.put("factor", z.factor());
            n.put("square", z.square());
            z.prompt().ifPresent(t -> n.put("prompt", t));
        } else if (a instanceof Action.Pan p) {
            n.put("direction", p.direction().name());
            p.prompt().ifPresent(t -> n.put("prompt", t));
        } else if (a instanceof Action.VaryRegion v) {
            n.put("mask", v.maskPngBase64());
            v.prompt().ifPresent(t -> n.put("prompt", t));
        } else if (a instanceof Action.Animate an) {
            n.put("motion", an.motion().name());
            an.prompt().ifPresent(t -> n.put("prompt", t));
            n.put("hd", an.hd());
        } else if (a instanceof Action.Custom c) {
            n.put("vendorActionId", c.vendorActionId());
            n.put("followUp", c.followUp());
            ObjectNode params = n.putObject("params");
            c.params().forEach(params::put);
        }
        // Reroll and Seed carry no fields
        return n;
    }

    public static Action action(JsonNode n) {
        ActionKind kind = ActionKind.valueOf(n.get("kind").asText());
        Optional<String> prompt = Optional.ofNullable(n.get("prompt")).map(JsonNode::asText);
        return switch (kind) {
            case IMAGINE -> new Action.Imagine(Prompt.parse(prompt.orElseThrow()));
            case SHORTEN -> new Action.Shorten(Prompt.parse(prompt.orElseThrow()));
            case BLEND -> {
                List<URI> images = new ArrayList<>();
                n.get("images").forEach(u -> images.add(URI.create(u.asText())));
                yield new Action.Blend(images, Action.BlendShape.valueOf(n.get("shape").asText()));
            }
            case DESCRIBE -> new Action.Describe(URI.create(n.get("image").asText()));
            case UPSCALE -> new Action.Upscale(n.get("index").asInt());
            case VARIATION -> new Action.Variation(n.get("index").asInt());
            case REROLL -> new Action.Reroll();
            case VARY -> new Action.Vary(Action.Strength.valueOf(n.get("strength").asText()));
            case UPSCALE_MORE -> new Action.UpscaleMore(Action.UpscaleMode.valueOf(n.get("mode").asText()));
            case ZOOM -> new Action.Zoom(n.get("factor").asDouble(), n.get("square").asBoolean(), prompt);
            case PAN -> new Action.Pan(Action.Direction.valueOf(n.get("direction").asText()), prompt);
            case VARY_REGION -> new Action.VaryRegion(n.get("mask").asText(), prompt);
            case ANIMATE -> new Action.Animate(Action.Motion.valueOf(n.get("motion").asText()), prompt, n.path("hd").asBoolean());
            case SEED -> new Action.Seed();
            case CUSTOM -> {
                Map<String, String> params = new LinkedHashMap<>();
                n.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
                yield new Action.Custom(n.get("vendorActionId").asText(), params, n.path("followUp").asBoolean());
            }
        };
    }

    public static ObjectNode snapshot(TaskSnapshot s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", s.status().name());
        s.vendorTaskId().ifPresent(v -> n.put("vendorTaskId", v));
        s.progress().ifPresent(p -> n.put("progress", p));
        s.vendorStatus().ifPresent(v -> n.put("vendorStatus", v));
        s.previewUrl().ifPresent(u -> n.put("previewUrl", u.toString()));
        s.result().ifPresent(r -> {
            ObjectNode res = n.putObject("result");
            r.grid().ifPresent(g -> res.set("grid", image(g)));
            ArrayNode images = res.putArray("images");
            r.images().forEach(i -> images.add(image(i)));
            ArrayNode videos = res.putArray("videos");
            r.videos().forEach(v -> videos.add(v.toString()));
            ArrayNode texts = res.putArray("texts");
            r.texts().forEach(texts::add);
            r.seed().ifPresent(seed -> res.put("seed", seed));
        });
        ArrayNode follow = n.putArray("followUps");
        s.followUps().stream().map(FollowUp::toString).sorted().forEach(follow::add);
        s.failure().ifPresent(f -> {
            ObjectNode fn = n.putObject("failure");
            fn.put("category", f.category().name());
            fn.put("message", f.vendorMessage());
            f.vendorCode().ifPresent(c -> fn.put("code", c));
        });
        s.usage().ifPresent(u -> {
            ObjectNode un = n.putObject("usage");
            un.put("amount", u.amount().toPlainString()); // a string keeps the scale: 2.50 stays 2.50
            un.put("unit", u.unit());
        });
        ObjectNode state = n.putObject("vendorState");
        s.vendorState().forEach(state::put);
        return n;
    }

    private static ObjectNode image(Image i) {
        ObjectNode n = JSON.createObjectNode();
        n.put("url", i.url().toString());
        i.size().ifPresent(d -> {
            n.put("width", d.width());
            n.put("height", d.height());
        });
        return n;
    }

    private static Image image(JsonNode n) {
        return new Image(URI.create(n.get("url").asText()),
                n.has("width") ? Optional.of(new Dimensions(n.get("width").asInt(), n.get("height").asInt())) : Optional.empty());
    }

    public static TaskSnapshot snapshot(JsonNode n) {
        TaskSnapshot.Builder b = TaskSnapshot.builder(TaskStatus.valueOf(n.get("status").asText()));
        Optional.ofNullable(n.get("vendorTaskId")).map(JsonNode::asText).ifPresent(b::vendorTaskId);
        Optional.ofNullable(n.get("progress")).map(JsonNode::asInt).ifPresent(b::progress);
        Optional.ofNullable(n.get("vendorStatus")).map(JsonNode::asText).ifPresent(b::vendorStatus);
        Optional.ofNullable(n.get("previewUrl")).map(v -> URI.create(v.asText())).ifPresent(b::previewUrl);
        JsonNode r = n.get("result");
        if (r != null) {
            List<Image> images = new ArrayList<>();
            r.path("images").forEach(i -> images.add(image(i)));
            List<URI> videos = new ArrayList<>();
            r.path("videos").forEach(v -> videos.add(URI.create(v.asText())));
            List<String> texts = new ArrayList<>();
            r.path("texts").forEach(t -> texts.add(t.asText()));
            b.result(new TaskResult(r.has("grid") ? Optional.of(image(r.get("grid"))) : Optional.empty(), images, videos, texts,
                    r.has("seed") ? OptionalLong.of(r.get("seed").asLong()) : OptionalLong.empty()));
        }
        n.path("followUps").forEach(f -> {
            String[] parts = f.asText().split(":", 2);
            b.followUp(FollowUp.of(ActionKind.valueOf(parts[0]), parts.length > 1 ? parts[1] : ""));
        });
        JsonNode f = n.get("failure");
        if (f != null) {
            b.failure(new Failure(FailureCategory.valueOf(f.get("category").asText()), f.path("message").asText(),
                    Optional.ofNullable(f.get("code")).map(JsonNode::asText)));
        }
        JsonNode u = n.get("usage");
        if (u != null) {
            b.usage(new Usage(new BigDecimal(u.get("amount").asText()), u.get("unit").asText()));
        }
        n.path("vendorState").properties().forEach(e -> b.vendorState(e.getKey(), e.getValue().asText()));
        return b.build();
    }
}
