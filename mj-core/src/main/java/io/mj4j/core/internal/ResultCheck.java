package io.mj4j.core.internal;

import io.mj4j.spi.ActionKind;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.Image;
import io.mj4j.spi.TaskResult;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the engine to "a SUCCEEDED snapshot carries a usable result": an http(s) URL for image and video
 * results, at least one non-blank text for describe and shorten, a number for seed; and no result URL of another
 * scheme ({@code file:}, {@code data:}, {@code jar:} ...) for any action. A vendor answering SUCCESS with an empty
 * or missing image URL made tasks end SUCCEEDED with nothing to show (the CLI exited 0 and wrote nothing).
 *
 * <p>{@link #screen} is called for every incoming snapshot before the state machine: an unusable success is
 * dropped as a protocol error (logged by the caller, polling goes on) and remembered, so that when the deadline
 * comes, {@link #atDeadline} ends the task with {@link FailureCategory#NO_RESULT} quoting what was wrong instead of
 * a plain TIMEOUT. Thread-safe; the engine calls {@link #forget} when a task ends.
 */
public final class ResultCheck {
    private final Map<String, String> problems = new ConcurrentHashMap<>();

    /**
     * Why {@code s}, a snapshot of task {@code taskId} running an action of {@code kind}, is an unusable success;
     * empty when it is usable or not a success. A problem is remembered for {@link #atDeadline}.
     */
    public Optional<String> screen(String taskId, ActionKind kind, TaskSnapshot s) {
        Optional<String> problem = problem(kind, s);
        problem.ifPresent(p -> problems.put(taskId, p));
        return problem;
    }

    /**
     * The failure to end task {@code taskId} with at its deadline: NO_RESULT when the vendor reported success
     * without a usable result, else empty (a plain timeout).
     */
    public Optional<Failure> atDeadline(String taskId) {
        return Optional.ofNullable(problems.get(taskId)).map(p -> Failure.of(FailureCategory.NO_RESULT,
                "The vendor reported the task SUCCEEDED but returned no usable result until the deadline: " + p));
    }

    /** {@code taskId} ended or stopped being tracked. */
    public void forget(String taskId) {
        problems.remove(taskId);
    }

    /** Why a SUCCEEDED {@code s} of {@code kind} is unusable; empty when usable or not SUCCEEDED. */
    static Optional<String> problem(ActionKind kind, TaskSnapshot s) {
        if (s.status() != TaskStatus.SUCCEEDED) {
            return Optional.empty();
        }
        if (s.result().isEmpty()) {
            return kind == ActionKind.CUSTOM ? Optional.empty() : Optional.of("no result at all");
        }
        TaskResult r = s.result().get();
        List<URI> urls = new ArrayList<>();
        r.grid().map(Image::url).ifPresent(urls::add);
        r.images().stream().map(Image::url).forEach(urls::add);
        urls.addAll(r.videos());
        for (URI u : urls) {
            if (!httpUrl(u)) {
                return Optional.of("result URL '" + shorten(String.valueOf(u)) + "' is not an http(s) URL");
            }
        }
        return switch (kind) {
            case DESCRIBE, SHORTEN -> r.texts().stream().anyMatch(t -> t != null && !t.isBlank())
                    ? Optional.empty() : Optional.of("no prompt texts");
            case SEED -> r.seed().isPresent() ? Optional.empty() : Optional.of("no seed");
            case ANIMATE -> r.videos().isEmpty() ? Optional.of("no video URL") : Optional.empty();
            // an escape-hatch action may produce anything (or nothing); only its URLs are checked above
            case CUSTOM -> Optional.empty();
            default -> r.primaryImage().isPresent() ? Optional.empty() : Optional.of("no image URL");
        };
    }

    private static boolean httpUrl(URI u) {
        if (u == null || u.getScheme() == null || u.getHost() == null || u.getHost().isEmpty()) {
            return false;
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    private static String shorten(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
