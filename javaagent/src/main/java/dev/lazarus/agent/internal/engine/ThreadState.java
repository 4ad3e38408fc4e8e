package dev.lazarus.agent.internal.engine;

/** What the engine knows about one thread: the execution whose body it runs, and hand-offs to the prologue. */
final class ThreadState {
    /** The execution whose body this thread runs; {@code null} outside of one and during a live journaled call. */
    Execution current;
    /** Set by the engine just before it invokes a durable method's body; consumed by its prologue. */
    boolean enterBody;
    /** Set by recovery just before it calls a durable method: resume this execution. */
    String resumeExecutionId;
    /** The execution whose journaled call is in progress on this thread, or {@code null}. */
    Execution stepExecution;
    /** That call's position: with the execution's id, its step key (built only when asked for). */
    int stepPosition;
    /** The number of effects at boundaries the call at {@code stepPosition} has had so far. */
    int stepEffectIndex;
    /**
     * The effects an earlier run of the call at {@code stepPosition} journaled (replaying a recomputed step, or
     * re-running a call a killed process was in), answered in order before any goes live; {@code null} if none.
     */
    java.util.List<dev.lazarus.store.record.EffectRecorded> stepEffects;
    /** Set while a boundary carries an effect out live: its own nested call of the woven method proceeds. */
    boolean performingEffect;
    /**
     * This thread's slot on the {@link ActivityBoard}: the execution (or branch) it runs, and whether it is in its
     * own code; -1 when it runs none, or no slot was free.
     */
    int boardSlot = -1;
}
