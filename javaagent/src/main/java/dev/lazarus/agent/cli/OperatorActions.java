package dev.lazarus.agent.cli;

import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.ExecutionRetried;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.RecordType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What operators did to finished executions — deleted them, or retried them — read in a first pass over the
 * journal that decodes only those two kinds of record. The streaming pass that follows reads each execution
 * from its start to its finish and then lets it go; these records come after the finish, sometimes much later,
 * so without them that pass could not tell, when an execution finishes, whether it will be deleted (and must
 * not be listed) or retried (and is not finished after all).
 *
 * <p>Memory: one entry per deleted or retried execution still in the journal (what operators did, not what the
 * application did; compaction removes deleted executions with their records).
 */
final class OperatorActions {
    private static final byte DELETED = RecordType.EXECUTION_DELETED.id();
    private static final byte RETRIED = RecordType.EXECUTION_RETRIED.id();

    private final Set<String> deleted = new HashSet<>();
    /** Commands in the inbox the application has not carried out yet: read last, applied on top of the journal. */
    private PendingCommands pending = PendingCommands.none();

    private final Map<String, Long> lastRetry = new HashMap<>();
    private long lastLsn;

    private OperatorActions() {}

    /**
     * Reads the journal's deletions and retries.
     *
     * @param journal the journal directory
     * @return what operators did, up to the journal's last record at the time of the scan
     * @throws CliException if there is no journal there, or it cannot be read
     */
    static OperatorActions read(Path journal) throws CliException {
        OperatorActions actions = new OperatorActions();
        JournalScan.scan(journal, JournalScan.EVERYTHING, actions::visit);
        actions.pending = PendingCommands.read(journal);
        return actions;
    }

    /** Takes in one record, in lsn order (from {@link #read}, or from the scan of a journal opened for writing). */
    void visit(long lsn, byte type, byte[] payload) {
        lastLsn = lsn;
        if (type == DELETED) {
            deleted.add(((ExecutionDeleted) RecordCodec.decode(type, payload)).executionId());
        } else if (type == RETRIED) {
            lastRetry.put(((ExecutionRetried) RecordCodec.decode(type, payload)).executionId(), lsn);
        }
    }

    /** @return an empty one, to be fed by {@link #visit} */
    static OperatorActions collecting() {
        return new OperatorActions();
    }

    /** @return the last lsn the first pass saw: the second pass stops there, so both see the same journal */
    long lastLsn() {
        return lastLsn;
    }

    /** @return whether an operator deleted the execution (or asked to: a delete pending in the inbox) */
    boolean deleted(String executionId) {
        return deleted.contains(executionId) || "delete".equals(pending.forExecution(executionId));
    }

    /**
     * @param executionId an execution
     * @return the operator's command for it that waits in the inbox ({@code retry}, {@code cancel}), or null
     */
    String pending(String executionId) {
        return pending.forExecution(executionId);
    }

    /** @return how many executions operators deleted that are still in the journal */
    int deletedCount() {
        return deleted.size();
    }

    /**
     * @param executionId an execution
     * @param lsn the lsn of one of its {@code execution-finished} records
     * @return whether that finish is final: no retry made the execution unfinished again after it
     */
    boolean finalFinish(String executionId, long lsn) {
        Long retry = lastRetry.get(executionId);
        return retry == null || retry < lsn;
    }
}
