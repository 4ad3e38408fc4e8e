package dev.lazarus.store.record;

/**
 * Replay of an execution found code that asks for other things than the journal holds.
 *
 * @param executionId the execution
 * @param message the {@code NonDeterminismException}'s message (both call sites and the position)
 * @param atMillis wall-clock time
 */
public record ExecutionDiverged(String executionId, String message, long atMillis) implements JournalRecord {}
