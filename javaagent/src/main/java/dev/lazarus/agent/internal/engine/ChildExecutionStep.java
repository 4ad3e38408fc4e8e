package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.NonDeterminismException;
import dev.lazarus.store.record.ExecutionStarted;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The step kind of a durable method called from a durable body: one step of the parent, whose outcome is
 * the child's, and an execution of its own with its own journal. A child's id is its parent's id, a slash
 * and its position, so a child that finished before a crash whose parent step was not yet written is found
 * and its outcome taken, never run again. Children are recovered through their parent, never on their own.
 */
final class ChildExecutionStep {
    private final ExecutionContext context;
    private final Replayer replayer;
    private final StepRecorder recorder;
    private final ExecutionRunner runner;
    private final ExecutionOutcomes outcomes;

    ChildExecutionStep(
            ExecutionContext context,
            Replayer replayer,
            StepRecorder recorder,
            ExecutionRunner runner,
            ExecutionOutcomes outcomes) {
        this.context = context;
        this.replayer = replayer;
        this.recorder = recorder;
        this.runner = runner;
        this.outcomes = outcomes;
    }

    /** How many executions may nest inside a top-level one (a child's child's ... child). */
    static final int MAX_DEPTH = 128;

    /** @return how deep an execution id is nested: 0 for a top-level execution, 1 for its children, ... */
    static int depthOf(String executionId) {
        int depth = 0;
        for (int i = 0; i < executionId.length(); i++) {
            if (executionId.charAt(i) == '/') {
                depth++;
            }
        }
        return depth;
    }

    /**
     * @param parent the execution whose body calls the durable method
     * @param m the durable method
     * @param receiverAndArgs its receiver (for an instance method) and arguments
     * @param encodedArgs the arguments, encoded
     * @param key the child's execution key
     * @param ts this thread's state
     * @return the child's result, live or recorded
     * @throws Throwable the child's exception, live or recorded; LAZ-301 if the parent's or the child's replay
     *     diverged (a child's divergence is its parent's: the parent may not go on either)
     */
    Object call(
            Execution parent,
            DurableMethodInfo m,
            Object[] receiverAndArgs,
            byte[] encodedArgs,
            String key,
            ThreadState ts)
            throws Throwable {
        if (parent.root.diverged != null) {
            throw parent.root.diverged;
        }
        int position = parent.nextPosition();
        String location = m.owner.getSimpleName() + "." + m.name;
        if (position < parent.recorded.size()) {
            return replayer.outcome(parent, parent.recorded.get(position), m.callee, location, location);
        }
        String id = parent.id + "/" + position;
        int depth = depthOf(id);
        if (depth > MAX_DEPTH) {
            // refused before it starts: without a limit, deep recursion ends in a StackOverflowError somewhere in
            // the engine, with children left unfinished. The depth is a function of the id, so a replay is refused
            // at the same point
            throw new LazarusException(
                    "LAZ-403",
                    "@Durable " + m.display() + " would be the " + depth + "th durable method nested in execution "
                            + parent.root.id + ", over the limit of " + MAX_DEPTH + " nested executions; make the"
                            + " recursion a loop, or the inner levels plain methods");
        }
        ExecutionIndex index = context.index();
        ExecutionRecord previous = index.get(id);
        EngineClock clock = context.clock();
        long startedAt = clock.currentTimeMillis();
        long t0 = clock.nanoTime();
        Object outcome;
        boolean threw = false;
        if (previous != null && previous.isFinished()) {
            // It finished before the crash but the parent's step was not written: take its outcome.
            try {
                outcome = outcomes.recorded(m, previous);
            } catch (Throwable t) {
                outcome = t;
                threw = true;
            }
        } else {
            Execution ex = new Execution(
                    id,
                    m,
                    ExecutionIndex.identity(m.application, m.durableName, key),
                    previous != null ? index.steps(previous) : List.of(),
                    previous != null ? index.attempts(previous) : new HashMap<>(),
                    previous != null ? index.effects(previous) : Map.of(),
                    previous != null ? index.branches(previous) : Map.of());
            if (previous == null) {
                context.append(new ExecutionStarted(
                        id,
                        parent.id,
                        m.durableName,
                        key,
                        m.keyIndex >= 0,
                        m.owner.getName(),
                        m.name,
                        m.descriptor,
                        m.isStatic,
                        encodedArgs,
                        startedAt,
                        m.application));
            }
            // the parent waits for its child: what the child does (its own slot) decides whose a crash is
            int parentSlot = ts.boardSlot;
            ActivityBoard board = context.board();
            if (parentSlot >= 0) {
                board.mark(parentSlot, ActivityBoard.JOINING, position);
            }
            try {
                outcome = runner.run(ex, receiverAndArgs, ts);
            } catch (NonDeterminismException e) {
                parent.root.diverged = e;
                throw e;
            } catch (Throwable t) {
                outcome = t;
                threw = true;
            } finally {
                ts.current = parent;
                if (parentSlot >= 0) {
                    board.mark(parentSlot, ActivityBoard.OWN_CODE);
                }
            }
        }
        return recorder.record(
                parent, position, m.callee, location, location, threw, outcome, startedAt, clock.nanoTime() - t0);
    }
}
