package io.mj4j.core;

import java.util.List;

/**
 * What one vendor callback did.
 *
 * @param applied        snapshots that moved a task forward
 * @param ignored        snapshots dropped as stale or duplicate (a callback racing a poll)
 * @param unknownTaskIds vendor task ids the client does not track (someone else's task, or one already
 *                       forgotten); not an error
 */
public record CallbackResult(int applied, int ignored, List<String> unknownTaskIds) {
    public CallbackResult {
        unknownTaskIds = List.copyOf(unknownTaskIds);
    }
}
