package io.mj4j.provider.mjproxy.internal;

import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskStatus;

import java.util.Map;

/**
 * The one table from the task {@code status} words of mjproxy.md §6.1 to {@link TaskStatus}:
 *
 * <table>
 *   <caption>status words</caption>
 *   <tr><th>vendor word</th><th>TaskStatus</th><th>why</th></tr>
 *   <tr><td>{@code NOT_START}</td><td>QUEUED</td><td>created, not yet sent to Discord</td></tr>
 *   <tr><td>{@code SUBMITTED}</td><td>QUEUED</td><td>sent to Midjourney, "0%", not started</td></tr>
 *   <tr><td>{@code ""} / null / absent</td><td>QUEUED</td><td>new-api before its first sync (§6.1: treat as NOT_START)</td></tr>
 *   <tr><td>{@code MODAL}</td><td>NEEDS_INPUT</td><td>waits for {@code /submit/modal}</td></tr>
 *   <tr><td>{@code IN_PROGRESS}</td><td>RUNNING</td><td>rendering</td></tr>
 *   <tr><td>{@code SUCCESS}</td><td>SUCCEEDED</td><td>terminal</td></tr>
 *   <tr><td>{@code FAILURE}</td><td>FAILED</td><td>terminal ({@code failReason})</td></tr>
 *   <tr><td>{@code CANCEL}</td><td>CANCELLED</td><td>terminal (Plus/trueai enum)</td></tr>
 * </table>
 *
 * Words are matched case-insensitively. Any other word is a {@link ProviderProtocolException} naming it:
 * the vendor file gives no non-terminal default for unknown words.
 */
public final class StatusTable {
    private static final Map<String, TaskStatus> TABLE = Map.of(
            "NOT_START", TaskStatus.QUEUED,
            "SUBMITTED", TaskStatus.QUEUED,
            "", TaskStatus.QUEUED,
            "MODAL", TaskStatus.NEEDS_INPUT,
            "IN_PROGRESS", TaskStatus.RUNNING,
            "SUCCESS", TaskStatus.SUCCEEDED,
            "FAILURE", TaskStatus.FAILED,
            "CANCEL", TaskStatus.CANCELLED);

    private StatusTable() {
    }

    /** The status for {@code word} (null and blank count as ""), or a {@link ProviderProtocolException} naming it. */
    public static TaskStatus of(String word, String taskId) {
        String key = word == null ? "" : word.strip().toUpperCase(java.util.Locale.ROOT);
        TaskStatus s = TABLE.get(key);
        if (s == null) {
            throw new ProviderProtocolException("mjproxy task " + taskId + " has an unknown status '" + shorten(word)
                    + "' (known: " + TABLE.keySet().stream().filter(k -> !k.isEmpty()).sorted().toList() + ")");
        }
        return s;
    }

    private static String shorten(String word) {
        return word.length() <= 80 ? word : word.substring(0, 80) + "...";
    }
}
