package dev.lazarus.agent.cli;

import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionRetried;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCases;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.RecordType;
import dev.lazarus.store.record.RecoveryStarted;
import dev.lazarus.store.record.StepRecomputed;
import dev.lazarus.store.record.StepRecorded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a journal holds, read for people: every execution with its records, in journal order. Built by
 * a read-only scan that never takes the journal's lock, so it works on the journal of a running
 * application (a record being written at that moment is simply not seen yet). Records are decoded by the
 * store's schema ({@link RecordCodec}, {@link RecordType}), and each kind of record is handled by its own
 * case of {@link RecordCases}, so a kind of record added to the journal cannot be skipped here unnoticed.
 */
final class JournalView {
    /** One execution as the journal tells it; takes in its records through one case per record type. */
    static final class Execution implements RecordCases<Void> {
        final ExecutionStarted started;
        final List<JournalRecord> records = new ArrayList<>();
        ExecutionFinished finished;
        boolean diverged;
        int steps;
        int recoveries;

        Execution(ExecutionStarted started) {
            this.started = started;
        }

        String id() {
            return started.executionId();
        }

        /** RUNNING, WAITING (for an event or timer), COMPLETED, FAILED or DIVERGED. */
        ExecutionState state() {
            if (finished != null) {
                return finished.state();
            }
            if (diverged) {
                return ExecutionState.DIVERGED;
            }
            JournalRecord last = records.isEmpty() ? null : records.get(records.size() - 1);
            if (last instanceof AwaitStarted) {
                return ExecutionState.WAITING;
            }
            if (last instanceof StepRecorded s && s.callee().equals(StepRecorded.SLEEP_CALLEE)) {
                return ExecutionState.WAITING;
            }
            return ExecutionState.RUNNING;
        }

        void add(JournalRecord r) {
            records.add(r);
            RecordType.dispatch(r, this);
        }

        @Override
        public Void executionStarted(ExecutionStarted r) {
            return null; // an id is started once; the view keys executions by their start
        }

        @Override
        public Void stepRecorded(StepRecorded r) {
            steps++;
            return null;
        }

        @Override
        public Void executionFinished(ExecutionFinished r) {
            finished = r;
            return null;
        }

        @Override
        public Void recoveryStarted(RecoveryStarted r) {
            recoveries++;
            return null;
        }

        @Override
        public Void executionDiverged(ExecutionDiverged r) {
            diverged = true;
            return null;
        }

        @Override
        public Void awaitStarted(AwaitStarted r) {
            return null; // the wait's deadline: the step is the event consumed (or the timeout) that follows
        }

        @Override
        public Void eventConsumed(EventConsumed r) {
            steps++;
            return null;
        }

        @Override
        public Void eventSent(EventSent r) {
            steps++;
            return null;
        }

        @Override
        public Void effectRecorded(EffectRecorded r) {
            return null; // part of the step at the same position, which counts once
        }

        @Override
        public Void stepRecomputed(StepRecomputed r) {
            steps++;
            return null;
        }

        @Override
        public Void attemptFailed(AttemptFailed r) {
            return null; // part of the step recorded at the same position once the call is over
        }

        @Override
        public Void executionRetried(ExecutionRetried r) {
            // an operator's retry: a FAILED or DIVERGED execution counts as unfinished again, as the engine
            // counts it, and resumes at the application's next start
            finished = null;
            diverged = false;
            return null;
        }
    }

    final Map<String, Execution> executions = new LinkedHashMap<>();

    static JournalView read(Path journal) throws CliException {
        if (!Files.isDirectory(journal)) {
            throw new CliException("no journal at " + journal);
        }
        JournalView view = new JournalView();
        try {
            JournalLog.scan(journal, (lsn, type, payload) -> view.apply(RecordCodec.decode(type, payload)));
        } catch (JournalException e) {
            throw new CliException(e.getMessage());
        }
        return view;
    }

    private void apply(JournalRecord r) {
        if (r instanceof ExecutionStarted s) {
            executions.put(s.executionId(), new Execution(s));
            return;
        }
        Execution ex = r.executionId() == null ? null : executions.get(r.executionId());
        if (ex == null && r.executionId() != null) {
            // a branch's record (work the body handed to another thread): shown with the execution it belongs to
            String owner = BranchIds.owner(r.executionId());
            ex = owner == null ? null : executions.get(owner);
        }
        if (ex == null || r instanceof ExecutionStep step && step.position() < 0) {
            return; // an event sent or consumed outside of any execution
        }
        ex.add(r);
    }

    /** @return the execution, by full id or a unique prefix */
    Execution find(String id) throws CliException {
        Execution exact = executions.get(id);
        if (exact != null) {
            return exact;
        }
        List<Execution> matches = new ArrayList<>();
        for (Execution e : executions.values()) {
            if (e.id().startsWith(id)) {
                matches.add(e);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        throw new CliException(
                matches.isEmpty()
                        ? "no execution " + id + " in this journal (see 'list')"
                        : "'" + id + "' matches " + matches.size() + " executions; give more of the id");
    }
}
