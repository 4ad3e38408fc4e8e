package dev.lazarus.agent.internal.engine;

import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A task a durable body handed to another thread, wrapped so that it runs as a branch of the execution: its
 * branch number is taken when the body forks it (on the body's thread, in the body's order), and whichever
 * thread runs it, and whenever, runs it with that branch as its execution. One subclass per functional shape
 * the JDK's concurrency APIs take; each implements exactly one interface, so an executor that looks at what a
 * task is ({@code instanceof Callable}) sees what the body gave it.
 */
abstract class BranchTask {
    private final Branches branches;
    private final Execution forker;
    private final int number;
    /** Where the body forked it ({@code File.java:42}). */
    private final String forkedAt;
    /**
     * The branch, made at the task's first run: a task run again (a periodic one) goes on at the branch's next
     * position instead of writing its first positions twice.
     */
    private volatile Execution branch;
    /** The future the executor made of this task, once the fork call returned it: what a cancel acts on. */
    volatile java.util.concurrent.Future<?> future;

    BranchTask(Branches branches, Execution forker, int number, String forkedAt) {
        this.branches = branches;
        this.forker = forker;
        this.number = number;
        this.forkedAt = forkedAt;
    }

    /** The fork's number within its forker. */
    final int number() {
        return number;
    }

    /** Runs {@code work} as the branch, on the calling thread. */
    final <T> T inBranch(Branches.Work<T> work) throws Throwable {
        Execution b = branch;
        if (b == null) {
            b = forker.branch(number, forkedAt);
            branch = b;
        }
        if (branches.cancelledInTheJournal(forker, number)) {
            // the run this replays cancelled the branch: it may not finish before the body cancels it again
            branches.awaitCancel(this, forker.root);
            throw new java.util.concurrent.CancellationException(
                    "branch " + b.id + " was cancelled by its execution's body");
        }
        return branches.run(b, work);
    }

    /** Rethrows what a functional interface without {@code throws} may throw, unchanged. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** A {@link Runnable}: {@code execute}, {@code submit}, threads. */
    static final class OfRunnable extends BranchTask implements Runnable {
        private final Runnable task;

        OfRunnable(Branches b, Execution forker, int n, String at, Runnable task) {
            super(b, forker, n, at);
            this.task = task;
        }

        @Override
        public void run() {
            try {
                inBranch(() -> {
                    task.run();
                    return null;
                });
            } catch (Throwable t) {
                throw sneaky(t);
            }
        }
    }

    /** A {@link Callable}: {@code submit}, {@code invokeAll}, {@code invokeAny}, structured concurrency. */
    static final class OfCallable<V> extends BranchTask implements Callable<V> {
        private final Callable<V> task;

        OfCallable(Branches b, Execution forker, int n, String at, Callable<V> task) {
            super(b, forker, n, at);
            this.task = task;
        }

        @Override
        public V call() throws Exception {
            try {
                return inBranch(task::call);
            } catch (Throwable t) {
                throw sneaky(t);
            }
        }
    }

    /** A {@link Supplier}: {@code CompletableFuture.supplyAsync}. */
    static final class OfSupplier<V> extends BranchTask implements Supplier<V> {
        private final Supplier<V> task;

        OfSupplier(Branches b, Execution forker, int n, String at, Supplier<V> task) {
            super(b, forker, n, at);
            this.task = task;
        }

        @Override
        public V get() {
            try {
                return inBranch(task::get);
            } catch (Throwable t) {
                throw sneaky(t);
            }
        }
    }

    /** A {@link Function}: {@code thenApply}, {@code thenCompose}, {@code exceptionally}, ... */
    static final class OfFunction<A, V> extends BranchTask implements Function<A, V> {
        private final Function<A, V> task;

        OfFunction(Branches b, Execution forker, int n, String at, Function<A, V> task) {
            super(b, forker, n, at);
            this.task = task;
        }

        @Override
        public V apply(A a) {
            try {
                return inBranch(() -> task.apply(a));
            } catch (Throwable t) {
                throw sneaky(t);
            }
        }
    }

    /** A {@link BiFunction}: {@code thenCombine}, {@code handle}. */
    static final class OfBiFunction<A, B, V> extends BranchTask implements BiFunction<A, B, V> {
        private final BiFunction<A, B, V> task;

        OfBiFunction(Branches b, Execution forker, int n, String at, BiFunction<A, B, V> task) {
            super(b, forker, n, at);
            this.task = task;
        }

        @Override
        public V apply(A a, B bb) {
            try {
                return inBranch(() -> task.apply(a, bb));
            } catch (Throwable t) {
                throw sneaky(t);
            }
        }
    }

    /** A {@link Consumer}: {@code thenAccept}, {@code acceptEither}. */
    static final class OfConsumer<A> extends BranchTask implements Consumer<A> {
        private final Consumer<A> task;

        OfConsumer(Branches b, Execution forker, int n, String at, Consumer<A> task) {
            super(b, forker, n, at);
            this.task = task;
        }

        @Override
        public void accept(A a) {
            try {
                inBranch(() -> {
                    task.accept(a);
                    return null;
                });
            } catch (Throwable t) {
                throw sneaky(t);
            }
        }
    }

    /** A {@link BiConsumer}: {@code whenComplete}, {@code thenAcceptBoth}. */
    static final class OfBiConsumer<A, B> extends BranchTask implements BiConsumer<A, B> {
        private final BiConsumer<A, B> task;

        OfBiConsumer(Branches b, Execution forker, int n, String at, BiConsumer<A, B> task) {
            super(b, forker, n, at);
            this.task = task;
        }

        @Override
        public void accept(A a, B bb) {
            try {
                inBranch(() -> {
                    task.accept(a, bb);
                    return null;
                });
            } catch (Throwable t) {
                throw sneaky(t);
            }
        }
    }
}
