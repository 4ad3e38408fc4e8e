package dev.lazarus.store.log;

import java.util.Optional;

/**
 * What opening or scanning a journal found: how many segments and records, the last sequence number, and
 * whether a torn tail was removed (on open) or skipped (on scan). The engine logs it; the store has no
 * logger of its own.
 *
 * @param segments how many live segment files the journal has (after dropping a torn one and a compaction's
 *     leftovers)
 * @param records how many valid records were handed to the visitor (when reading from an lsn: those from it on)
 * @param lastLsn the sequence number of the last valid record, 0 if there is none
 * @param tornTail the torn tail that was truncated or skipped, if any
 */
public record RecoveryReport(int segments, long records, long lastLsn, Optional<TornTail> tornTail) {
    /** @return a one-line description for a log */
    @Override
    public String toString() {
        return records + " records in " + segments + " segments, last lsn " + lastLsn
                + tornTail.map(t -> "; " + t).orElse("");
    }
}
