package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.internal.effect.AsyncEffect;
import dev.lazarus.agent.internal.effect.AsyncEffectBoundary;
import dev.lazarus.agent.internal.effect.EffectRequest;
import dev.lazarus.agent.internal.effect.ExecutorHandOff;
import dev.lazarus.agent.internal.effect.StreamedData;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.StepRecorded;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * The step kind of an asynchronous effect ({@code HttpClient.sendAsync}, OkHttp's {@code Call.enqueue}) started
 * on a thread that runs an execution: the effect is completed on another thread, by the library, and belongs to
 * a branch of its own, forked at the call. The fork's number is taken on the calling thread, in the order the
 * code makes its calls, so the branch is named the same in every run ({@link BranchIds}); the effect is that
 * branch's position 0, recorded ({@link StepRecorded}, the boundary's name as callee, the request's digest) by
 * whichever thread completes it, and the caller's callbacks run as the branch, so what they do is positioned
 * within it, after the effect.
 *
 * <p>On replay the branch's journal holds position 0: the boundary rebuilds the answer from it and completes at
 * once (a completed future, or the caller's callback on an agent thread), and nothing leaves the process. A
 * branch without position 0 is an effect that was in flight when the process died (or whose stream was not
 * read to its end): it happens again, live.
 *
 * <p>Inside a live journaled call the effect is the call's, whose outcome is journaled when it returns: the
 * woven method runs as written there (see {@link EffectStep}).
 */
final class AsyncEffectStep {
    private static final AtomicInteger REPLAY_THREADS = new AtomicInteger();
    /**
     * Where replayed callbacks run: a library calls a callback on its own threads, never on the caller's, and a
     * caller may rely on that (it may hold a lock the callback takes). Daemon threads: a process that exits
     * stops them, which is safe, since the effect they answer is journaled already.
     */
    private static final ExecutorService REPLAYED_CALLBACKS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lazarus-async-replay-" + REPLAY_THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final ExecutionContext context;
    private final Replayer replayer;
    private final Divergence divergence;
    private final Branches branches;
    private final ValueCodec codec;
    private final EngineClock clock;
    private final Logger log;
    private final boolean trace;

    AsyncEffectStep(ExecutionContext context, Replayer replayer, Divergence divergence, Branches branches) {
        this.context = context;
        this.replayer = replayer;
        this.divergence = divergence;
        this.branches = branches;
        this.codec = context.codec();
        this.clock = context.clock();
        this.log = context.log();
        this.trace = context.trace();
    }

    /**
     * @param ts the calling thread's state
     * @param ex the execution (or branch) the calling thread runs
     * @param boundary the boundary
     * @param request the request, as data
     * @param receiver the woven method's receiver
     * @param args its arguments
     * @return what the woven method returns
     * @throws Throwable what the woven method threw at once; LAZ-301 on divergence
     */
    Object effect(
            ThreadState ts,
            Execution ex,
            AsyncEffectBoundary boundary,
            EffectRequest request,
            Object receiver,
            Object[] args)
            throws Throwable {
        if (ex.root.diverged != null) {
            throw ex.root.diverged;
        }
        Execution branch = ex.branch(ex.nextFork());
        int position = branch.nextPosition(); // 0: the effect is the branch's first step
        if (position < branch.recorded.size()) {
            return replay(branch, branch.recorded.get(position), boundary, request, receiver, args);
        }
        String location = CallerLocation.inBody(ex);
        if (branch.dryReplay != null) {
            // the self-check replays a finished execution: an effect its journal does not hold must not run
            throw branch.dryReplay.wentLive(position, boundary.id() + " " + request.description(), location);
        }
        Live effect = new Live(ex, branch, position, boundary.id(), location, request);
        Execution current = ts.current;
        ts.performingEffect = true; // the woven method's nested entry proceeds
        ts.current = null;
        ActivityBoard board = context.board();
        int slot = ts.boardSlot;
        if (slot >= 0) {
            board.mark(slot, ActivityBoard.IN_EFFECT);
        }
        try {
            return boundary.start(receiver, args, effect);
        } catch (Throwable t) {
            effect.landed(); // it never started: nothing is in flight
            throw t;
        } finally {
            ts.performingEffect = false;
            ts.current = current;
            if (slot >= 0) {
                board.mark(slot, ActivityBoard.OWN_CODE);
            }
        }
    }

    /**
     * A hand-off of work to another thread made by code the calling thread runs for an execution (see
     * {@link ExecutorHandOff}): the executor it answers with runs each task as the execution's next branch, whose
     * number is taken now, on the calling thread.
     */
    Object handOff(ThreadState ts, Execution ex, ExecutorHandOff handOff, Object receiver, Object[] args)
            throws Throwable {
        if (ex.root.diverged != null) {
            throw ex.root.diverged;
        }
        // the hand-off is made on the body's thread: its line names where the branch's effects come from, as the
        // thread that runs them later has no frame of the body
        Execution branch = ex.branch(ex.nextFork(), CallerLocation.inBody(ex));
        Execution current = ts.current;
        ts.performingEffect = true; // the woven method's nested entry proceeds
        ts.current = null;
        try {
            return handOff.enter(
                    receiver,
                    args,
                    executor -> task -> executor.execute(() -> {
                        try {
                            branches.run(branch, () -> {
                                task.run();
                                return null;
                            });
                        } catch (Throwable t) {
                            throw BranchTask.sneaky(t);
                        }
                    }));
        } finally {
            ts.performingEffect = false;
            ts.current = current;
        }
    }

    private Object replay(
            Execution branch,
            ExecutionStep step,
            AsyncEffectBoundary boundary,
            EffectRequest request,
            Object receiver,
            Object[] args)
            throws Throwable {
        boolean sameRequest = !(step instanceof StepRecorded r
                && r.argumentsDigest() != 0
                && r.argumentsDigest() != request.digest());
        // the stack walk that names the body's line is paid only where the answer is not the journal's
        boolean matches = step.callee().equals(boundary.id()) && sameRequest;
        String location = matches ? step.callSite() : CallerLocation.inBody(branch);
        if (!sameRequest && step.callee().equals(boundary.id())) {
            throw divergence.diverge(
                    branch,
                    step,
                    boundary.id(),
                    location + " with another request than recorded (" + request.description() + ")");
        }
        replayer.check(branch, step, boundary.id(), location, request.description());
        StepRecorded recorded = (StepRecorded) step; // its callee is a boundary's: only an effect records it
        Object value = replayer.decode(branch, recorded.value(), request.description(), location);
        Replayed effect = new Replayed(branch);
        return recorded.threw()
                ? boundary.replay(receiver, args, null, (Throwable) value, effect)
                : boundary.replay(receiver, args, value, null, effect);
    }

    /** What every async effect's handle does: run work as its branch. */
    private abstract class InBranch implements AsyncEffect {
        final Execution branch;

        InBranch(Execution branch) {
            this.branch = branch;
        }

        @Override
        public <T> T inBranch(Work<T> work) throws Throwable {
            ThreadState ts = context.thread();
            // a library may call back on a thread in the middle of something else of ours (performing an effect,
            // a live journaled call): the callback is the branch's, and that is restored after it
            boolean performing = ts.performingEffect;
            Execution stepExecution = ts.stepExecution;
            ts.performingEffect = false;
            ts.stepExecution = null;
            try {
                return branches.run(branch, work::run);
            } finally {
                ts.performingEffect = performing;
                ts.stepExecution = stepExecution;
            }
        }

        @Override
        public void inBranchLater(Work<?> work) {
            REPLAYED_CALLBACKS.execute(() -> {
                try {
                    inBranch(work);
                } catch (Throwable t) {
                    // what a library does with a callback that throws on its thread: report it, go on
                    log.warn("a callback of the asynchronous effect of branch {} threw: {}", branch.id, t.toString());
                }
            });
        }
    }

    /** A live effect: journals its outcome once, from whichever thread reports it first. */
    private final class Live extends InBranch {
        /** The execution (or branch) whose code started the effect: its next record waits for a stream's. */
        private final Execution starter;

        private final int position;
        private final String boundaryId;
        private final String location;
        private final EffectRequest request;
        private final long startedAt = clock.currentTimeMillis();
        private final long t0 = clock.nanoTime();
        private final AtomicBoolean reported = new AtomicBoolean();
        /**
         * The {@link ActivityBoard} slot saying the effect is in flight, until it reports (or -1): while it is, the
         * body that waits for it is not what a process killed meanwhile died of.
         */
        private final AtomicInteger inFlight;

        Live(
                Execution starter,
                Execution branch,
                int position,
                String boundaryId,
                String location,
                EffectRequest request) {
            super(branch);
            this.starter = starter;
            this.position = position;
            this.boundaryId = boundaryId;
            this.location = location;
            this.request = request;
            this.inFlight = new AtomicInteger(
                    context.board().claim(branch.boardKey(), ActivityBoard.INNER, ActivityBoard.IN_EFFECT));
        }

        /** The effect is no longer in flight: it reported, or never started. */
        void landed() {
            int slot = inFlight.getAndSet(-1);
            if (slot >= 0) {
                context.board().release(slot);
            }
        }

        @Override
        public void completed(Object data) {
            record(false, data);
        }

        @Override
        public void failed(Throwable failure) {
            record(true, StackTraces.filledIn(failure));
        }

        @Override
        public void streaming(StreamedData streamed) {
            if (!reported.compareAndSet(false, true)) {
                return;
            }
            // kept with the code that started the effect: its next record (or its end) writes this one first, so a
            // body that acted on what it read never has later steps journaled without the data they came from
            new PendingEffect(
                            starter,
                            streamed,
                            request.description(),
                            location,
                            (value, threw, duration) -> {
                                traceRecorded();
                                return new StepRecorded(
                                        branch.id,
                                        position,
                                        boundaryId,
                                        location,
                                        threw,
                                        value,
                                        startedAt,
                                        duration,
                                        1,
                                        request.digest());
                            },
                            context,
                            t0)
                    .open();
            landed(); // the stream that goes on is the pending effect's, which is on the board itself
        }

        private void traceRecorded() {
            if (trace) {
                log.info(
                        "live {} at {} recorded (branch {}, step {}, on {})",
                        request.description(),
                        location,
                        branch.id,
                        position,
                        Thread.currentThread().getName());
            }
        }

        private void record(boolean threw, Object data) {
            if (!reported.compareAndSet(false, true)) {
                return;
            }
            landed();
            try {
                // the library hands the data to the caller itself: over the limit, only a replay gets the error
                RecordLimit.Kept kept = RecordLimit.effect(
                        codec.encode(data, branch.method.loader()),
                        threw,
                        request.description(),
                        location,
                        false,
                        codec,
                        branch.method.loader(),
                        log);
                context.append(new StepRecorded(
                        branch.id,
                        position,
                        boundaryId,
                        location,
                        kept.threw(),
                        kept.value(),
                        startedAt,
                        clock.nanoTime() - t0,
                        1,
                        request.digest()));
                traceRecorded();
            } catch (RuntimeException e) {
                // the journal stopped (the process is going down) or the outcome is no data: the effect is as if
                // in flight, and happens again after a restart; the caller still gets what the library gave
                log.warn(
                        "LAZ-209: the asynchronous effect {} at {} (branch {}) could not be journaled ({}); it"
                                + " happens again on replay",
                        request.description(),
                        location,
                        branch.id,
                        e.toString());
            }
        }
    }

    /** An effect answered from the journal: nothing more to journal. */
    private final class Replayed extends InBranch {
        Replayed(Execution branch) {
            super(branch);
        }

        @Override
        public void completed(Object data) {}

        @Override
        public void failed(Throwable failure) {}

        @Override
        public void streaming(StreamedData streamed) {}
    }
}
