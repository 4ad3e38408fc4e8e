package dev.lazarus.store.record;

/**
 * The process that ran an execution died while the execution was running its own code: its body, or code the
 * body recomputes, as opposed to waiting for an event, a timer, a child or a branch, or being inside a
 * journaled call or an effect. The next process writes it at start-up, before it resumes the execution. Only
 * these records count towards giving an execution up as poison ({@code maxRecoveries}); a step, an effect or a
 * divergence recorded after one resets the count. Part of journal format 2.
 *
 * @param executionId the top-level execution (a crash in a child's or a branch's code is its top-level execution's)
 * @param position the position the execution had reached, or -1 if the dying process did not say
 * @param atMillis wall-clock time the next process wrote it
 */
public record ExecutionCrashed(String executionId, int position, long atMillis) implements JournalRecord {}
