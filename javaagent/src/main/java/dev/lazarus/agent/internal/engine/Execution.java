package dev.lazarus.agent.internal.engine;

import dev.lazarus.NonDeterminismException;
import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.ExecutionStep;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * An execution while it runs in this process: its replay position and how it ended, for joiners. A branch of
 * an execution (work its body handed to another thread, see {@link BranchIds}) is an {@code Execution} too, with
 * its own id, positions and recorded steps, and the execution it belongs to as {@link #root}.
 */
final class Execution {
    final String id;
    /** The execution a branch belongs to; an execution's own root is itself. */
    final Execution root;
    /**
     * What earlier processes recorded for the root's branches, by branch id: each branch takes its own when it
     * is forked. Shared by the root and all its branches.
     */
    final Map<String, BranchJournal> branchJournals;

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
    /**
     * Set once replay diverged: the body may not continue. Only the root's is used (read it as
     * {@code ex.root.diverged}): a divergence in any branch stops the whole execution.
     */
    volatile NonDeterminismException diverged;
    /**
     * For a branch, the call site of the body that forked it ({@code File.java:42}): where the journal says an
     * effect of the branch happened when no frame of the durable class is on the stack (a method reference run
     * by a pool's thread); {@code null} for an execution of a durable method.
     */
    final String forkedAt;
    /** The number of forks this execution's own code has made: the next fork's number. */
    private final java.util.concurrent.atomic.AtomicInteger forks = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * Set on the self-check's dry replay of a finished execution (agent option {@code selfcheck=replay}):
     * nothing may run live or be journaled for it; {@code null} for every execution that really runs.
     */
    SelfCheckReplay dryReplay;

    /** {@link ActivityBoard#keyOf} the top-level execution this one belongs to; 0 until first asked (root's only). */
    private long boardKey;

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
            Map<Integer, List<EffectRecorded>> effects,
            Map<String, BranchJournal> branchJournals) {
        this.root = this;
        this.forkedAt = null;
        this.branchJournals = branchJournals;
        this.attempts = attempts;
        this.effects = effects;
        this.id = id;
        this.method = method;
        this.identity = identity;
        this.recorded = recorded;
        this.thread = Thread.currentThread();
    }

    /** A branch of {@code forker}'s execution, named {@code id}, with what earlier processes recorded for it. */
    private Execution(Execution forker, String id, String forkedAt) {
        this.root = forker.root;
        this.forkedAt = forkedAt;
        this.branchJournals = root.branchJournals;
        this.id = id;
        this.method = root.method;
        this.identity = root.identity;
        this.thread = Thread.currentThread();
        this.dryReplay = root.dryReplay;
        BranchJournal journal = branchJournals.get(id);
        if (dryReplay != null) {
            this.recorded = dryReplay.journalOf(id, journal);
        } else {
            this.recorded = journal == null ? List.of() : journal.steps;
        }
        this.attempts = journal == null ? new java.util.HashMap<>() : journal.attempts;
        this.effects = journal == null ? Map.of() : journal.effects;
    }

    /**
     * Takes the number of this execution's next fork: called on the thread that runs this execution's code, in
     * the order that code forks, so the number is the same in every run.
     */
    int nextFork() {
        return forks.getAndIncrement();
    }

    /** @return the branch that is this execution's fork number {@code n}, forked where this one was */
    Execution branch(int n) {
        return branch(n, forkedAt);
    }

    /** @return the branch that is this execution's fork number {@code n}, forked at {@code forkedAt} */
    Execution branch(int n, String forkedAt) {
        return new Execution(this, BranchIds.fork(id, n), forkedAt);
    }

    /**
     * @return the branch that is element {@code i} of the parallel stream that was this execution's fork
     *     {@code n}, made at {@code forkedAt}
     */
    Execution element(int n, long i, String forkedAt) {
        return new Execution(this, BranchIds.element(id, n, i), forkedAt);
    }

    /**
     * @return the key the {@link ActivityBoard} knows this execution's work by: its top-level execution's (a
     *     child's and a branch's work is their top-level execution's)
     */
    long boardKey() {
        Execution r = root;
        long k = r.boardKey;
        if (k == 0) {
            k = ActivityBoard.keyOf(ExecutionIds.topLevel(r.id));
            r.boardKey = k;
        }
        return k;
    }

    /** @return the {@link ActivityBoard} kind of a slot for this execution's own thread */
    int boardKind() {
        return isBranch() || id.indexOf('/') >= 0 ? ActivityBoard.INNER : ActivityBoard.TOP_LEVEL;
    }

    /** Whether this is a branch rather than an execution of a durable method. */
    boolean isBranch() {
        return root != this;
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

    /** The steps earlier processes recorded for this execution and all its branches: what a resume replays. */
    int recordedSteps() {
        int n = recorded.size();
        for (BranchJournal b : branchJournals.values()) {
            n += b.steps.size();
        }
        return n;
    }

    boolean isReplaying() {
        return position < recorded.size();
    }

    /** Whether the execution (a root) has ended, however: its branches need not wait for it any more. */
    boolean isOver() {
        return done.getCount() == 0;
    }

    /**
     * The fork numbers of this execution's branches that its code cancelled in the run its journal recorded
     * ({@code Future.cancel} decisions), read once from the recorded steps; {@code null} until then.
     */
    volatile java.util.Set<Integer> cancelledForks;

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
