package io.mj4j.bench;

import io.mj4j.core.MjEvents;
import io.mj4j.core.Task;
import io.mj4j.sandbox.vendor.SimTask;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Diagnostics of the engine's polling (option {@code --trace N}): every snapshot each task's listener heard (a poll
 * that changed something: status or progress), the engine's poll events (requests and tasks per request), and a
 * timeline of the tasks detected latest next to the vendor's own queue and end times. Costs memory per task: heap
 * figures of a traced run are not comparable.
 */
final class Trace {
    record Point(Instant at, TaskStatus status, int progress) {
    }

    private final Map<String, List<Point>> points = new ConcurrentHashMap<>();
    private final Map<String, String> vendorIds = new ConcurrentHashMap<>();
    private final LongAdder pollRequests = new LongAdder();
    private final LongAdder polledTasks = new LongAdder();

    void heard(Task task, TaskSnapshot s, Instant at) {
        points.computeIfAbsent(task.id(), k -> Collections.synchronizedList(new ArrayList<>()))
                .add(new Point(at, s.status(), s.progress().orElse(-1)));
        s.vendorTaskId().ifPresent(v -> vendorIds.putIfAbsent(task.id(), v));
    }

    MjEvents events() {
        return new MjEvents() {
            @Override
            public void polled(String providerId, boolean ok, int tasks, Duration took) {
                pollRequests.increment();
                polledTasks.add(tasks);
            }
        };
    }

    /** The summary and the timelines of the {@code worst} tasks detected latest, plus the median one. */
    String report(Map<String, SimTask> jobs, int worst) {
        record Row(String id, List<Point> seen, SimTask job, double delay) {
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<Point>> e : points.entrySet()) {
            SimTask job = jobs.get(vendorIds.get(e.getKey()));
            List<Point> seen = List.copyOf(e.getValue());
            Point last = seen.get(seen.size() - 1);
            if (job != null && last.status() == TaskStatus.SUCCEEDED) {
                rows.add(new Row(e.getKey(), seen, job, Duration.between(job.endsAt(), last.at()).toMillis() / 1000.0));
            }
        }
        rows.sort(Comparator.comparingDouble(Row::delay).reversed());
        StringBuilder sb = new StringBuilder();
        double heardPerTask = rows.stream().mapToInt(r -> r.seen().size()).average().orElse(0);
        sb.append(String.format(Locale.ROOT, "engine poll requests %d, task polls %d (%.1f tasks per request); snapshots heard per task %.1f%n",
                pollRequests.sum(), polledTasks.sum(), polledTasks.sum() / Math.max(1.0, pollRequests.sum()), heardPerTask));
        List<Row> shown = new ArrayList<>(rows.subList(0, Math.min(worst, rows.size())));
        if (!rows.isEmpty()) {
            shown.add(rows.get(rows.size() / 2));
        }
        for (Row r : shown) {
            Instant t0 = r.seen().get(0).at();
            sb.append(String.format(Locale.ROOT, "  delay %.1f s: vendor runs %+.1f .. %+.1f s (%.1f s); heard:", r.delay(),
                    secs(t0, r.job().startsAt()), secs(t0, r.job().endsAt()),
                    secs(r.job().startsAt(), r.job().endsAt())));
            for (Point p : r.seen()) {
                sb.append(String.format(Locale.ROOT, " %+.1f %s%s", secs(t0, p.at()), p.status(),
                        p.progress() >= 0 && p.status() == TaskStatus.RUNNING ? " " + p.progress() + "%" : ""));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static double secs(Instant a, Instant b) {
        return Duration.between(a, b).toMillis() / 1000.0;
    }
}
