package dev.lazarus.agent.cli;

import dev.lazarus.store.log.RecoveryReport;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One streaming pass over a journal that holds only what is open: an execution's {@link ExecutionSummary} from
 * its start until its final finish, when it is handed to a {@link Listener} and let go. So memory is
 * proportional to the executions open at any one point of the journal (and the outside events not consumed
 * yet), never to its history. A deleted execution is never opened; a finish that a later retry undoes does not
 * close (both known from {@link OperatorActions}, read first). The executions still open at the end are the
 * unfinished ones, in the order they started.
 *
 * <p>Records are read through the store's read-only scan, so this works on the journal of a running
 * application; the pass stops at the last lsn the first pass saw.
 */
final class JournalStream {
    /**
     * Frame bytes around each payload (length, type, lsn, CRC32C), as the store's segment format lays a record
     * out: what compaction frees with a record is its payload and this.
     */
    static final int FRAME_HEADER_BYTES = 17;

    /** What a pass hands out. */
    interface Listener {
        /** An execution finished for good (no later retry): its summary is complete and is let go after this. */
        void finished(ExecutionSummary execution);

        /**
         * Every record's frame size and whom it belongs to, for {@code stats}.
         *
         * @param bytes the frame's size on disk
         * @param owner the open execution it belongs to (its own record or a branch's), or {@code null}
         * @param deleted whether it belongs to a deleted execution
         */
        default void record(int bytes, ExecutionSummary owner, boolean deleted) {}
    }

    private final OperatorActions actions;
    private final Listener listener;
    private final Map<String, ExecutionSummary> open = new LinkedHashMap<>();
    /** Outside events (sent by the application or the command line) not consumed yet: their frame bytes. */
    private final Map<String, Integer> pendingOutsideEvents = new HashMap<>();

    private RecoveryReport report;
    private int mostOpen;

    private JournalStream(OperatorActions actions, Listener listener) {
        this.actions = actions;
        this.listener = listener;
    }

    /**
     * Reads the journal through.
     *
     * @param journal the journal directory
     * @param actions what operators did, from the first pass
     * @param listener receives each execution as it finishes for good
     * @return the pass, holding the executions unfinished at its end
     * @throws CliException if the journal cannot be read
     */
    static JournalStream read(Path journal, OperatorActions actions, Listener listener) throws CliException {
        JournalStream stream = new JournalStream(actions, listener);
        stream.report = JournalScan.scan(journal, actions.lastLsn(), stream::visit);
        return stream;
    }

    /** @return the unfinished executions (and those whose finish a retry undid), in start order */
    Collection<ExecutionSummary> unfinished() {
        return open.values();
    }

    /** @return what the scan found (segments, records, a torn tail being written) */
    RecoveryReport report() {
        return report;
    }

    /** @return the most executions the pass held at once: what its memory grew with (tests check it) */
    int mostOpen() {
        return mostOpen;
    }

    /** @return the outside events no execution consumed (yet) */
    int pendingOutsideEvents() {
        return pendingOutsideEvents.size();
    }

    private void visit(long lsn, byte type, byte[] payload) {
        int bytes = payload.length + FRAME_HEADER_BYTES;
        JournalRecord r = RecordCodec.decode(type, payload);
        String id = r.executionId();
        if (id == null || r instanceof ExecutionStep step && step.position() < 0) {
            // an event sent, or consumed, outside of any execution: it lives as long as the event is pending, and
            // then as long as the execution that consumed it
            if (r instanceof EventSent e) {
                pendingOutsideEvents.put(e.eventId(), bytes);
            }
            listener.record(bytes, null, false);
            return;
        }
        String owner = BranchIds.owner(id);
        String execution = owner == null ? id : owner;
        if (actions.deleted(execution) || r instanceof ExecutionDeleted) {
            listener.record(bytes, null, true);
            return;
        }
        if (r instanceof ExecutionStarted s) {
            ExecutionSummary summary = new ExecutionSummary(s);
            summary.pending = actions.pending(id);
            summary.bytes += bytes;
            open.put(id, summary);
            mostOpen = Math.max(mostOpen, open.size());
            listener.record(bytes, summary, false);
            return;
        }
        ExecutionSummary summary = open.get(execution);
        listener.record(bytes, summary, false);
        if (summary == null) {
            return; // a late record of an execution already let go, or one whose start is not in the journal
        }
        summary.bytes += bytes;
        if (r instanceof EventConsumed c && c.eventId() != null) {
            Integer event = pendingOutsideEvents.remove(c.eventId());
            if (event != null) {
                summary.bytes += event; // the outside event is kept while its consumer is
            }
        }
        summary.add(r);
        if (r instanceof ExecutionFinished && owner == null && actions.finalFinish(id, lsn)) {
            open.remove(id);
            listener.finished(summary);
        }
    }
}
