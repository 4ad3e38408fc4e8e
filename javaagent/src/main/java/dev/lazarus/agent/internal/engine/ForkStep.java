package dev.lazarus.agent.internal.engine;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.BaseStream;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The step kind of a fork call site of a durable body: work handed to other threads ({@code submit},
 * {@code execute}, {@code invokeAll}, {@code CompletableFuture.supplyAsync} and dependent stages, threads,
 * structured concurrency) and parallel streams run as branches ({@link Branches}); and the calls whose outcome
 * depends on how the threads were scheduled are journaled as decisions of the code that made them, so replay
 * gives the body the same outcome whatever the interleaving:
 *
 * <ul>
 *   <li>{@code Future.get(timeout, unit)}: whether it timed out (replay either throws the recorded
 *       {@code TimeoutException} at once, or waits for the branch without a timeout);
 *   <li>{@code Future.cancel}: whether it cancelled (replay cancels only if it did);
 *   <li>{@code Future.isDone}: the answer (replay waits for the branch when it was done);
 *   <li>{@code invokeAny}: which task's result it returned (replay runs that task's branch only);
 *   <li>{@code CompletableFuture.anyOf}: which future completed first, journaled in a branch of its own as soon
 *       as one does, whatever thread completes it (replay relays that future).
 * </ul>
 *
 * <p>Outside an execution, and inside a live journaled call, the call runs as written.
 */
final class ForkStep {
    private final ExecutionContext context;
    private final Replayer replayer;
    private final StepRecorder recorder;
    private final Branches branches;
    /** The fork number of the branch each future a fork call returned runs: what a cancel decision names. */
    private final java.util.Map<Future<?>, Integer> futures = new java.util.WeakHashMap<>();

    ForkStep(ExecutionContext context, Replayer replayer, StepRecorder recorder, Branches branches) {
        this.context = context;
        this.replayer = replayer;
        this.recorder = recorder;
        this.branches = branches;
    }

    /**
     * @param site the fork call site
     * @param target the original callee, {@code (Object[])Object}
     * @param args the call's arguments, the receiver first for an instance method
     * @return what the callee returns (a stream of branches, for a parallel stream)
     * @throws Throwable the callee's exception, live or recorded
     */
    Object fork(Object site, MethodHandle target, Object[] args) throws Throwable {
        Execution ex = context.thread().current;
        if (ex == null) {
            return (Object) target.invokeExact(args);
        }
        if (ex.root.diverged != null) {
            throw ex.root.diverged;
        }
        CallSiteInfo s = (CallSiteInfo) site;
        ForkPlan plan = s.forkPlan;
        if (plan == null) {
            plan = ForkPlan.of(s.callee);
            s.forkPlan = plan;
        }
        // the body hands work to its branches, or waits for them (invokeAll, a timed get, invokeAny): what the
        // branches do, on slots of their own, decides whose a crash meanwhile is
        int slot = context.thread().boardSlot;
        ActivityBoard board = context.board();
        if (slot >= 0) {
            board.mark(slot, ActivityBoard.JOINING);
        }
        try {
            return dispatch(ex, s, plan, target, args);
        } finally {
            if (slot >= 0) {
                board.mark(slot, ActivityBoard.OWN_CODE);
            }
        }
    }

    private Object dispatch(Execution ex, CallSiteInfo s, ForkPlan plan, MethodHandle target, Object[] args)
            throws Throwable {
        int first = args.length - plan.shapes.length; // 1 when the first argument is the receiver
        switch (plan.kind) {
            case STREAM:
                return parallel(ex, s.location, (Object) target.invokeExact(args));
            case TIMED_GET:
                return timedGet(ex, s, target, args);
            case CANCEL:
                return cancel(ex, s, target, args);
            case IS_DONE:
                return isDone(ex, s, target, args);
            case INVOKE_ANY:
                return invokeAny(ex, s, target, args, first, plan);
            case ANY_OF:
                return anyOf(ex, s, target, args);
            default:
                BranchTask only = null;
                int wrapped = 0;
                for (int i = 0; i < plan.shapes.length; i++) {
                    if (plan.shapes[i] != ForkPlan.OTHER) {
                        args[first + i] = branches.wrap(ex, args[first + i], plan.shapes[i], s.location);
                        if (args[first + i] instanceof BranchTask t) {
                            only = t;
                            wrapped++;
                        }
                    }
                }
                Object result = (Object) target.invokeExact(args);
                if (wrapped == 1 && result instanceof Future<?> f) {
                    only.future = f; // what a later cancel of this future cancels
                    synchronized (futures) {
                        futures.put(f, only.number());
                    }
                } else if (result instanceof List<?> list
                        && plan.shapes.length > 0
                        && args[first] instanceof List<?> tasks) {
                    // invokeAll: its futures, in the order of its tasks
                    for (int i = 0; i < list.size() && i < tasks.size(); i++) {
                        if (list.get(i) instanceof Future<?> f && tasks.get(i) instanceof BranchTask t) {
                            t.future = f;
                            synchronized (futures) {
                                futures.put(f, t.number());
                            }
                        }
                    }
                }
                return result;
        }
    }

