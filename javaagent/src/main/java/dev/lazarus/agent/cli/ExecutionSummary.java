package dev.lazarus.agent.cli;

import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionCrashed;
import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionRetried;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCases;
import dev.lazarus.store.record.RecordType;
import dev.lazarus.store.record.RecoveryStarted;
import dev.lazarus.store.record.StepRecomputed;
import dev.lazarus.store.record.StepRecorded;

/**
 * One execution as a row of {@code list}: its identity and counts, taken in record by record (its own and its
 * branches'), one case per record type, so a kind of record added to the journal cannot be skipped here
 * unnoticed. It keeps no record and no value: only the start's names and a few numbers, so that a pass can hold
 * one for every execution open at a point of the journal and nothing for the others.
 */
final class ExecutionSummary implements RecordCases<Void> {
    final String id;
    final String parentId;
    final String durableName;
    final String key;
    final String application;
    final long startedAtMillis;
    int steps;
    int recoveries;
    /** Processes that died while the execution ran its own code (what poison detection counts). */
    int crashes;
    /** Frame bytes of its records (and of the outside events it consumed), for {@code stats}. */
    long bytes;

    private ExecutionState finishedAs;
    private long finishedAtMillis;
    private boolean diverged;
    /** Whether its latest record (its own or a branch's) starts a wait: an event's or a timer's. */
    private boolean waits;
    /** An operator's command for it waiting in the inbox ({@code retry}, {@code cancel}), or null. */
    String pending;

    ExecutionSummary(ExecutionStarted started) {
        this.id = started.executionId();
        this.parentId = started.parentId();
        this.durableName = started.durableName();
        this.key = started.key();
        this.application = started.application();
        this.startedAtMillis = started.startedAtMillis();
    }

    /** RUNNING, WAITING (for an event or timer), COMPLETED, FAILED or DIVERGED. */
    ExecutionState state() {
        ExecutionState recorded = recordedState();
        // as the application will see it once it carries out the operator's pending command
        if ("retry".equals(pending) && (recorded == ExecutionState.FAILED || recorded == ExecutionState.DIVERGED)) {
            return ExecutionState.RUNNING;
        }
        if ("cancel".equals(pending) && recorded != ExecutionState.COMPLETED && recorded != ExecutionState.FAILED) {
            return ExecutionState.FAILED;
        }
        return recorded;
    }

    /** @return the state the journal's records give, before any pending command */
    ExecutionState recordedState() {
        if (finishedAs != null) {
            return finishedAs;
        }
        if (diverged) {
            return ExecutionState.DIVERGED;
        }
        return waits ? ExecutionState.WAITING : ExecutionState.RUNNING;
    }

    /** @return whether it finished (COMPLETED or FAILED) and will never run again, as far as read so far */
    boolean finished() {
        return finishedAs != null;
    }

    /** @return when it finished; meaningful once {@link #finished()} */
    long finishedAtMillis() {
        return finishedAtMillis;
    }

    /** Takes in one of its records (or a branch's), in journal order. */
    void add(JournalRecord r) {
        waits = r instanceof AwaitStarted
                || r instanceof StepRecorded s && s.callee().equals(StepRecorded.SLEEP_CALLEE);
        RecordType.dispatch(r, this);
    }

    @Override
    public Void executionStarted(ExecutionStarted r) {
        return null; // an id is started once: the summary is made from it
    }

    @Override
    public Void stepRecorded(StepRecorded r) {
        steps++;
        return null;
    }

    @Override
    public Void executionFinished(ExecutionFinished r) {
        finishedAs = r.state();
        finishedAtMillis = r.finishedAtMillis();
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
    public Void executionCrashed(ExecutionCrashed r) {
        crashes++;
        return null; // the process died in the execution's own code; the recovery that follows is counted
    }

    @Override
    public Void executionDeleted(ExecutionDeleted r) {
        return null; // never reaches a summary: a deleted execution is known before its start is read
    }

    @Override
    public Void executionRetried(ExecutionRetried r) {
        // an operator's retry: a FAILED or DIVERGED execution counts as unfinished again, as the engine counts it,
        // and resumes at the application's next start
        finishedAs = null;
        diverged = false;
        return null;
    }
}
