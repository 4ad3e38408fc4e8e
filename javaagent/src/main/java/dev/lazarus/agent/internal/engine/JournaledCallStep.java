package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.internal.jfr.JfrGate;
import dev.lazarus.agent.internal.jfr.JournaledCallEvent;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.StepRecomputed;
import dev.lazarus.store.record.StepRecorded;
import java.lang.invoke.MethodHandle;
import java.util.List;
import org.slf4j.Logger;

/**
 * The step kind of an outbound call of a durable body (a rewritten call site): outside an execution it is
 * a plain call; live, the callee runs, is retried as its policy says, and its outcome is journaled; on
 * replay the recorded outcome is returned or thrown and the callee does not run.
 *
 * <p>This is the hot path: it touches a thread-local, the execution's position, and on a live call the
 * codec and one journal append; nothing else is shared between executions. Keep it free of allocations
 * and indirections that a call does not need.
 *
 * <p>Retries: each failed attempt that will be retried is journaled ({@link AttemptFailed}) with the
 * wall-clock time of the next attempt, so a process that dies during the back-off resumes it after a restart
 * and waits only for what is left of it.
 */
final class JournaledCallStep {
    private final ExecutionContext context;
    private final Replayer replayer;
    private final Divergence divergence;
    private final StepRecorder recorder;
    private final ValueCodec codec;
    private final EngineClock clock;
    private final Logger log;
    private final boolean trace;
    private final ActivityBoard board;

    JournaledCallStep(ExecutionContext context, Replayer replayer, Divergence divergence, StepRecorder recorder) {
        this.context = context;
        this.replayer = replayer;
        this.divergence = divergence;
        this.recorder = recorder;
        this.codec = context.codec();
        this.clock = context.clock();
        this.log = context.log();
        this.trace = context.trace();
        this.board = context.board();
    }

    /**
     * @param site the call site, as {@link Engine#resolveCallSite} resolved it
     * @param target the original callee, {@code (Object[])Object}
     * @param args the call's arguments, the receiver first for an instance method
     * @return the callee's result, live or recorded
     * @throws Throwable the callee's exception, live or recorded; LAZ-301 if replay diverges
     */
    Object call(Object site, MethodHandle target, Object[] args) throws Throwable {
        ThreadState ts = context.thread();
        Execution ex = ts.current;
        if (ex == null) {
            return (Object) target.invokeExact(args);
        }
        CallSiteInfo s = (CallSiteInfo) site;
        if (ex.root.diverged != null) {
            throw ex.root.diverged;
        }
        int position = ex.nextPosition();
        int digest = argumentsDigest(ex, s, args);
        if (position < ex.recorded.size()) {
            ExecutionStep step = ex.recorded.get(position);
            int recordedDigest = step instanceof StepRecorded r
                    ? r.argumentsDigest()
                    : step instanceof StepRecomputed c ? c.argumentsDigest() : 0;
            if (digest != 0
                    && recordedDigest != 0
                    && recordedDigest != digest
                    && step.callee().equals(s.callee)
                    && !recordedByAnEarlierVersion(ex, s, args, recordedDigest)) {
                throw divergence.diverge(ex, step, s.callee, s.location + " with other arguments than recorded");
            }
            if (step instanceof StepRecomputed recomputed) {
                replayer.check(ex, step, s.callee, s.location, s.displayName);
                return recompute(ts, ex, s, recomputed, target, args);
            }
            return replayer.outcome(ex, step, s.callee, s.location, s.displayName);
        }
        return live(ts, ex, s, position, digest, target, args);
    }

    private Object live(
            ThreadState ts, Execution ex, CallSiteInfo s, int position, int digest, MethodHandle target, Object[] args)
            throws Throwable {
        // outside the execution's own code from here until the outcome is journaled: a process killed meanwhile
        // (a deploy during a slow call) is not this execution's doing
        int slot = ts.boardSlot;
        if (slot >= 0) {
            board.mark(slot, ActivityBoard.IN_CALL, position);
        }
        try {
            return attempts(ts, ex, s, position, digest, target, args);
        } finally {
            if (slot >= 0) {
                board.mark(slot, ActivityBoard.OWN_CODE);
            }
        }
    }