    /** A parallel stream: the same elements, each run down the pipeline as a branch. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object parallel(Execution ex, String forkedAt, Object result) {
        int number = ex.nextFork();
        if (result instanceof Stream<?> stream) {
            return branchStream(ex, number, forkedAt, (Stream<Object>) stream);
        }
        if (result instanceof IntStream ints) {
            return branchStream(ex, number, forkedAt, (Stream) ints.boxed()).mapToInt(i -> (Integer) i);
        }
        if (result instanceof LongStream longs) {
            return branchStream(ex, number, forkedAt, (Stream) longs.boxed()).mapToLong(l -> (Long) l);
        }
        if (result instanceof DoubleStream doubles) {
            return branchStream(ex, number, forkedAt, (Stream) doubles.boxed()).mapToDouble(d -> (Double) d);
        }
        return result; // a stream type of a library: runs as it is
    }

    private Stream<Object> branchStream(Execution ex, int number, String forkedAt, Stream<Object> stream) {
        BaseStream<Object, ?> original = stream;
        BranchSpliterator<Object> source = BranchSpliterator.of(stream.spliterator(), branches, ex, number, forkedAt);
        return StreamSupport.stream(source, source.splittable()).onClose(original::close);
    }

    private Object timedGet(Execution ex, CallSiteInfo s, MethodHandle target, Object[] args) throws Throwable {
        Future<?> future = (Future<?>) args[0];
        int position = ex.nextPosition();
        if (position < ex.recorded.size()) {
            // recorded: it completed in time (replay waits for the branch), or it threw (the same, at once)
            recorded(ex, s, position);
            return future.get();
        }
        long startedAt = context.clock().currentTimeMillis();
        long t0 = context.clock().nanoTime();
        Object value;
        try {
            value = (Object) target.invokeExact(args);
        } catch (ExecutionException | CancellationException completed) {
            journal(ex, s, position, false, Boolean.TRUE, startedAt, t0);
            throw completed;
        } catch (TimeoutException | InterruptedException notCompleted) {
            return journal(ex, s, position, true, notCompleted, startedAt, t0);
        }
        journal(ex, s, position, false, Boolean.TRUE, startedAt, t0);
        return value;
    }

    /**
     * {@code Future.cancel}: journaled as the fork number of the branch it cancelled ({@code -2} for a future
     * that is no branch's), or {@code -1} if it did not cancel. On replay a branch whose cancel is journaled is
     * held until the body cancels it again ({@link Branches#cancelledInTheJournal}), so the body sees the same
     * cancelled future.
     */
    private Object cancel(Execution ex, CallSiteInfo s, MethodHandle target, Object[] args) throws Throwable {
        int position = ex.nextPosition();
        if (position < ex.recorded.size()) {
            Object decided = recorded(ex, s, position);
            boolean cancelled = decided instanceof Integer fork ? fork != -1 : Boolean.TRUE.equals(decided);
            if (cancelled) {
                Object unused = (Object) target.invokeExact(args);
                return Boolean.TRUE;
            }
            return Boolean.FALSE;
        }
        long startedAt = context.clock().currentTimeMillis();
        long t0 = context.clock().nanoTime();
        boolean cancelled;
        try {
            cancelled = (boolean) (Object) target.invokeExact(args);
        } catch (Throwable t) {
            return journal(ex, s, position, true, t, startedAt, t0);
        }
        Integer fork;
        synchronized (futures) {
            fork = futures.get(args[0]);
        }
        journal(ex, s, position, false, cancelled ? (fork != null ? fork : -2) : -1, startedAt, t0);
        return cancelled;
    }

    private Object isDone(Execution ex, CallSiteInfo s, MethodHandle target, Object[] args) throws Throwable {
        int position = ex.nextPosition();
        if (position < ex.recorded.size()) {
            Object done = recorded(ex, s, position);
            if (Boolean.TRUE.equals(done)) {
                awaitQuietly((Future<?>) args[0]); // it was done: so it is, before the body goes on
                return Boolean.TRUE;
            }
            return Boolean.FALSE;
        }
        return decide(ex, s, position, target, args);
    }

    /** Runs the call live and journals what it returned (a small value: a boolean). */
    private Object decide(Execution ex, CallSiteInfo s, int position, MethodHandle target, Object[] args)
            throws Throwable {
        long startedAt = context.clock().currentTimeMillis();
        long t0 = context.clock().nanoTime();
        Object outcome;
        boolean threw = false;
        try {
            outcome = (Object) target.invokeExact(args);
        } catch (Throwable t) {
            outcome = t;
            threw = true;
        }
        return journal(ex, s, position, threw, outcome, startedAt, t0);
    }

