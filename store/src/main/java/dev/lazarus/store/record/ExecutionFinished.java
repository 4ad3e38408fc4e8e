package dev.lazarus.store.record;

/**
 * An execution ended.
 *
 * @param executionId the execution
 * @param state {@link ExecutionState#COMPLETED} (outcome is the result) or {@link ExecutionState#FAILED}
 *              (outcome is the exception)
 * @param outcome the encoded result or exception
 * @param finishedAtMillis wall-clock time
 */
public record ExecutionFinished(String executionId, ExecutionState state, byte[] outcome, long finishedAtMillis)
        implements JournalRecord {}
