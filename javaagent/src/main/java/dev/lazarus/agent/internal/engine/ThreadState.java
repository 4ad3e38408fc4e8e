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
}