    /** Journals a decision (or a live call's outcome) at {@code position}, then returns or throws it. */
    private Object journal(
            Execution ex, CallSiteInfo s, int position, boolean threw, Object outcome, long startedAt, long t0)
            throws Throwable {
        return recorder.record(
                ex,
                position,
                s.callee,
                s.location,
                s.displayName,
                threw,
                outcome,
                startedAt,
                context.clock().nanoTime() - t0);
    }

    /** The decision the journal holds at {@code position}, after comparing the callee; or its exception. */
    private Object recorded(Execution ex, CallSiteInfo s, int position) throws Throwable {
        return replayer.outcome(ex, ex.recorded.get(position), s.callee, s.location, s.displayName);
    }

    private static void awaitQuietly(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException e) {
            // done, exceptionally: that is all the body asked
        }
    }

    /** What a task of {@code invokeAny} returns through the executor: its result, and which task it was. */
    private record Won(int task, Object value) {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object invokeAny(Execution ex, CallSiteInfo s, MethodHandle target, Object[] args, int first, ForkPlan plan)
            throws Throwable {
        int tasksAt = -1;
        for (int i = 0; i < plan.shapes.length; i++) {
            if (plan.shapes[i] == ForkPlan.CALLABLES) {
                tasksAt = first + i;
            }
        }
        if (tasksAt < 0 || !(args[tasksAt] instanceof Collection<?> tasks) || !(args[0] instanceof ExecutorService)) {
            return (Object) target.invokeExact(args);
        }
        int position = ex.nextPosition();
        List<Callable<Object>> wrapped = new ArrayList<>(tasks.size());
        int index = 0;
        for (Object t : tasks) {
            Callable<Object> task = (Callable<Object>) t;
            int which = index++;
            wrapped.add((Callable<Object>) branches.wrap(
                    ex, (Callable<Object>) () -> new Won(which, task.call()), ForkPlan.CALLABLE, s.location));
        }
        if (position < ex.recorded.size()) {
            Object winner = recorded(ex, s, position);
            // the recorded winner's branch runs again, alone; the others lost, and their journals stay unread
            Future<Object> f = ((ExecutorService) args[0]).submit(wrapped.get((Integer) winner));
            return ((Won) f.get()).value();
        }
        args[tasksAt] = wrapped;
        long startedAt = context.clock().currentTimeMillis();
        long t0 = context.clock().nanoTime();
        Object result;
        try {
            result = (Object) target.invokeExact(args);
        } catch (Throwable t) {
            return journal(ex, s, position, true, t, startedAt, t0);
        }
        Won won = (Won) result;
        journal(ex, s, position, false, won.task(), startedAt, t0);
        return won.value();
    }

    /**
     * {@code CompletableFuture.anyOf}: the first input to complete decides, and the decision is journaled, as
     * position 0 of a branch of its own, by the thread that completes it (so the forker's own positions do not
     * wait for it).
     */
    private Object anyOf(Execution ex, CallSiteInfo s, MethodHandle target, Object[] args) throws Throwable {
        CompletableFuture<?>[] inputs = (CompletableFuture<?>[]) args[0];
        if (inputs == null || inputs.length == 0) {
            return (Object) target.invokeExact(args);
        }
        Execution decision = ex.branch(ex.nextFork(), s.location);
        if (!decision.recorded.isEmpty()) {
            Object winner = replayer.outcome(decision, decision.recorded.get(0), s.callee, s.location, s.displayName);
            return relay(inputs[(Integer) winner]);
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        AtomicBoolean decided = new AtomicBoolean();
        long startedAt = context.clock().currentTimeMillis();
        long t0 = context.clock().nanoTime();
        for (int i = 0; i < inputs.length; i++) {
            int which = i;
            CompletableFuture<?> input = inputs[i];
            input.whenComplete((value, failure) -> {
                if (!decided.compareAndSet(false, true)) {
                    return;
                }
                try {
                    decision.nextPosition();
                    recorder.record(
                            decision,
                            0,
                            s.callee,
                            s.location,
                            s.displayName,
                            false,
                            which,
                            startedAt,
                            context.clock().nanoTime() - t0);
                } catch (Throwable journalFailed) {
                    result.completeExceptionally(journalFailed);
                    return;
                }
                complete(result, value, failure);
            });
        }
        return result;
    }

    private static CompletableFuture<Object> relay(CompletableFuture<?> input) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        input.whenComplete((value, failure) -> complete(result, value, failure));
        return result;
    }

    private static void complete(CompletableFuture<Object> result, Object value, Throwable failure) {
        if (failure == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(
                    failure instanceof CompletionException ? failure : new CompletionException(failure));
        }
    }
}
