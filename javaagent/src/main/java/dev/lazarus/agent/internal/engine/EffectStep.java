package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.bridge.Bridge;
import dev.lazarus.agent.internal.effect.AsyncEffectBoundary;
import dev.lazarus.agent.internal.effect.BoundaryCompanion;
import dev.lazarus.agent.internal.effect.EffectBoundary;
import dev.lazarus.agent.internal.effect.EffectCatalog;
import dev.lazarus.agent.internal.effect.EffectRequest;
import dev.lazarus.agent.internal.effect.ExecutorHandOff;
import dev.lazarus.agent.internal.effect.Performed;
import dev.lazarus.agent.internal.effect.StreamedData;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.StepRecorded;
import java.util.List;
import org.slf4j.Logger;

/**
 * The step kind of an effect at a catalogued boundary (an HTTP exchange, a JDBC statement), wherever the call
 * came from. Which record holds it depends on what the thread is doing:
 *
 * <ul>
 *   <li>running a durable body (the call came from recomputed code: the body itself, a builder, an SDK the
 *       body called): the effect is a step of its own at the next position ({@link StepRecorded} with the
 *       boundary's name as callee and the request's digest);
 *   <li>running a journaled call live or recomputing one on replay: the effect belongs to that call's step
 *       ({@link EffectRecorded}, numbered within the step), so the call can be replayed from its effects when
 *       its own outcome cannot be journaled, and a process killed inside the call does not pay again for the
 *       effects it already had;
 *   <li>performing an effect (the boundary's own nested call, an effect inside an effect such as the socket
 *       under an HTTP exchange), or outside any execution: the woven method runs as written.
 * </ul>
 *
 * <p>A call the boundary can answer from an effect it already holds for the receiver (a getter of an
 * {@code HttpURLConnection} whose exchange is journaled) is answered so, before any of this: it is no step.
 *
 * <p>Companions of a boundary ({@link BoundaryCompanion}: the methods that prepare a JDBC statement and set its
 * parameters) are reached through the same hook and the same rules, but journal nothing.
 *
 * <p>Live, the boundary carries the effect out and hands back its data, which is journaled before the caller
 * sees the answer; on replay the journaled data is decoded and the boundary rebuilds the answer, and nothing
 * leaves the process. The request's digest (its values, never identities) is compared on replay: a different
 * request at the same place is a divergence (LAZ-301).
 *
 * <p>A stream the caller reads after the boundary returned (a response body of server-sent events) takes its
 * place when the effect starts and is journaled when the caller is done with it, or when the execution is
 * about to write a later record, whichever comes first ({@link PendingEffect}); on replay it is served from the
 * journal, as a stream, by the boundary's answer.
 *
 * <p>An asynchronous effect ({@link AsyncEffectBoundary}: started here, completed on another thread) is the first
 * step of a branch of its own ({@link AsyncEffectStep}); work a library hands to another thread where no durable
 * body's call site shows it ({@link ExecutorHandOff}) runs as a branch too.
 */
final class EffectStep {
    private final ExecutionContext context;
    private final EffectCatalog catalog;
    private final Replayer replayer;
    private final Divergence divergence;
    private final ValueCodec codec;
    private final EngineClock clock;
    private final Logger log;
    private final boolean trace;
    private final AsyncEffectStep async;
    private final ActivityBoard board;

    EffectStep(
            ExecutionContext context,
            EffectCatalog catalog,
            Replayer replayer,
            Divergence divergence,
            AsyncEffectStep async) {
        this.context = context;
        this.async = async;
        this.catalog = catalog;
        this.replayer = replayer;
        this.divergence = divergence;
        this.codec = context.codec();
        this.clock = context.clock();
        this.log = context.log();
        this.trace = context.trace();
        this.board = context.board();
    }

    /**
     * @param boundaryId the boundary's name, as the woven hook passes it
     * @param receiver the woven method's receiver
     * @param args its arguments
     * @return {@link Bridge#PROCEED}, or the answer
     * @throws Throwable the effect's exception, live or recorded; LAZ-301 on divergence
     */
    Object effect(String boundaryId, Object receiver, Object[] args) throws Throwable {
        ThreadState ts = context.thread();
        if (ts.performingEffect) {
            return Bridge.PROCEED;
        }
        Execution ex = ts.current;
        if (ex == null && ts.stepExecution == null) {
            return Bridge.PROCEED;
        }
        BoundaryCompanion companion = catalog.companion(boundaryId);
        if (companion != null) {
            return companion(ts, companion, receiver, args);
        }
        ExecutorHandOff handOff = catalog.handOff(boundaryId);
        if (handOff != null) {
            // work handed off inside a live journaled call is the call's: it runs as written
            return ex == null ? Bridge.PROCEED : async.handOff(ts, ex, handOff, receiver, args);
        }
        EffectBoundary boundary = catalog.boundary(boundaryId);
        if (boundary == null) {
            return Bridge.PROCEED; // woven by another version of the catalog: cannot happen in one agent
        }
        Object held = boundary.answerHeld(receiver, args);
        if (held != EffectBoundary.NOT_HELD) {
            return held; // a later read of an effect already journaled (or Bridge.PROCEED): no entry of its own
        }
        boundary.admit(receiver, args);
        EffectRequest request;
        try {
            request = boundary.request(receiver, args);
        } catch (Exception e) {
            log.warn(
                    "LAZ-207: the request of {} cannot be read as data ({}); it runs live and is NOT journaled",
                    boundaryId,
                    e.toString());
            return Bridge.PROCEED;
        }
        if (boundary instanceof AsyncEffectBoundary asyncBoundary) {
            // started here, completed on another thread: a branch of its own; inside a live journaled call the
            // effect is the call's, journaled with the call's outcome
            return ex != null ? async.effect(ts, ex, asyncBoundary, request, receiver, args) : Bridge.PROCEED;
        }
        if (ex != null) {
            return ownStep(ts, ex, boundary, request, receiver, args);
        }
        return withinStep(ts, ts.stepExecution, boundary, request, receiver, args);
    }

