package dev.lazarus.agent.internal.retention;

/**
 * What retention needs to know about an execution: whether it can still be resumed or answered, and since when it
 * is finished.
 *
 * @param kind where the execution stands
 * @param finishedAtMillis when it finished (wall clock), for {@link Kind#FINISHED}; 0 otherwise
 */
public record ExecutionStatus(Kind kind, long finishedAtMillis) {
    /** Where an execution stands, as retention sees it. */
    public enum Kind {
        /** Running, waiting, or resumable: every record of it is needed. */
        UNFINISHED,
        /** Finished (completed, failed, diverged): kept until {@code retention} after it finished. */
        FINISHED,
        /** Deleted by an operator: nothing of it is needed. */
        DELETED,
        /**
         * Not known to the journal's index: its start is gone (removed by an earlier compaction, or expired), so
         * nothing can resume or answer it.
         */
        UNKNOWN
    }

    /** An execution that must be kept whole. */
    public static final ExecutionStatus UNFINISHED = new ExecutionStatus(Kind.UNFINISHED, 0);
    /** A deleted execution. */
    public static final ExecutionStatus DELETED = new ExecutionStatus(Kind.DELETED, 0);
    /** An execution the index does not know. */
    public static final ExecutionStatus UNKNOWN = new ExecutionStatus(Kind.UNKNOWN, 0);

    /**
     * @param finishedAtMillis when it finished
     * @return a finished execution's status
     */
    public static ExecutionStatus finished(long finishedAtMillis) {
        return new ExecutionStatus(Kind.FINISHED, finishedAtMillis);
    }
}
