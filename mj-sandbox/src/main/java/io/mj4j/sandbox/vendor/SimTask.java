package io.mj4j.sandbox.vendor;

import io.mj4j.spi.ActionKind;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One simulated job. Its phase and progress are functions of time (set at creation from the duration
 * model and the fault rates), so every query is consistent without a background thread. Vendor
 * simulators keep their own ids (image ids, button customIds, per-action request ids) in
 * {@link #attributes()}. Thread-safe.
 */
public final class SimTask {
    /** Where a job is. */
    public enum Phase { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    /** How a job ends, decided at creation. */
    public enum Outcome { SUCCESS, PROMPT_REJECTED, VENDOR_ERROR, STALL }

    private final String id;
    private final ActionKind kind;
    private final String prompt;
    private final String aspectRatio;
    private final SimTask parent;
    private final int index;
    private final Instant createdAt;
    private final Instant startsAt;
    private final Instant endsAt;
    private final Outcome outcome;
    private final String callbackUrl;
    private final URI fileBase;
    private final long seed;
    private final Map<String, String> attributes = new ConcurrentHashMap<>();
    private volatile Instant cancelledAt;

    public SimTask(String id, ActionKind kind, String prompt, String aspectRatio, SimTask parent, int index, Instant createdAt,
                   Instant startsAt, Instant endsAt, Outcome outcome, String callbackUrl, URI fileBase, long seed) {
        this.id = id;
        this.kind = kind;
        this.prompt = prompt;
        this.aspectRatio = aspectRatio;
        this.parent = parent;
        this.index = index;
        this.createdAt = createdAt;
        this.startsAt = startsAt;
        this.endsAt = endsAt;
        this.outcome = outcome;
        this.callbackUrl = callbackUrl;
        this.fileBase = fileBase;
        this.seed = seed;
    }

    public String id() { return id; }
    public ActionKind kind() { return kind; }
    /** The prompt text as submitted (for follow-ups: the parent's, unless a new one was given). */
    public String prompt() { return prompt; }
    /** "W:H". */
    public String aspectRatio() { return aspectRatio; }
    public Optional<SimTask> parent() { return Optional.ofNullable(parent); }
    /** The grid position a follow-up acted on (1..4), or 0. */
    public int index() { return index; }
    public Instant createdAt() { return createdAt; }
    /** When the job leaves the queue. */
    public Instant startsAt() { return startsAt; }
    /** When the job was cancelled, if it was. */
    public Optional<Instant> cancelledAt() { return Optional.ofNullable(cancelledAt); }
    /** When the job finishes (or, for a stall, would have). */
    public Instant endsAt() { return endsAt; }
    public Outcome outcome() { return outcome; }
    public Optional<String> callbackUrl() { return Optional.ofNullable(callbackUrl); }
    /** Vendor-specific values. */
    public Map<String, String> attributes() { return attributes; }

    /** Phase at {@code now}. */
    public Phase phase(Instant now) {
        Instant c = cancelledAt;
        if (c != null && !now.isBefore(c)) {
            return Phase.CANCELLED;
        }
        if (now.isBefore(startsAt)) {
            return Phase.QUEUED;
        }
        if (now.isBefore(endsAt) || outcome == Outcome.STALL) {
            return Phase.RUNNING;
        }
        return outcome == Outcome.SUCCESS ? Phase.SUCCEEDED : Phase.FAILED;
    }

    /** Progress 0..100 at {@code now}; a stall stops at 47 %. */
    public int progress(Instant now) {
        Phase p = phase(now);
        if (p == Phase.SUCCEEDED) {
            return 100;
        }
        if (p == Phase.QUEUED || p == Phase.CANCELLED && now.isBefore(startsAt)) {
            return 0;
        }
        long total = Math.max(1, endsAt.toEpochMilli() - startsAt.toEpochMilli());
        long done = Math.max(0, Math.min(now.toEpochMilli(), endsAt.toEpochMilli()) - startsAt.toEpochMilli());
        int pct = (int) Math.min(99, done * 100 / total);
        return outcome == Outcome.STALL ? Math.min(pct, 47) : pct;
    }

    /** Cancels the job if it is still queued; returns whether it was. */
    public synchronized boolean cancel(Instant now) {
        if (phase(now) != Phase.QUEUED) {
            return false;
        }
        cancelledAt = now;
        return true;
    }

    /** Why a failed job failed, in the words a vendor would use. */
    public String failureMessage() {
        return outcome == Outcome.PROMPT_REJECTED
                ? "Banned prompt detected: the AI moderator thinks your prompt may be against our community standards"
                : "Midjourney job failed: upstream GPU error";
    }

    /** True for kinds whose result is a 2x2 grid. */
    public boolean producesGrid() {
        return switch (kind) {
            case IMAGINE, BLEND, VARIATION, REROLL, VARY, ZOOM, PAN, VARY_REGION -> true;
            default -> false;
        };
    }

    /** The grid image URL (grid kinds). */
    public URI gridUrl() { return file("grid.png"); }
    /** The URL of one grid cell, 1..4. */
    public URI cellUrl(int cell) { return file("cell-" + cell + ".png"); }
    /** The single image URL (upscales). */
    public URI imageUrl() { return file("image.png"); }
    /** The video URL (animate): a small animated GIF. */
    public URI videoUrl() { return file("video.gif"); }

    private URI file(String name) {
        return URI.create(fileBase + "/sandbox/files/" + id + "/" + name);
    }

    /** Four prompt suggestions (describe) or shortened prompts (shorten). */
    public List<String> texts() {
        String base = prompt == null || prompt.isBlank() ? "a quiet scene" : prompt.replaceAll("\\s*--.*$", "");
        return List.of(
                "1\uFE0F\u20E3 " + base + ", soft morning light, detailed --ar " + aspectRatio,
                "2\uFE0F\u20E3 " + base + ", cinematic, wide angle --ar " + aspectRatio,
                "3\uFE0F\u20E3 " + base + ", watercolor illustration --ar " + aspectRatio,
                "4\uFE0F\u20E3 " + base + ", minimal flat design --ar " + aspectRatio);
    }

    /** The job's seed. */
    public long seed() {
        return seed;
    }
}
