package dev.lazarus.agent.cli;

import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.RecoveryStarted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a journal holds, read for people: every execution with its records, in journal order. Built by
 * a read-only scan that never takes the journal's lock, so it works on the journal of a running
 * application (a record being written at that moment is simply not seen yet).
 */
final class JournalView {
    /** One execution as the journal tells it. */
    static final class Execution {
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
            if (last instanceof dev.lazarus.store.record.StepRecorded s && s.callee().equals("Lazarus.sleep")) {
                return ExecutionState.WAITING;
            }
            return ExecutionState.RUNNING;
        }

        long lastActivityMillis() {
            return finished != null ? finished.finishedAtMillis() : started.startedAtMillis();
        }
    }

    final Map<String, Execution> executions = new LinkedHashMap<>();
    final List<EventSent> events = new ArrayList<>();

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
        if (r instanceof EventSent e) {
            events.add(e);
        }
        if (r instanceof ExecutionStarted s) {
            executions.put(s.executionId(), new Execution(s));
            return;
        }
        Execution ex = r.executionId() == null ? null : executions.get(r.executionId());
        if (ex == null) {
            return;
        }
        if (r instanceof ExecutionStep step && step.position() < 0) {
            return;
        }
        ex.records.add(r);
        if (r instanceof ExecutionStep && !(r instanceof AwaitStarted)) {
            ex.steps++;
        } else if (r instanceof ExecutionFinished f) {
            ex.finished = f;
        } else if (r instanceof ExecutionDiverged) {
            ex.diverged = true;
        } else if (r instanceof RecoveryStarted) {
            ex.recoveries++;
        }
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
        throw new CliException(matches.isEmpty() ? "no execution " + id + " in this journal (see 'list')"
                : "'" + id + "' matches " + matches.size() + " executions; give more of the id");
    }
}
