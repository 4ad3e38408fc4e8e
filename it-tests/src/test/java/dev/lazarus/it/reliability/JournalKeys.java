package dev.lazarus.it.reliability;

import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which executions a journal on disk still holds records of, read as the command line reads it (a read-only
 * {@link JournalLog#scan}, safe while an application owns the journal): how the reliability tests see what
 * compaction removed without trusting the agent's own account of it.
 */
final class JournalKeys {
    private JournalKeys() {}

    /** @return the keys of the top-level executions whose start record the journal still holds */
    static Set<String> keysIn(Path journal) {
        Set<String> keys = new LinkedHashSet<>();
        JournalLog.scan(journal, (lsn, type, payload) -> {
            JournalRecord r = RecordCodec.decode(type, payload);
            if (r instanceof ExecutionStarted s && s.parentId() == null) {
                keys.add(s.key());
            }
        });
        return keys;
    }

    /**
     * @param executionId an execution
     * @return how many records of that execution the journal holds
     */
    static long recordsOf(Path journal, String executionId) {
        long[] n = {0};
        JournalLog.scan(journal, (lsn, type, payload) -> {
            if (executionId.equals(RecordCodec.decode(type, payload).executionId())) {
                n[0]++;
            }
        });
        return n[0];
    }
}
