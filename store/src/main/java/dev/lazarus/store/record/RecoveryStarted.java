package dev.lazarus.store.record;

/**
 * A process started to resume an unfinished execution. Consecutive recoveries without a step recorded
 * between them mean the execution keeps killing the process.
 *
 * @param executionId the execution
 * @param stepsRecorded how many steps the journal held for it at that moment
 * @param atMillis wall-clock time
 */
public record RecoveryStarted(String executionId, int stepsRecorded, long atMillis) implements JournalRecord {}
