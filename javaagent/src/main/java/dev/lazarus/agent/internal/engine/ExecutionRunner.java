package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.NonDeterminismException;
import dev.lazarus.agent.internal.jfr.ExecutionEvent;
import dev.lazarus.agent.internal.jfr.JfrGate;
import dev.lazarus.store.record.ExecutionState;

/**
 * Runs (or replays) the body of an execution on the calling thread and journals how it ended: a result
 * finishes it {@code COMPLETED}, an exception {@code FAILED}; a divergence leaves it {@code DIVERGED} (kept
 * for a retry) and a failure of the journal itself leaves it unfinished (it resumes after a restart).
 */
final class ExecutionRunner {
    private final ExecutionOutcomes outcomes;
    /** The self-check mode ({@code selfcheck=replay}), or {@code null} when it is off, as by default. */
    private final SelfCheck selfCheck;
    /** Where the thread says it runs the execution's own code while the body runs. */
    private final ActivityBoard board;

    ExecutionRunner(ExecutionOutcomes outcomes, SelfCheck selfCheck, ActivityBoard board) {
        this.outcomes = outcomes;
        this.selfCheck = selfCheck;
        this.board = board;
    }

    /**
     * @param ex the execution, with what the journal recorded of it
     * @param receiverAndArgs the durable method's receiver (for an instance method) and arguments
     * @param ts this thread's state
     * @return the body's result
     * @throws Throwable the body's exception, or LAZ-301 if replay diverged
     */
    Object run(Execution ex, Object[] receiverAndArgs, ThreadState ts) throws Throwable {
        ExecutionEvent event = JfrGate.mayRecord() ? new ExecutionEvent() : null;
        if (event != null) {
            event.begin();
        }
        String outcome = "FAILED";
        SelfCheck.Subject checked = selfCheck == null ? null : selfCheck.subject(ex, receiverAndArgs);
        try {
            Object result = runBody(ex, receiverAndArgs, ts, checked);
            outcome = "COMPLETED";
            return result;
        } catch (NonDeterminismException e) {
            outcome = "DIVERGED";
            throw e;
        } finally {
            if (event != null) {
                event.end();
                if (event.shouldCommit()) {
                    event.executionId = ex.id;
                    event.durableName = ex.method.durableName;
                    event.resumed = !ex.recorded.isEmpty();
                    event.replayedSteps = ex.recordedSteps();
                    event.outcome = outcome;
                    event.commit();
                }
            }
        }
    }

    private Object runBody(Execution ex, Object[] receiverAndArgs, ThreadState ts, SelfCheck.Subject checked)
            throws Throwable {
        Execution previous = ts.current;
        int previousSlot = ts.boardSlot; // the parent's, waiting for this child; or a journaled call's caller's
        int slot = board.claim(ex.boardKey(), ex.boardKind(), ActivityBoard.OWN_CODE);
        ts.boardSlot = slot;
        ts.current = ex;
        ts.enterBody = true; // the body's prologue takes this and runs the body instead of calling the engine
        Object result;
        try {
            try {
                result = (Object) ex.method.body.invokeExact(receiverAndArgs);
            } finally {
                ex.settlePending(); // a stream the body left unread is journaled before the execution's end
            }
        } catch (NonDeterminismException e) {
            ex.finish(null, e);
            throw e;
        } catch (Throwable t) {
            if (ex.diverged != null) {
                // the body caught the divergence and threw something else: the divergence is the outcome
                ex.finish(null, ex.diverged);
                throw ex.diverged;
            }
            if (ExecutionOutcomes.isEngineFailure(t)) {
                ex.finish(null, t);
                throw t;
            }
            LazarusException recorded = finish(ex, ExecutionState.FAILED, StackTraces.filledIn(t), checked);
            Throwable thrown = recorded != null ? recorded : t;
            ex.finish(null, thrown);
            throw thrown;
        } finally {
            ts.current = previous;
            ts.enterBody = false;
            if (slot >= 0) {
                board.release(slot);
            }
            ts.boardSlot = previousSlot;
        }
        if (ex.diverged != null) {
            // the body caught the divergence and returned: it may not finish as if nothing happened
            ex.finish(null, ex.diverged);
            throw ex.diverged;
        }
        LazarusException recorded = finish(ex, ExecutionState.COMPLETED, result, checked);
        if (recorded != null) {
            ex.finish(null, recorded);
            throw recorded;
        }
        ex.finish(result, null);
        return result;
    }

    /**
     * Journals how the body ended; under the self-check, the execution is then replayed from its journal before
     * the outcome is handed to anyone (the caller, or a thread that joined the execution).
     */
    private LazarusException finish(Execution ex, ExecutionState state, Object outcome, SelfCheck.Subject checked) {
        return checked == null ? outcomes.finish(ex, state, outcome) : checked.finish(state, outcome);
    }
}
