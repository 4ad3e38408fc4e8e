package dev.lazarus.store.record;

/**
 * An operator deleted a finished execution ({@code lazarus delete}, offline or through the inbox). From this
 * record on the execution is gone for the engine and the command line: an explicit key no longer answers with
 * its outcome, {@code list} and {@code show} no longer find it; compaction removes its records, and then this
 * one, from disk. Part of journal format 2.
 *
 * @param executionId the execution
 * @param reason who or what asked, as the operator gave it (never {@code null}, possibly empty)
 * @param atMillis wall-clock time
 */
public record ExecutionDeleted(String executionId, String reason, long atMillis) implements JournalRecord {}
