package io.mj4j.provider.ohmygpt.internal;

import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.TaskStatus;

import java.util.Locale;
import java.util.Map;

/**
 * The one table from OhMyGPT's task {@code status} words to {@link TaskStatus} (ohmygpt.md §6):
 *
 * <table>
 *   <caption>OhMyGPT status words</caption>
 *   <tr><th>vendor word</th><th>TaskStatus</th><th>source</th></tr>
 *   <tr><td>NOT_START</td><td>QUEUED</td><td>§6 [client]</td></tr>
 *   <tr><td>SUBMITTED</td><td>QUEUED</td><td>§6 [client]</td></tr>
 *   <tr><td>IN_PROGRESS</td><td>RUNNING</td><td>§6 [client]</td></tr>
 *   <tr><td>MODAL</td><td>NEEDS_INPUT</td><td>§14 unknown; midjourney-proxy's word, same family</td></tr>
 *   <tr><td>SUCCESS</td><td>SUCCEEDED</td><td>§6 [client]</td></tr>
 *   <tr><td>FAILURE</td><td>FAILED</td><td>§6 [client]</td></tr>
 *   <tr><td>CANCEL</td><td>CANCELLED</td><td>§14 unknown; midjourney-proxy's word, same family</td></tr>
 *   <tr><td>any other word</td><td>{@link ProviderProtocolException} naming it</td><td></td></tr>
 * </table>
 *
 * Words are matched case-insensitively. One override comes first: a non-blank {@code failReason} makes
 * the task FAILED whatever its word, except SUCCESS (ohmygpt.md §6: clients stop on a non-null
 * {@code failReason} regardless of status).
 */
public final class StatusTable {
    private static final Map<String, TaskStatus> WORDS = Map.of(
            "NOT_START", TaskStatus.QUEUED,
            "SUBMITTED", TaskStatus.QUEUED,
            "IN_PROGRESS", TaskStatus.RUNNING,
            // ohmygpt.md §14: whether MODAL/CANCEL occur is unknown; the vendor shares midjourney-proxy's
            // vocabulary (§6), so they get that vocabulary's meaning rather than a protocol error.
            "MODAL", TaskStatus.NEEDS_INPUT,
            "SUCCESS", TaskStatus.SUCCEEDED,
            "FAILURE", TaskStatus.FAILED,
            "CANCEL", TaskStatus.CANCELLED);

    private StatusTable() {
    }

    /**
     * The status of a task with vendor word {@code word} and failure reason {@code failReason}.
     *
     * @throws ProviderProtocolException for a missing or unknown word (without a failure reason)
     */
    public static TaskStatus status(String word, String failReason) {
        boolean success = word != null && "SUCCESS".equalsIgnoreCase(word.strip());
        if (!Wire.blank(failReason) && !success) {
            return TaskStatus.FAILED; // ohmygpt.md §6: a failReason ends the task whatever the word says
        }
        if (Wire.blank(word)) {
            throw new ProviderProtocolException("OhMyGPT task has no status word");
        }
        TaskStatus status = WORDS.get(word.strip().toUpperCase(Locale.ROOT));
        if (status == null) {
            throw new ProviderProtocolException("unknown OhMyGPT task status '" + abbreviate(word)
                    + "' (known: NOT_START, SUBMITTED, IN_PROGRESS, MODAL, SUCCESS, FAILURE, CANCEL)");
        }
        return status;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