    /**
     * A method a boundary needs to see besides its effects (the SQL a statement was prepared with): nothing is
     * journaled. The thread counts as performing an effect meanwhile, so the companion's own call of the woven
     * method, and a wrapper's nested call of the one it wraps, run as written.
     */
    private Object companion(ThreadState ts, BoundaryCompanion companion, Object receiver, Object[] args)
            throws Throwable {
        Execution current = ts.current;
        ts.performingEffect = true;
        ts.current = null;
        int before = enterEffect(ts);
        try {
            return companion.enter(receiver, args);
        } finally {
            ts.performingEffect = false;
            ts.current = current;
            leaveEffect(ts, before);
        }
    }

    /**
     * Tells the {@link ActivityBoard} the thread is outside the execution's own code while the boundary talks to
     * the outside world (a slow exchange killed by a deploy is not the execution's doing).
     *
     * @return the state to go back to, or 0 when the thread has no slot
     */
    private int enterEffect(ThreadState ts) {
        int slot = ts.boardSlot;
        if (slot < 0) {
            return 0;
        }
        int before = board.state(slot); // own code, or a live journaled call whose effect this is
        board.mark(slot, ActivityBoard.IN_EFFECT);
        return before;
    }

    private void leaveEffect(ThreadState ts, int before) {
        if (before != 0) {
            board.mark(ts.boardSlot, before);
        }
    }

    /** An effect of recomputed code: a step of its own. */
    private Object ownStep(
            ThreadState ts,
            Execution ex,
            EffectBoundary boundary,
            EffectRequest request,
            Object receiver,
            Object[] args)
            throws Throwable {
        if (ex.root.diverged != null) {
            throw ex.root.diverged;
        }
        int position = ex.nextPosition();
        if (position < ex.recorded.size()) {
            ExecutionStep step = ex.recorded.get(position);
            // the stack walk that names the body's line is paid only where the answer is not the journal's: a
            // replay that matches names the call site the journal recorded, which is this one
            boolean matches = step.callee().equals(boundary.id())
                    && !(step instanceof StepRecorded r0
                            && r0.argumentsDigest() != 0
                            && r0.argumentsDigest() != request.digest());
            String location = matches ? step.callSite() : CallerLocation.inBody(ex);
            if (step instanceof StepRecorded r
                    && r.callee().equals(boundary.id())
                    && r.argumentsDigest() != 0
                    && r.argumentsDigest() != request.digest()) {
                throw divergence.diverge(
                        ex,
                        step,
                        boundary.id(),
                        location + " with another request than recorded (" + request.description() + ")");
            }
            return boundary.answer(
                    receiver, args, replayer.outcome(ex, step, boundary.id(), location, request.description()));
        }
        String location = CallerLocation.inBody(ex);
        long startedAt = clock.currentTimeMillis();
        long t0 = clock.nanoTime();
        Outcome outcome = perform(ts, boundary, receiver, args);
        if (outcome.streamed != null) {
            // the caller reads the data after this returns: the position is taken now, the record written later
            int digest = request.digest();
            new PendingEffect(
                            ex,
                            outcome.streamed,
                            request.description(),
                            location,
                            (value, threw, duration) -> new StepRecorded(
                                    ex.id,
                                    position,
                                    boundary.id(),
                                    location,
                                    threw,
                                    value,
                                    startedAt,
                                    duration,
                                    1,
                                    digest),
                            context,
                            t0)
                    .open();
            traceLive(request, location, ex, position, "streamed, recorded when read");
            return outcome.result;
        }
        RecordLimit.Kept kept = outcome.kept(codec, ex, request, location, log);
        context.append(new StepRecorded(
                ex.id,
                position,
                boundary.id(),
                location,
                kept.threw(),
                kept.value(),
                startedAt,
                clock.nanoTime() - t0,
                1,
                request.digest()));
        if (trace) {
            log.info(
                    "live {} at {} recorded (execution {}, step {})", request.description(), location, ex.id, position);
        }
        return outcome.value(kept);
    }

