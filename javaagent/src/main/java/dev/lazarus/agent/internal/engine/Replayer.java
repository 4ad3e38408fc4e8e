package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.agent.internal.jfr.JfrGate;
import dev.lazarus.agent.internal.jfr.JournaledCallEvent;
import dev.lazarus.store.codec.CodecException;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.StepRecorded;
import org.slf4j.Logger;

/**
 * The replay half shared by every step kind: at a position the journal already holds, check that the code
 * asks what was recorded there (the same callee; a step kind may compare more, as journaled calls compare
 * their arguments), then answer from the journal. What the answer is belongs to the step kind: a call's
 * recorded result or exception, an event's payload, a wait's deadline, a timer's wake-up time.
 */
final class Replayer {
    private final Divergence divergence;
    private final ValueCodec codec;
    private final Logger log;
    private final boolean trace;

    Replayer(ExecutionContext context, Divergence divergence) {
        this.divergence = divergence;
        this.codec = context.codec();
        this.log = context.log();
        this.trace = context.trace();
    }

    /**
     * Checks that the code asks what the journal recorded at this position, and reports the replay (trace
     * log, JFR).
     *
     * @param ex the execution
     * @param step what the journal recorded at the position
     * @param callee what the code asks now: a method {@code owner.name(descriptor)} or a step kind's own name
     * @param location where ({@code File.java:42})
     * @param display what to call it in logs
     * @throws dev.lazarus.NonDeterminismException (LAZ-301) if the journal recorded something else
     */
    void check(Execution ex, ExecutionStep step, String callee, String location, String display) {
        if (!step.callee().equals(callee)) {
            throw divergence.diverge(ex, step, callee, location);
        }
        if (trace) {
            log.info(
                    "replayed {} at {} from the journal (execution {}, step {})",
                    display,
                    location,
                    ex.id,
                    step.position());
        }
        JournaledCallEvent event = JfrGate.mayRecord() ? new JournaledCallEvent() : null;
        if (event != null && event.isEnabled()) {
            event.executionId = ex.id;
            event.position = step.position();
            event.callee = display;
            event.callSite = location;
            event.replayed = true;
            event.threw = step instanceof StepRecorded r && r.threw();
            event.commit();
        }
    }

    /**
     * Replays a step that holds a call's outcome ({@link StepRecorded}): checks it, then returns the recorded
     * result or throws the recorded exception.
     */
    Object outcome(Execution ex, ExecutionStep step, String callee, String location, String display) throws Throwable {
        check(ex, step, callee, location, display);
        StepRecorded recorded = (StepRecorded) step; // its callee is a call's: only a call records it
        Object value = decode(ex, recorded.value(), display, location);
        if (recorded.threw()) {
            throw (Throwable) value;
        }
        return value;
    }

    /**
     * Decodes a recorded value in the loader of the execution's durable class.
     *
     * @throws LazarusException (LAZ-206) if it no longer deserializes (its class changed or is gone)
     */
    Object decode(Execution ex, byte[] bytes, String display, String location) {
        try {
            return codec.decode(bytes, ex.method.loader());
        } catch (CodecException e) {
            // the message is built only here: replay is hot, and a failure is rare
            throw new LazarusException(
                    "LAZ-206",
                    "the recorded outcome of " + display + " at " + location + " no longer deserializes: "
                            + e.getMessage() + " (execution " + ex.id + ")");
        }
    }
}
