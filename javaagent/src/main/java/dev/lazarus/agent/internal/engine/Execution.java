package dev.lazarus.agent.internal.engine;

import dev.lazarus.NonDeterminismException;
import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.ExecutionStep;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** An execution while it runs in this process: its replay position and how it ended, for joiners. */
final class Execution {
    final String id;
    final DurableMethodInfo method;
    final String identity;
    /** Steps recorded by earlier processes; while {@code position} is below their count, calls are replayed. */
    final List<ExecutionStep> recorded;

    final Thread thread;
    /** Failed attempts of calls that an earlier process was retrying, by position. */
    final Map<Integer, AttemptFailed> attempts;
    /**
     * Effects at boundaries that earlier processes journaled inside calls of this execution, by the call's
     * position: answered in order when the call is recomputed or re-run.
     */
    final Map<Integer, List<EffectRecorded>> effects;

    /**
     * The next position; take it with {@link #nextPosition}, which first writes the records of effects whose
     * streams are still being read, so records stay in position order.
     */
    int position;
    /** Set once replay diverged: the body may not continue. */
    NonDeterminismException diverged;
    /**
     * Set on the self-check's dry replay of a finished execution (agent option {@code selfcheck=replay}):
     * nothing may run live or be journaled for it; {@code null} for every execution that really runs.
     */
    SelfCheckReplay dryReplay;

    /** Effects whose place is taken and whose record is not written yet (guarded by the list). */
    private final List<PendingEffect> pending = new java.util.ArrayList<>(1);
    /** Whether {@link #pending} may be non-empty: the hot path reads only this. */
    private volatile boolean hasPending;

    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Object result;
    private volatile Throwable failure;

    Execution(
            String id,
            DurableMethodInfo method,
            String identity,
            List<ExecutionStep> recorded,
            Map<Integer, AttemptFailed> attempts,
            Map<Integer, List<EffectRecorded>> effects) {
        this.attempts = attempts;
        this.effects = effects;
        this.id = id;
        this.method = method;
        this.identity = identity;
        this.recorded = recorded;
        this.thread = Thread.currentThread();
    }

    /**
     * Takes the next position for a step, after writing the records of the effects before it whose data was
     * still being consumed (see {@link PendingEffect}).
     *
     * @return the position
     */
    int nextPosition() {
        if (hasPending) {
            settlePending();
        }
        return position++;
    }

    /**
     * Writes the records of every pending effect of this execution, reading the rest of their streams into
     * memory: before a later record, and before the execution's end.
     */
    void settlePending() {
        while (hasPending) {
            PendingEffect first;
            synchronized (pending) {
                if (pending.isEmpty()) {
                    hasPending = false;
                    return;
                }
                first = pending.get(0);
            }
            first.settle(); // removes it; outside the lock, as it may wait for the rest of a stream
        }
    }

    void addPending(PendingEffect p) {
        synchronized (pending) {
            pending.add(p);
            hasPending = true;
        }
    }

    void removePending(PendingEffect p) {
        synchronized (pending) {
            pending.remove(p);
            hasPending = !pending.isEmpty();
        }
    }

    boolean isReplaying() {
        return position < recorded.size();
    }

    void finish(Object value, Throwable thrown) {
        result = value;
        failure = thrown;
        done.countDown();
    }

    /** Waits for the execution to end on its own thread and returns (or throws) its outcome. */
    Object join() throws Throwable {
        done.await();
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
