package dev.lazarus.store.record;

/**
 * An operator asked ({@code retry} on the command line) for a {@code FAILED} or {@code DIVERGED}
 * execution to be recovered again: it counts as unfinished from here on, with its recorded steps, and
 * resumes at the next start.
 *
 * @param executionId the execution
 * @param atMillis wall-clock time
 */
public record ExecutionRetried(String executionId, long atMillis) implements JournalRecord {}