    /** The call's attempts, its back-off between them, and the journaling of its outcome. */
    private Object attempts(
            ThreadState ts, Execution ex, CallSiteInfo s, int position, int digest, MethodHandle target, Object[] args)
            throws Throwable {
        int attempt = 1;
        AttemptFailed resumed = ex.attempts.remove(position);
        if (resumed != null) {
            // An earlier process was retrying this call: go on with the next attempt when it is due.
            attempt = resumed.attempt() + 1;
            backOff(resumed.nextAttemptAtMillis());
        }
        int firstAttempt = attempt;
        long startedAt = clock.currentTimeMillis();
        long t0 = clock.nanoTime();
        // spans the call, its retries and its journal write; null while JFR has never been started
        JournaledCallEvent event = JfrGate.mayRecord() ? new JournaledCallEvent() : null;
        if (event != null) {
            event.begin();
        }
        while (true) {
            Object outcome;
            boolean threw = false;
            ts.current = null; // the callee's own instrumented calls, if any, are not part of this execution
            ts.stepExecution = ex;
            ts.stepPosition = position;
            if (attempt == firstAttempt) {
                // effects a killed process journaled inside this call are answered, not paid for again
                ts.stepEffectIndex = 0;
                ts.stepEffects = ex.effects.get(position);
            }
            try {
                outcome = (Object) target.invokeExact(args);
            } catch (Throwable t) {
                outcome = t;
                threw = true;
            } finally {
                ts.current = ex;
                ts.stepExecution = null;
            }
            if (threw && s.retry != null && s.retry.retries((Throwable) outcome, attempt)) {
                long next = clock.currentTimeMillis() + s.retry.delayAfterMillis(attempt);
                context.append(new AttemptFailed(
                        ex.id,
                        position,
                        attempt,
                        s.location,
                        codec.encode(StackTraces.filledIn((Throwable) outcome), ex.method.loader()),
                        next));
                if (trace) {
                    log.info(
                            "attempt {} of {} at {} failed ({}); next attempt in {} ms",
                            attempt,
                            s.displayName,
                            s.location,
                            outcome,
                            next - clock.currentTimeMillis());
                }
                if (!backOff(next)) {
                    threw = true; // interrupted during back-off: the last failure is the outcome
                } else {
                    attempt++;
                    continue;
                }
            }
            int effects = ts.stepEffectIndex;
            ts.stepEffects = null;
            try {
                if (effects > 0 && isGeneratedProxy(s, args)) {
                    return recorder.recordRecomputed(
                            ex,
                            position,
                            s.callee,
                            s.location,
                            threw,
                            outcome,
                            "a generated client (a dynamic proxy, such as an AI service) whose state its replay"
                                    + " must rebuild",
                            effects,
                            digest);
                }
                return recorder.recordCall(
                        ex,
                        position,
                        s.callee,
                        s.location,
                        s.displayName,
                        threw,
                        outcome,
                        startedAt,
                        clock.nanoTime() - t0,
                        attempt,
                        digest,
                        effects);
            } finally {
                if (event != null) {
                    event.end();
                    if (event.shouldCommit()) {
                        event.executionId = ex.id;
                        event.position = position;
                        event.callee = s.displayName;
                        event.callSite = s.location;
                        event.attempts = attempt;
                        event.threw = threw;
                        event.commit();
                    }
                }
            }
        }
    }

    /**
     * Whether the call's receiver is a dynamic proxy: a client a framework generated from an interface (a
     * LangChain4j AI service, a declarative HTTP client). Such a client keeps state between calls that the
     * application never sees (a chat memory that each next request carries), so answering a call from its
     * recorded result would leave that state empty and the next live request different from the one an
     * uncrashed run sends. Its calls that had effects are therefore replayed by running them again, with the
     * effects answered from the journal.
     */
    private static boolean isGeneratedProxy(CallSiteInfo s, Object[] args) {
        return args.length > s.parameterCount
                && args[0] != null
                && java.lang.reflect.Proxy.isProxyClass(args[0].getClass());
    }

    /**
     * Replays a call whose outcome could not be journaled: runs it again, with every effect inside it that
     * reached a boundary answered from the journal in order. Attempts that failed live fail again here from
     * their journaled effects, and are retried at once (their back-off was waited for live) as long as the
     * journal holds effects for them.
     */
    private Object recompute(
            ThreadState ts, Execution ex, CallSiteInfo s, StepRecomputed step, MethodHandle target, Object[] args)
            throws Throwable {
        List<EffectRecorded> effects = ex.effects.getOrDefault(step.position(), List.of());
        ts.stepEffectIndex = 0;
        ts.stepEffects = effects;
        int attempt = 1;
        try {
            while (true) {
                ts.current = null;
                ts.stepExecution = ex;
                ts.stepPosition = step.position();
                try {
                    return (Object) target.invokeExact(args);
                } catch (Throwable t) {
                    if (s.retry != null && s.retry.retries(t, attempt) && ts.stepEffectIndex < effects.size()) {
                        attempt++;
                        continue;
                    }
                    throw t;
                } finally {
                    ts.current = ex;
                    ts.stepExecution = null;
                }
            }
        } finally {
            ts.stepEffects = null;
        }
    }

    /**
     * Waits until a retry is due (a journaled wall-clock time: after a restart, only what is left of it).
     *
     * @return {@code false} if interrupted (the interrupt is kept)
     */
    private boolean backOff(long dueAtMillis) {
        try {
            clock.sleepUntil(dueAtMillis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A digest of a call's arguments (not its receiver), compared on replay: code that now asks the same
     * callee different things has changed. 0 when they cannot be digested (then that site stops trying).
     */
    private int argumentsDigest(Execution ex, CallSiteInfo s, Object[] args) {
        if (!s.digestible || s.parameterCount == 0) {
            return 0;
        }
        int d = ArgumentDigest.of(args, args.length - s.parameterCount);
        if (d == 0) {
            s.digestible = false;
        }
        return d;
    }

    /**
     * Whether a recorded digest that differs from the arguments' value digest is the digest an earlier version
     * recorded for these very arguments (journals written before the value digest): computed only on a mismatch,
     * just before non-determinism would be reported.
     */
    private boolean recordedByAnEarlierVersion(Execution ex, CallSiteInfo s, Object[] args, int recorded) {
        return LegacyArgumentDigest.of(args, args.length - s.parameterCount, codec, ex.method.loader()) == recorded;
    }
}
