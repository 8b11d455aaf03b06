package io.mj4j.provider.gptunnel.internal;

import io.mj4j.spi.TaskStatus;

import java.util.Locale;

/**
 * The one mapping from GPTunnel's {@code status} word (plus {@code percent} and {@code error}) to {@link TaskStatus}.
 * Only {@code idle} and {@code done} are documented (gptunnel.md §4); the rest follows the vendor file's
 * "robust client logic": failure words and a non-null {@code error} end the task, anything else is still running.
 *
 * <table>
 *   <caption>GPTunnel status word to TaskStatus (words compared trimmed and lower-case)</caption>
 *   <tr><th>status word</th><th>TaskStatus</th><th>source</th></tr>
 *   <tr><td>{@code cancel*} ({@code cancel}, {@code cancelled}, {@code canceled}...)</td><td>CANCELLED</td><td>§4 guess</td></tr>
 *   <tr><td>any word with a non-empty {@code error}</td><td>FAILED</td><td>§4</td></tr>
 *   <tr><td>{@code idle} with {@code percent} absent or 0</td><td>QUEUED</td><td>§4 documented</td></tr>
 *   <tr><td>{@code idle} with {@code percent} &gt; 0</td><td>RUNNING</td><td>§4: progress shows it started</td></tr>
 *   <tr><td>{@code done}</td><td>SUCCEEDED</td><td>§4 documented</td></tr>
 *   <tr><td>{@code failed}, {@code error}</td><td>FAILED</td><td>§4 guess of public clients</td></tr>
 *   <tr><td>any other word (for example {@code processing})</td><td>RUNNING: the documented non-terminal default</td><td>§4</td></tr>
 * </table>
 *
 * <p>An unknown word therefore never ends a task: the engine's per-action deadline does (§4 "enforce a client-side
 * deadline"). A reply without any {@code status} is not GPTunnel's task shape and is rejected by {@link Replies}.
 */
public final class StatusTable {
    /** gptunnel.md §4: "anything else -> still running". Change here to make unknown words a protocol error instead. */
    static final TaskStatus UNKNOWN_WORD = TaskStatus.RUNNING;

    private StatusTable() {
    }

    /**
     * @param word     the vendor's status word, not blank
     * @param percent  the vendor's progress, or null
     * @param hasError whether the task object carries a non-empty {@code error}
     */
    public static TaskStatus resolve(String word, Integer percent, boolean hasError) {
        String w = word.strip().toLowerCase(Locale.ROOT);
        if (w.startsWith("cancel")) {
            return TaskStatus.CANCELLED;
        }
        if (hasError) {
            return TaskStatus.FAILED;
        }
        return switch (w) {
            case "idle" -> percent != null && percent > 0 ? TaskStatus.RUNNING : TaskStatus.QUEUED;
            case "done" -> TaskStatus.SUCCEEDED;
            case "failed", "error" -> TaskStatus.FAILED;
            default -> UNKNOWN_WORD;
        };
    }
}
