package dev.lazarus.agent.internal.engine;

import dev.lazarus.NonDeterminismException;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.StepRecorded;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * One dry replay of a finished execution, for the self-check: its body runs again on this thread with every
 * step answered from the steps the run journaled, and nothing is written to the journal.
 *
 * <p>How nothing live can run: the replay's execution holds the run's steps followed by one more, an
 * end-of-journal marker whose callee no code asks for. Every step kind takes its next position and, while
 * the position is within the recorded steps, answers from the journal after {@link Replayer#check} (or
 * {@link Divergence}) compared the callee; so a body that asks one step more than the run did meets the
 * marker, fails that comparison, and {@link Divergence} hands the mismatch to {@link #stopped} instead of
 * journaling it. Nothing past the journal is ever reached, whatever the step kind, and no step kind needs to
 * know about the self-check. A step kind that answers from a list of its own rather than the execution's
 * steps must ask {@link Execution#dryReplay} before it runs anything live, and stop with {@link #wentLive}.
 */
final class SelfCheckReplay {
    /** The callee of the end-of-journal marker: no code asks for it, so reaching it is a mismatch. */
    static final String END_OF_JOURNAL = "Lazarus.selfcheck:end-of-journal";

    private final Execution dry;
    private final List<ExecutionStep> steps;
    private final StepRecorded end;

    /** The report of what stopped the replay (a divergence, or a step past the journal), or {@code null}. */
    private SelfCheckReport stop;

    private Object result;
    private Throwable thrown;

    /**
     * @param finished the execution that just finished in this process
     * @param steps the steps its journal holds, in position order
     * @param effects the effects its journal holds inside journaled calls, by the call's position
     * @param branches what its branches journaled, by branch id
     */
    SelfCheckReplay(
            Execution finished,
            List<ExecutionStep> steps,
            java.util.Map<Integer, List<dev.lazarus.store.record.EffectRecorded>> effects,
            java.util.Map<String, BranchJournal> branches) {
        this.steps = steps;
        this.end = new StepRecorded(
                finished.id, steps.size(), END_OF_JOURNAL, "the end of the journal", false, new byte[0], 0, 0, 1, 0);
        List<ExecutionStep> journal = new ArrayList<>(steps.size() + 1);
        journal.addAll(steps);
        journal.add(end);
        this.dry = new Execution(
                finished.id, finished.method, finished.identity, journal, new HashMap<>(), effects, branches);
        this.dry.dryReplay = this;
    }

    /**
     * A replay with no step at all, in which the self-check runs its own work that may reach application code
     * (decoding values, which calls their {@code hashCode} into hash maps; comparing them with their own
     * {@code equals}; rendering them): a durable or journaled call made from there is stopped at once instead of
     * becoming a step or a child of the execution the thread really runs, or an execution of its own. What
     * stops it is not reported: it is not the body's doing.
     *
     * @param ex the execution under check
     * @return the sealed replay
     */
    static SelfCheckReplay seal(Execution ex) {
        return new SelfCheckReplay(ex, List.of(), java.util.Map.of(), java.util.Map.of());
    }

    /**
     * The steps a branch of the replayed execution answers from: what the run journaled for it, followed by the
     * end-of-journal marker, so that a branch too stops before anything past its journal runs.
     *
     * @param branchId the branch
     * @param journal what the run journaled for it, or {@code null} if nothing
     * @return its steps for the replay
     */
    List<ExecutionStep> journalOf(String branchId, BranchJournal journal) {
        List<ExecutionStep> list = new ArrayList<>(journal == null ? 1 : journal.steps.size() + 1);
        if (journal != null) {
            list.addAll(journal.steps);
        }
        list.add(new StepRecorded(
                branchId, list.size(), END_OF_JOURNAL, "the end of the journal", false, new byte[0], 0, 0, 1, 0));
        return list;
    }

    /**
     * Runs the self-check's own work inside this (sealed) replay: see {@link #seal}.
     *
     * @param ts this thread's state
     * @param work what to run
     * @return what it returns
     */
    <T> T inside(ThreadState ts, java.util.function.Supplier<T> work) {
        Execution current = ts.current;
        boolean enterBody = ts.enterBody;
        ts.current = dry;
        ts.enterBody = false;
        try {
            return work.get();
        } finally {
            ts.current = current;
            ts.enterBody = enterBody;
        }
    }

    /**
     * Runs the body on this thread as the engine runs a resumed one, and puts back everything the thread had:
     * the execution it was in (a child finishes inside its parent's body), the hand-offs, and the interrupt.
     *
     * @param ts this thread's state
     * @param receiverAndArgs the receiver for the replay (an instance method) and the arguments decoded from
     *     the journal
     */
    void run(ThreadState ts, Object[] receiverAndArgs) {
        Execution current = ts.current;
        boolean enterBody = ts.enterBody;
        String resume = ts.resumeExecutionId;
        Execution stepExecution = ts.stepExecution;
        int stepPosition = ts.stepPosition;
        int stepEffectIndex = ts.stepEffectIndex;
        java.util.List<dev.lazarus.store.record.EffectRecorded> stepEffects = ts.stepEffects;
        boolean performingEffect = ts.performingEffect;
        // an interrupt meant for the application must neither stop the replay nor be consumed by it
        boolean interrupted = Thread.interrupted();
        ts.current = dry;
        ts.enterBody = true; // the body's prologue takes this and runs the body
        ts.resumeExecutionId = null;
        ts.stepExecution = null;
        ts.stepEffects = null;
        ts.performingEffect = false;
        try {
            result = (Object) dry.method.body.invokeExact(receiverAndArgs);
        } catch (Throwable t) {
            thrown = t;
        } finally {
            ts.current = current;
            ts.enterBody = enterBody;
            ts.resumeExecutionId = resume;
            ts.stepExecution = stepExecution;
            ts.stepPosition = stepPosition;
            ts.stepEffectIndex = stepEffectIndex;
            ts.stepEffects = stepEffects;
            ts.performingEffect = performingEffect;
            Thread.interrupted(); // whatever the replay left set is not the application's
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What {@link Divergence} does for this replay's execution instead of journaling a divergence: the first
     * mismatch is kept as the replay's report, and the body gets an exception that every later step rethrows,
     * so it stops there.
     *
     * @param step what the journal holds at the position (the end-of-journal marker past the run's steps)
     * @param callee what the code asks there now
     * @param location where the code asks it ({@code File.java:42}), with any detail
     * @return the exception for the body
     */
    NonDeterminismException stopped(ExecutionStep step, String callee, String location) {
        if (step == end) {
            return wentLive(step.position(), callee, location);
        }
        return stop(SelfCheckReport.divergence(dry, step, callee, location));
    }

    /**
     * Stops the replay at a step that would run live: the run's journal holds nothing there, so the body asks
     * for something the run never asked. The step is not run.
     *
     * @param position the step's position
     * @param callee what the code asks there
     * @param location where ({@code File.java:42})
     * @return the exception for the body
     */
    NonDeterminismException wentLive(int position, String callee, String location) {
        ExecutionStep last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        return stop(SelfCheckReport.liveStep(dry, position, callee, location, last));
    }

    private NonDeterminismException stop(SelfCheckReport report) {
        if (stop == null) {
            stop = report;
        }
        NonDeterminismException e = new NonDeterminismException(report.line());
        if (dry.diverged == null) {
            dry.diverged = e;
        }
        return dry.diverged;
    }

    /** @return whether {@code step} is this replay's end-of-journal marker */
    boolean isEnd(ExecutionStep step) {
        return step == end;
    }

    /** @return the report of what stopped the replay, or {@code null} if it ran to its end */
    SelfCheckReport stop() {
        return stop;
    }

    /** @return how many steps the replay asked */
    int position() {
        return dry.position;
    }

    /** @return the steps the run journaled */
    List<ExecutionStep> steps() {
        return steps;
    }

    /** @return whether the body threw */
    boolean threw() {
        return thrown != null;
    }

    /** @return what the body returned, or what it threw */
    Object outcome() {
        return thrown != null ? thrown : result;
    }
}