    /** An effect inside a journaled call: numbered within the call's step. */
    private Object withinStep(
            ThreadState ts,
            Execution ex,
            EffectBoundary boundary,
            EffectRequest request,
            Object receiver,
            Object[] args)
            throws Throwable {
        ex.settlePending(); // an earlier effect of the call whose stream is still read comes first
        int position = ts.stepPosition;
        int index = ts.stepEffectIndex++;
        List<EffectRecorded> earlier = ts.stepEffects;
        if (earlier != null && index < earlier.size()) {
            EffectRecorded e = earlier.get(index);
            boolean matches = e.boundary().equals(boundary.id())
                    && (e.requestDigest() == 0 || e.requestDigest() == request.digest());
            // as for a step of its own: the stack is walked only when the answer is not the journal's
            String location = matches ? e.callSite() : CallerLocation.inBody(ex);
            if (!matches) {
                throw divergence.diverge(
                        ex,
                        position,
                        e.boundary() + " " + e.request(),
                        e.callSite(),
                        boundary.id() + " " + request.description(),
                        location + " (effect " + index + " of the call at step " + position + ")");
            }
            if (trace) {
                log.info(
                        "replayed {} at {} from the journal (execution {}, step {}, effect {})",
                        request.description(),
                        location,
                        ex.id,
                        position,
                        index);
            }
            Object data = replayer.decode(ex, e.value(), request.description(), location);
            if (e.threw()) {
                throw (Throwable) data;
            }
            return boundary.answer(receiver, args, data);
        }
        String location = CallerLocation.inBody(ex);
        if (ex.dryReplay != null) {
            // the self-check replays a finished execution: an effect its journal does not hold must not run
            throw ex.dryReplay.wentLive(position, boundary.id() + " " + request.description(), location);
        }
        long startedAt = clock.currentTimeMillis();
        long t0 = clock.nanoTime();
        Outcome outcome = perform(ts, boundary, receiver, args);
        if (outcome.streamed != null) {
            String description = request.description();
            int digest = request.digest();
            new PendingEffect(
                            ex,
                            outcome.streamed,
                            description,
                            location,
                            (value, threw, duration) -> new EffectRecorded(
                                    ex.id,
                                    position,
                                    index,
                                    boundary.id(),
                                    location,
                                    description,
                                    threw,
                                    value,
                                    startedAt,
                                    duration,
                                    digest),
                            context,
                            t0)
                    .open();
            traceLive(request, location, ex, position, "effect " + index + ", streamed, recorded when read");
            return outcome.result;
        }
        RecordLimit.Kept kept = outcome.kept(codec, ex, request, location, log);
        context.append(new EffectRecorded(
                ex.id,
                position,
                index,
                boundary.id(),
                location,
                request.description(),
                kept.threw(),
                kept.value(),
                startedAt,
                clock.nanoTime() - t0,
                request.digest()));
        if (trace) {
            log.info(
                    "live {} at {} recorded (execution {}, step {}, effect {})",
                    request.description(),
                    location,
                    ex.id,
                    position,
                    index);
        }
        return outcome.value(kept);
    }

    private void traceLive(EffectRequest request, String location, Execution ex, int position, String how) {
        if (trace) {
            log.info(
                    "live {} at {} ({}; execution {}, step {})", request.description(), location, how, ex.id, position);
        }
    }

    private Outcome perform(ThreadState ts, EffectBoundary boundary, Object receiver, Object[] args) {
        Execution current = ts.current;
        ts.performingEffect = true;
        ts.current = null;
        int before = enterEffect(ts);
        try {
            Performed p = boundary.perform(receiver, args);
            return new Outcome(false, p.data(), p.value(), p.streamed());
        } catch (Throwable t) {
            return new Outcome(true, StackTraces.filledIn(t), t, null);
        } finally {
            ts.performingEffect = false;
            ts.current = current;
            leaveEffect(ts, before);
        }
    }

    /**
     * What a live effect gave: the data to journal and what the caller gets (or the exception); or, for a
     * stream the caller reads after the effect returned, where the data will come from.
     */
    private record Outcome(boolean threw, Object data, Object result, StreamedData streamed) {
        /** What to journal: the data, or a LAZ-106 error in place of data over the record limit. */
        RecordLimit.Kept kept(ValueCodec codec, Execution ex, EffectRequest request, String location, Logger log) {
            return RecordLimit.effect(
                    codec.encode(data, ex.method.loader()),
                    threw,
                    request.description(),
                    location,
                    true,
                    codec,
                    ex.method.loader(),
                    log);
        }

        /** What the caller gets: the effect's value or exception, or the error journaled in place of its data. */
        Object value(RecordLimit.Kept kept) throws Throwable {
            if (kept.refused() != null) {
                throw kept.refused();
            }
            if (threw) {
                throw (Throwable) result;
            }
            return result;
        }
    }
}
