package dev.lazarus.it.apps.parallel;

/** The outcomes of forked work that a body sees besides a value, each a scenario of {@link ParallelOutcomesAgent}. */
public enum BranchOutcome {
    /** {@code invokeAny} over three mirrors of a tool: the first to answer wins, the others are cancelled. */
    INVOKE_ANY,
    /** one of three submitted lookups fails: its {@code Future.get} throws the tool's exception. */
    THROWS,
    /** {@code Future.get(timeout)} on a lookup the tool server holds: it times out; later the body waits for it. */
    TIMEOUT,
    /** {@code Future.cancel(true)} on a lookup the tool server holds: it is cancelled, its {@code get} throws. */
    CANCEL
}
