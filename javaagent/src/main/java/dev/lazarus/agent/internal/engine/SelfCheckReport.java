package dev.lazarus.agent.internal.engine;

import dev.lazarus.NonDeterminismException;
import dev.lazarus.store.record.ExecutionStep;
import java.util.List;

/**
 * One difference the self-check found between a finished execution and its replay: a stable code and what
 * differed, naming the call sites of both sides ({@code File.java:42}). {@link SelfCheck} makes the line the
 * user reads, which also names the execution, its durable method and where the application called it.
 *
 * @param code the stable code: {@code LAZ-301} (the replay asked another step than the journal holds, or
 *     ended before asking every step the run journaled),
 *     {@code LAZ-601} (another result), {@code LAZ-602} (another exception, or an exception where the run
 *     returned, or the reverse), {@code LAZ-603} (the replay asked a step past the end of the journal, which
 *     would have run live), {@code LAZ-604} (the execution could not be replayed at all)
 * @param detail what differed
 */
record SelfCheckReport(String code, String detail) {
    static final String RESULT = "LAZ-601";
    static final String EXCEPTION = "LAZ-602";
    static final String LIVE_STEP = "LAZ-603";
    static final String NOT_REPLAYED = "LAZ-604";

    /** The replay asked another callee (or other arguments) at a position the journal holds. */
    static SelfCheckReport divergence(Execution ex, ExecutionStep step, String callee, String location) {
        return new SelfCheckReport(
                NonDeterminismException.CODE,
                "the replay diverged at step " + step.position() + ": it calls " + Divergence.readable(callee) + " at "
                        + location + " where the journal recorded " + Divergence.readable(step.callee()) + " at "
                        + step.callSite());
    }

    /** The replay asked a step past the end of the journal: it would have run live, so it was stopped there. */
    static SelfCheckReport liveStep(Execution ex, int position, String callee, String location, ExecutionStep last) {
        return new SelfCheckReport(
                LIVE_STEP,
                "the replay asked step " + position + ", " + Divergence.readable(callee) + " at " + location
                        + ", past the end of the journal (the run's last step was "
                        + (last == null
                                ? "none: it journaled no step"
                                : last.position() + ", " + Divergence.readable(last.callee()) + " at "
                                        + last.callSite())
                        + "); it would have run live, and was stopped before it ran");
    }

    /**
     * The replay ended without asking every step the run journaled: it took another path (a divergence, though
     * a resume would not notice it: the journal's remaining steps would simply go unasked).
     */
    static SelfCheckReport fewerSteps(int asked, List<ExecutionStep> steps) {
        ExecutionStep next = steps.get(asked);
        return new SelfCheckReport(
                NonDeterminismException.CODE,
                "the replay ended after " + asked + " step(s), "
                        + (asked == 0
                                ? "asking none"
                                : "the last "
                                        + Divergence.readable(
                                                steps.get(asked - 1).callee()) + " at "
                                        + steps.get(asked - 1).callSite())
                        + ", where the run went on to step " + asked + ", " + Divergence.readable(next.callee())
                        + " at "
                        + next.callSite() + " (" + steps.size() + " step(s) in all)");
    }

    /** @return the line as the body of a stopped replay sees it, in the exception it gets */
    String line() {
        return code + ": self-check: " + detail;
    }
}
