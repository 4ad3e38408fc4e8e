package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.store.codec.CodecException;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.StepRecomputed;
import dev.lazarus.store.record.StepRecorded;
import org.slf4j.Logger;

/**
 * The live half shared by the step kinds whose outcome is one {@link StepRecorded} (journaled calls, child
 * executions, timers, {@code patched} markers): journal the outcome at its position, then hand it to the
 * body, returned or thrown.
 */
final class StepRecorder {
    private final ExecutionContext context;
    private final ValueCodec codec;
    private final Logger log;
    private final boolean trace;
    /** Call sites LAZ-208 was reported for (once each). */
    private final java.util.Set<String> recomputedSites = java.util.concurrent.ConcurrentHashMap.newKeySet();

    StepRecorder(ExecutionContext context) {
        this.context = context;
        this.codec = context.codec();
        this.log = context.log();
        this.trace = context.trace();
    }

    /**
     * Journals a live outcome, then returns it or throws it.
     *
     * @param ex the execution
     * @param position the step's position
     * @param callee what the step is, as replay compares it
     * @param location where ({@code File.java:42})
     * @param display what to call it in logs and messages
     * @param threw whether {@code outcome} was thrown
     * @param outcome the result, or the exception
     * @param startedAt wall-clock start of the step
     * @param duration how long it took, in nanoseconds
     * @param attempts how many attempts it took (1 without retries)
     * @param argumentsDigest the digest of the call's arguments replay compares, or 0
     * @return the result
     * @throws Throwable the exception, when {@code threw}
     */
    Object record(
            Execution ex,
            int position,
            String callee,
            String location,
            String display,
            boolean threw,
            Object outcome,
            long startedAt,
            long duration,
            int attempts,
            int argumentsDigest)
            throws Throwable {
        ClassLoader loader = ex.method.loader();
        byte[] bytes;
        try {
            bytes = codec.encode(threw ? StackTraces.filledIn((Throwable) outcome) : outcome, loader);
        } catch (CodecException e) {
            // The call ran but its outcome cannot be kept: record that as the step's outcome, so replay
            // gives the body the same failure at the same position.
            outcome = new LazarusException(
                    "LAZ-204",
                    (threw ? "the exception thrown by " : "the result of ")
                            + display + " at " + location + " cannot be journaled: " + e.getMessage()
                            + "; return plain data from it, or mark it recomputed with the agent option recomputed=");
            threw = true;
            bytes = codec.encode(outcome, loader);
        }
        return appendRecorded(
                ex,
                position,
                callee,
                location,
                display,
                threw,
                outcome,
                bytes,
                startedAt,
                duration,
                attempts,
                argumentsDigest);
    }

    /**
     * Journals the live outcome of a journaled call, then returns it or throws it. An outcome that cannot be
     * journaled (not plain data: an SDK's response object, a live resource) does not fail the call after it
     * ran: the step is journaled as recomputed, and replay runs the call again with the effects it had at
     * catalogued boundaries answered from the journal. LAZ-208 says so once per call site.
     *
     * @param effects how many effects at boundaries the call had
     * @see #record(Execution, int, String, String, String, boolean, Object, long, long, int, int)
     */
    Object recordCall(
            Execution ex,
            int position,
            String callee,
            String location,
            String display,
            boolean threw,
            Object outcome,
            long startedAt,
            long duration,
            int attempts,
            int argumentsDigest,
            int effects)
            throws Throwable {
        byte[] bytes;
        try {
            bytes = codec.encode(threw ? StackTraces.filledIn((Throwable) outcome) : outcome, ex.method.loader());
        } catch (CodecException e) {
            // the codec names the class it could not keep; a lambda's name carries an address the JVM made up
            String reason = String.valueOf(e.getMessage()).replaceAll("/0x[0-9a-fA-F]+", "");
            if (recomputedSites.add(location + " " + callee)) {
                log.warn(
                        "LAZ-208: {} of {} at {} is not plain data ({}): the call is recomputed on replay and its {}"
                                + " effect(s) at catalogued boundaries are answered from the journal; an effect"
                                + " inside it that no boundary catches would happen again",
                        threw ? "the exception thrown" : "the result",
                        display,
                        location,
                        reason,
                        effects);
            }
            return recordRecomputed(ex, position, callee, location, threw, outcome, reason, effects, argumentsDigest);
        }
        if (RecordLimit.exceeded(bytes)) {
            // the call ran and cannot run again unseen: its recorded outcome is this error, so replay throws it too
            RecordLimit.Kept kept = RecordLimit.inPlace(
                    (threw ? "the exception thrown by " : "the result of ") + display + " at " + location,
                    bytes.length,
                    "the call ran once and its outcome cannot be kept, so the execution gets this error in its"
                            + " place (and a replay gets it again, without calling)",
                    codec,
                    ex.method.loader(),
                    log);
            outcome = kept.refused();
            threw = true;
            bytes = kept.value();
        }
        return appendRecorded(
                ex,
                position,
                callee,
                location,
                display,
                threw,
                outcome,
                bytes,
                startedAt,
                duration,
                attempts,
                argumentsDigest);
    }

    /**
     * Journals a journaled call as recomputed although its outcome could be journaled, because replay must run
     * it again (see {@code JournaledCallStep}): its effects are already journaled under its position.
     *
     * @param reason why, for {@code show}
     * @return the live result
     * @throws Throwable the live exception
     */
    Object recordRecomputed(
            Execution ex,
            int position,
            String callee,
            String location,
            boolean threw,
            Object outcome,
            String reason,
            int effects,
            int argumentsDigest)
            throws Throwable {
        context.append(new StepRecomputed(ex.id, position, callee, location, reason, effects, argumentsDigest));
        if (trace) {
            log.info("live {} at {} recorded as recomputed (execution {}, step {})", callee, location, ex.id, position);
        }
        return handOver(threw, outcome);
    }

    /** {@link #record} for a step of one attempt whose arguments are not compared. */
    Object record(
            Execution ex,
            int position,
            String callee,
            String location,
            String display,
            boolean threw,
            Object outcome,
            long startedAt,
            long duration)
            throws Throwable {
        return record(ex, position, callee, location, display, threw, outcome, startedAt, duration, 1, 0);
    }

    /** Appends the step's recorded outcome, then hands the outcome to the body: returned, or thrown. */
    private Object appendRecorded(
            Execution ex,
            int position,
            String callee,
            String location,
            String display,
            boolean threw,
            Object outcome,
            byte[] bytes,
            long startedAt,
            long duration,
            int attempts,
            int argumentsDigest)
            throws Throwable {
        context.append(new StepRecorded(
                ex.id, position, callee, location, threw, bytes, startedAt, duration, attempts, argumentsDigest));
        if (trace) {
            log.info("live {} at {} recorded (execution {}, step {})", display, location, ex.id, position);
        }
        return handOver(threw, outcome);
    }

    /** @return the outcome, or throws it when the step threw */
    private static Object handOver(boolean threw, Object outcome) throws Throwable {
        if (threw) {
            throw (Throwable) outcome;
        }
        return outcome;
    }
}
