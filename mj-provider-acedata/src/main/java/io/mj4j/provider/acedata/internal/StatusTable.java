package io.mj4j.provider.acedata.internal;

import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskStatus;

import java.util.Locale;
import java.util.Map;

/**
 * The one table from AceData task states to {@link TaskStatus}. AceData has no single documented status enum
 * (acedata.md §4.3): a task object may carry {@code state} (vendor client typings: {@code pending},
 * {@code generating}, {@code finished}, {@code failed}), and otherwise the state is derived from the
 * {@code response} as §4.3 says. Both paths end in a word of this table:
 *
 * <table>
 *   <caption>AceData state word to TaskStatus</caption>
 *   <tr><th>word</th><th>when derived (no {@code state} field)</th><th>TaskStatus</th></tr>
 *   <tr><td>{@code pending}</td><td>no {@code response} yet (or one with neither {@code success} nor {@code progress})</td><td>QUEUED</td></tr>
 *   <tr><td>{@code generating}</td><td>{@code response.success == true} (or a {@code progress}) but not finished</td><td>RUNNING</td></tr>
 *   <tr><td>{@code finished}</td><td>{@code response} with {@code progress >= 100}, non-empty {@code actions}, videos,
 *       descriptions, prompts or a seed; or {@code finished_at} set</td><td>SUCCEEDED</td></tr>
 *   <tr><td>{@code failed}</td><td>{@code response.success == false} (always wins, even over {@code state})</td><td>FAILED</td></tr>
 *   <tr><td>{@code error}</td><td>(state only; the vendor's MCP client treats it as failed)</td><td>FAILED</td></tr>
 *   <tr><td>{@code canceled}, {@code cancelled}</td><td>{@code response.success == false} with error code
 *       {@code canceled} (§7)</td><td>CANCELLED</td></tr>
 * </table>
 *
 * A blank {@code state} is treated as absent (the vendor's MCP tests show {@code "state": ""}). Any other
 * {@code state} word is a {@link ProviderProtocolException} naming it: acedata.md §11 lists the state vocabulary
 * as unknown, and an unknown word must never end (or silently stall) a task.
 */
public final class StatusTable {
    private static final Map<String, TaskStatus> TABLE = Map.of(
            "pending", TaskStatus.QUEUED,
            "generating", TaskStatus.RUNNING,
            "finished", TaskStatus.SUCCEEDED,
            "failed", TaskStatus.FAILED,
            "error", TaskStatus.FAILED,
            "canceled", TaskStatus.CANCELLED,
            "cancelled", TaskStatus.CANCELLED);

    private StatusTable() {
    }

    /**
     * The state word of a task: its explicit {@code state}, else derived from the result (acedata.md §4.3).
     *
     * @param state  the task's {@code state} field, or null (callbacks and submit replies have none)
     * @param result the task's {@code response} (or the callback / submit body), or null while pending
     * @param finishedAt the task's {@code finished_at}, or null
     */
    public static String word(String state, Wire.Result result, String finishedAt) {
        if (result != null && Boolean.FALSE.equals(result.success())) {
            // acedata.md §7: the platform's error code "canceled" marks a cancelled task.
            String code = result.errorCode();
            return code != null && code.strip().toLowerCase(Locale.ROOT).startsWith("cancel") ? "canceled" : "failed";
        }
        if (state != null && !state.isBlank()) {
            return state.strip().toLowerCase(Locale.ROOT);
        }
        if (result == null) {
            return "pending";
        }
        if (isFinished(result) || (finishedAt != null && !finishedAt.isBlank())) {
            return "finished";
        }
        if (Boolean.TRUE.equals(result.success()) || result.progress() != null) {
            return "generating";
        }
        return "pending";
    }

    /**
     * The status of a state word.
     *
     * @throws ProviderProtocolException naming the word when the table does not know it
     */
    public static TaskStatus status(String word, String vendorTaskId) {
        TaskStatus s = TABLE.get(word);
        if (s == null) {
            throw new ProviderProtocolException("acedata task " + vendorTaskId + " reports the unknown state '" + word
                    + "' (known: " + new java.util.TreeSet<>(TABLE.keySet()) + ")");
        }
        return s;
    }

    /** acedata.md §4.3 and §10: success alone is not "done"; progress 100 or non-empty actions (or a final payload) is. */
    private static boolean isFinished(Wire.Result r) {
        Double p = Replies.number(r.progress());
        return (p != null && p >= 100)
                || !r.actionList().isEmpty()
                || (r.videoUrls() != null && !r.videoUrls().isEmpty())
                || (r.descriptions() != null && !r.descriptions().isEmpty())
                || (r.prompts() != null && !r.prompts().isEmpty())
                || (r.seed() != null && !r.seed().isBlank());
    }
}
