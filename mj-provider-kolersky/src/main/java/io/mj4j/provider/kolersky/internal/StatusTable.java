package io.mj4j.provider.kolersky.internal;

import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskStatus;

import java.util.Locale;
import java.util.Map;

/**
 * The one table from Kolersky's {@code status} word (top level of {@code GET /v1/status}, kolersky.md §3)
 * to {@link TaskStatus}. Words are compared case-insensitively after trimming.
 *
 * <table>
 *   <caption>Kolersky status words</caption>
 *   <tr><th>word</th><th>TaskStatus</th><th>source</th></tr>
 *   <tr><td>{@code accepted}</td><td>QUEUED</td><td>§3, documented; the only cancellable state (§2.9)</td></tr>
 *   <tr><td>{@code processing}</td><td>RUNNING</td><td>§3, documented</td></tr>
 *   <tr><td>{@code success}</td><td>SUCCEEDED</td><td>§3, documented</td></tr>
 *   <tr><td>{@code error}</td><td>FAILED</td><td>§3, documented ({@code failReason})</td></tr>
 *   <tr><td>{@code cancelled}, {@code canceled}</td><td>CANCELLED</td><td>not documented: what a cancelled job
 *       reports is unknown (§11); mapped defensively so a cancelled job ends instead of looping on an
 *       unknown word</td></tr>
 * </table>
 *
 * Any other word is a {@link ProviderProtocolException} naming it: the vendor file recommends no default.
 */
public final class StatusTable {
    private static final Map<String, TaskStatus> TABLE = Map.of(
            "accepted", TaskStatus.QUEUED,
            "processing", TaskStatus.RUNNING,
            "success", TaskStatus.SUCCEEDED,
            "error", TaskStatus.FAILED,
            "cancelled", TaskStatus.CANCELLED,
            "canceled", TaskStatus.CANCELLED);

    private StatusTable() {
    }

    /** True when {@code word} is in the table. */
    public static boolean knows(String word) {
        return word != null && TABLE.containsKey(normalize(word));
    }

    /**
     * The status of {@code word}.
     *
     * @throws ProviderProtocolException naming the word when it is not in the table
     */
    public static TaskStatus map(String word) {
        TaskStatus s = word == null ? null : TABLE.get(normalize(word));
        if (s == null) {
            String shown = word == null ? "null" : word.length() > 80 ? word.substring(0, 80) + "..." : word;
            throw new ProviderProtocolException("Kolersky reported an unknown status word '" + shown
                    + "' (known: accepted, processing, success, error)");
        }
        return s;
    }

    private static String normalize(String word) {
        return word.strip().toLowerCase(Locale.ROOT);
    }
}
