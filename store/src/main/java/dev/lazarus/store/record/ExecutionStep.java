package dev.lazarus.store.record;

/**
 * A record that is also a step of an execution: replay hands its outcome back at the same position.
 * Besides {@link StepRecorded} and {@link StepRecomputed}, the records of waits and events are steps, so that consuming an event
 * and recording that the execution got it are one atomic append.
 */
public sealed interface ExecutionStep extends JournalRecord
        permits StepRecorded, StepRecomputed, AwaitStarted, EventConsumed, EventSent {
    /** @return the step's position in its execution, from 0 */
    int position();

    /** @return what was called, as replay compares it: {@code owner.name(descriptor)} or a Lazarus operation */
    String callee();

    /** @return where, {@code File.java:42} */
    String callSite();
}
