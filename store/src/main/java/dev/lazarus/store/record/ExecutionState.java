package dev.lazarus.store.record;

/**
 * The states of an execution. Only {@code COMPLETED} and {@code FAILED} are written ({@link ExecutionFinished},
 * by ordinal: never reorder the constants); the others are what a reader of the journal concludes from the
 * records after an execution's start.
 */
public enum ExecutionState {
    /** Started and not finished: resumed after a restart. */
    RUNNING,
    /** Waiting for an event or a timer. */
    WAITING,
    /** Returned a result. */
    COMPLETED,
    /** Threw, or was given up on (for example after too many recoveries that killed the process). */
    FAILED,
    /** Replay found code that asks for other things than the journal holds; retried at the next start. */
    DIVERGED;

    /** @return whether the execution is over and will never run again */
    public boolean isFinished() {
        return this == COMPLETED || this == FAILED;
    }
}
