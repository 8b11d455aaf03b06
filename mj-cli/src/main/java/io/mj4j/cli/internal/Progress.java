package io.mj4j.cli.internal;

import io.mj4j.core.Task;
import io.mj4j.core.TaskListener;
import io.mj4j.spi.TaskSnapshot;

import java.io.PrintStream;

/**
 * Shows a task's progress: on a terminal one redrawn line with status, a bar, percent and elapsed time;
 * otherwise one plain line per change.
 */
public final class Progress implements TaskListener {
    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private String last = "";

    public Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void onUpdate(Task task, TaskSnapshot s) {
        int pct = s.progress().orElse(0);
        String line = String.format("%s %-10s %3d%%", shortId(task.id()), s.status(), pct);
        if (line.equals(last)) {
            return;
        }
        last = line;
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (terminal) {
            int filled = pct / 5;
            out.print("\r" + line + " [" + "#".repeat(filled) + "-".repeat(20 - filled) + "] " + String.format("%5.1fs", elapsed)
                    + (s.isTerminal() ? System.lineSeparator() : ""));
        } else {
            out.println(line + String.format(" %.1fs", elapsed));
        }
        out.flush();
    }

    public static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
