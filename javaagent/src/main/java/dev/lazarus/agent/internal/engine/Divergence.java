package dev.lazarus.agent.internal.engine;

import dev.lazarus.NonDeterminismException;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.StepRecorded;

/**
 * What happens when replay finds that the code no longer asks what the journal recorded at a position
 * (LAZ-301): the execution is marked {@code DIVERGED} in the journal and kept, so that deploying a fix
 * resumes it at the next start, and the body gets a {@link NonDeterminismException} naming both call sites
 * and the position. Every later call of the body gets the same exception: it may not go on.
 */
final class Divergence {
    private final ExecutionContext context;

    Divergence(ExecutionContext context) {
        this.context = context;
    }

    /**
     * Records the divergence and returns the exception for the caller to throw.
     *
     * @param ex the execution
     * @param step what the journal recorded at the position
     * @param callee what the code asks there now
     * @param location where the code asks it ({@code File.java:42}), with any detail
     * @return the exception, also kept in {@code ex.root.diverged}
     */
    NonDeterminismException diverge(Execution ex, ExecutionStep step, String callee, String location) {
        if (ex.dryReplay != null) {
            // the self-check's dry replay of a finished execution: it reports the mismatch; the journal and the
            // execution's state stay as the run left them
            return ex.dryReplay.stopped(step, callee, location);
        }
        return diverge(ex, step.position(), step.callee(), step.callSite(), callee, location);
    }

    /**
     * Records the divergence and returns the exception for the caller to throw.
     *
     * @param ex the execution
     * @param position the step's position
     * @param recorded what the journal recorded there
     * @param recordedAt where the journal says it was asked
     * @param callee what the code asks there now
     * @param location where the code asks it ({@code File.java:42}), with any detail
     * @return the exception, also kept in {@code ex.root.diverged}
     */
    NonDeterminismException diverge(
            Execution ex, int position, String recorded, String recordedAt, String callee, String location) {
        if (ex.dryReplay != null) {
            // an effect inside a call, answered from its own list: reported like a step's mismatch
            return ex.dryReplay.stopped(
                    new StepRecorded(ex.id, position, recorded, recordedAt, false, new byte[0], 0, 0, 1, 0),
                    callee,
                    location);
        }
        String where = ex.isBranch() ? " in its branch " + ex.id : "";
        NonDeterminismException e = new NonDeterminismException("execution " + ex.root.id + " of "
                + ex.method.display() + " diverged from its journal at step " + position + where
                + ": the code now calls " + readable(callee) + " at " + location + ", but the journal recorded "
                + readable(recorded) + " at " + recordedAt + ". The execution is kept as DIVERGED and "
                + "retried at the next start: deploy code that makes the same calls in the same order, or guard "
                + "the change with Lazarus.patched(...)");
        ex.root.diverged = e;
        context.append(new ExecutionDiverged(
                ex.root.id, e.getMessage(), context.clock().currentTimeMillis()));
        context.log().error("{}", e.getMessage());
        return e;
    }

    /**
     * {@code com.acme.Service.call} for {@code com/acme/Service.call(Ljava/lang/String;)V}; a step kind's own
     * name or an effect ({@code http:java.net.http GET http://host/a/b}) as it is.
     */
    static String readable(String callee) {
        int paren = callee.indexOf('(');
        if (paren < 0) {
            return callee;
        }
        return callee.substring(0, paren).replace('/', '.');
    }
}
