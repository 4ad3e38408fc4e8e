package dev.lazarus.agent.internal.retention;

import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;

/**
 * Which records of a journal are still needed, at one moment: the rule compaction applies to every record of
 * the segments it rewrites.
 *
 * <ul>
 *   <li>A record of an execution, or of one of its branches (the execution that owns the branch decides), is
 *       kept while the execution is unfinished, and until {@code retention} after it finished; a deleted
 *       execution's records, and those of an execution the index no longer knows, are dropped.
 *   <li>An event sent from outside the executions is kept until it is consumed, and then as long as the
 *       execution that consumed it is kept (its own {@code event-consumed} record is what replays it, but the
 *       event's id keeps an inbox file from being recorded twice while its consumer can still be shown). An event
 *       consumed by code outside any execution, and that consumption, are kept until {@code retention} after it.
 * </ul>
 *
 * <p>The rule is safe only when applied to a prefix of the journal (its oldest segments): an execution's records
 * are dropped together with everything older of it, so no later process finds its start without its end and
 * takes it for unfinished. {@link CompactionPlanner} only ever picks prefixes.
 */
public final class RetentionRule {
    private final ExecutionStatuses statuses;
    private final long retentionMillis;
    private final long nowMillis;

    /**
     * @param statuses where the executions stand
     * @param retentionMillis how long a finished execution is kept
     * @param nowMillis the moment the rule is applied at (wall clock, like the records' finish times)
     */
    public RetentionRule(ExecutionStatuses statuses, long retentionMillis, long nowMillis) {
        this.statuses = statuses;
        this.retentionMillis = retentionMillis;
        this.nowMillis = nowMillis;
    }

    /**
     * @param type the record's type byte
     * @param payload the record's payload
     * @return whether the record is still needed
     */
    public boolean keep(byte type, byte[] payload) {
        return keeps(statusOf(type, payload));
    }

    /**
     * @param type the record's type byte
     * @param payload the record's payload
     * @return whether the record belongs to an execution an operator deleted (its bytes must leave the disk)
     */
    public boolean erased(byte type, byte[] payload) {
        return statusOf(type, payload).kind() == ExecutionStatus.Kind.DELETED;
    }

    /** Where the execution a record is kept for stands: its own, its branch owner's, or its event's consumer's. */
    private ExecutionStatus statusOf(byte type, byte[] payload) {
        JournalRecord record = RecordCodec.decode(type, payload);
        String id = record.executionId();
        if (id == null) {
            if (record instanceof EventSent e) {
                return statuses.consumerOf(e.eventId());
            }
            if (record instanceof EventConsumed c && c.eventId() != null) {
                return statuses.consumerOf(c.eventId()); // consumed by code outside any execution
            }
            return ExecutionStatus
                    .UNFINISHED; // nothing else is written outside an execution; keep what this version cannot judge
        }
        String owner = BranchIds.owner(id);
        return statuses.of(owner != null ? owner : id);
    }

    /**
     * @param status where an execution stands
     * @return whether retention keeps it at this rule's moment
     */
    public boolean keeps(ExecutionStatus status) {
        return switch (status.kind()) {
            case UNFINISHED -> true;
            case FINISHED -> nowMillis - status.finishedAtMillis() < retentionMillis;
            case DELETED, UNKNOWN -> false;
        };
    }
}
