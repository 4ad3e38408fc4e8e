package dev.lazarus.agent.internal.instrumentation;

/** How the transparency rule classifies one call site of a durable body. */
public enum CallKind {
    /** Asks the outside world: live, run and recorded; on replay, answered from the journal. */
    JOURNALED("journaled"),
    /** Computed from what the body has: run again on replay. */
    RECOMPUTED("recomputed"),
    /** Part of the durable body (a same-class method or lambda): instrumented itself and run again. */
    BODY("recomputed (durable body)"),
    /** Logging: run live, skipped on replay, not journaled. */
    SILENT("replay-silent"),
    /** A {@code Lazarus} facade call (wait, event, timer, step key, patch): journaled by the engine itself. */
    FACADE("journaled by Lazarus"),
    /** {@code Thread.sleep}: a durable timer whose wake-up time is journaled. */
    TIMER("durable timer"),
    /** A call of another durable method: a child execution whose outcome is one entry of the parent. */
    CHILD("child execution"),
    /**
     * Hands work to other threads (an executor, a completion stage, a thread, a parallel stream): the tasks run
     * as branches of the execution, journaled under their own deterministic ids; or reads how branches fared
     * at a moment the scheduler chose, journaled as a decision of the forker.
     */
    FORK("branch fork");

    private final String label;

    CallKind(String label) {
        this.label = label;
    }

    /** @return the word the transparency report uses */
    public String label() {
        return label;
    }
}
