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
    CHILD("child execution");

    private final String label;

    CallKind(String label) {
        this.label = label;
    }

    /** @return the word the transparency report uses */
    public String label() {
        return label;
    }
}
