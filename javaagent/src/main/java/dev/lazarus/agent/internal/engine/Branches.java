package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.record.BranchIds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs work as a branch of an execution, and wraps the tasks a durable body forks so that they do. A branch
 * is named by where its forker forked it ({@link BranchIds}); its journaled calls, effects and child executions
 * are positioned within it, so its replay answers it from its own record whatever the threads' interleaving.
 */
final class Branches {
    /** Work run as a branch. */
    interface Work<T> {
        T run() throws Throwable;
    }

    private final ExecutionContext context;

    Branches(ExecutionContext context) {
        this.context = context;
    }

    /**
     * Runs {@code work} on the calling thread as {@code branch}: the thread's execution is the branch meanwhile,
     * and whatever it was before afterwards (a pool's thread runs nothing; a caller that ran the task itself, as
     * a completed future's stage does, goes back to its own execution).
     */
    <T> T run(Execution branch, Work<T> work) throws Throwable {
        ThreadState ts = context.thread();
        Execution saved = ts.current;
        int savedSlot = ts.boardSlot;
        ActivityBoard board = context.board();
        int slot = board.claim(branch.boardKey(), ActivityBoard.INNER, ActivityBoard.OWN_CODE);
        ts.boardSlot = slot;
        ts.current = branch;
        try {
            return work.run();
        } finally {
            try {
                branch.settlePending(); // a stream the branch left unread is journaled before it ends
            } finally {
                ts.current = saved;
                if (slot >= 0) {
                    board.release(slot);
                }
                ts.boardSlot = savedSlot;
            }
        }
    }

    /**
     * Wraps one task argument of a fork call so that it runs as the forker's next branch.
     *
     * @param forker the execution (or branch) whose code forks
     * @param task the argument, or {@code null}
     * @param shape what the parameter is ({@link ForkPlan} letters)
     * @param forkedAt the fork's call site, {@code File.java:42}
     * @return the wrapped task, or {@code task} itself if it is no task of that shape
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object wrap(Execution forker, Object task, char shape, String forkedAt) {
        if (task == null || task instanceof BranchTask) {
            return task;
        }
        switch (shape) {
            case ForkPlan.RUNNABLE:
                return task instanceof Runnable r
                        ? new BranchTask.OfRunnable(this, forker, forker.nextFork(), forkedAt, r)
                        : task;
            case ForkPlan.CALLABLE:
                return task instanceof Callable c
                        ? new BranchTask.OfCallable(this, forker, forker.nextFork(), forkedAt, c)
                        : task;
            case ForkPlan.SUPPLIER:
                return task instanceof Supplier s
                        ? new BranchTask.OfSupplier(this, forker, forker.nextFork(), forkedAt, s)
                        : task;
            case ForkPlan.FUNCTION:
                return task instanceof Function f
                        ? new BranchTask.OfFunction(this, forker, forker.nextFork(), forkedAt, f)
                        : task;
            case ForkPlan.BI_FUNCTION:
                return task instanceof BiFunction f
                        ? new BranchTask.OfBiFunction(this, forker, forker.nextFork(), forkedAt, f)
                        : task;
            case ForkPlan.CONSUMER:
                return task instanceof Consumer c
                        ? new BranchTask.OfConsumer(this, forker, forker.nextFork(), forkedAt, c)
                        : task;
            case ForkPlan.BI_CONSUMER:
                return task instanceof BiConsumer c
                        ? new BranchTask.OfBiConsumer(this, forker, forker.nextFork(), forkedAt, c)
                        : task;
            case ForkPlan.CALLABLES:
                if (task instanceof Collection<?> tasks) {
                    List<Object> wrapped = new ArrayList<>(tasks.size());
                    for (Object t : tasks) { // the collection's own order: the order the body built it in
                        wrapped.add(wrap(forker, t, ForkPlan.CALLABLE, forkedAt));
                    }
                    return wrapped;
                }
                return task;
            default:
                return task;
        }
    }

    /**
     * Whether the run an execution's journal recorded cancelled its forker's branch {@code n}: on replay such a
     * branch is held until the body cancels it again, so the body sees a cancelled future as it did, not the
     * outcome a replayed branch reaches at once.
     */
    boolean cancelledInTheJournal(Execution forker, int n) {
        if (forker.recorded.isEmpty()) {
            return false;
        }
        java.util.Set<Integer> cancelled = forker.cancelledForks;
        if (cancelled == null) {
            cancelled = new java.util.HashSet<>();
            for (dev.lazarus.store.record.ExecutionStep step : forker.recorded) {
                if (step instanceof dev.lazarus.store.record.StepRecorded r
                        && !r.threw()
                        && r.callee().endsWith(".cancel(Z)Z")) {
                    Object fork = context.codec().decode(r.value(), forker.method.loader());
                    if (fork instanceof Integer i && i >= 0) {
                        cancelled.add(i);
                    }
                }
            }
            forker.cancelledForks = cancelled;
        }
        return cancelled.contains(n);
    }

    /**
     * Holds a branch the journal says was cancelled until its future is cancelled again (or the thread is
     * interrupted by that cancel), or until its execution ends or diverges without doing so.
     */
    void awaitCancel(BranchTask task, Execution root) {
        while (true) {
            java.util.concurrent.Future<?> f = task.future;
            if ((f != null && f.isDone()) || Thread.interrupted() || root.diverged != null || root.isOver()) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
    }

    /** {@code new Thread(runnable)} in a durable body: the runnable, as the current execution's next branch. */
    Runnable branch(Runnable task) {
        Execution ex = context.thread().current;
        return ex == null ? task : (Runnable) wrap(ex, task, ForkPlan.RUNNABLE, CallerLocation.inBody(ex));
    }
}
