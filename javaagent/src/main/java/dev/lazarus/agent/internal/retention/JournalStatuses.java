package dev.lazarus.agent.internal.retention;

import dev.lazarus.agent.internal.engine.ExecutionIds;
import dev.lazarus.store.log.RecordVisitor;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionRetried;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where the executions of a journal stand, read from its records alone, for the offline {@code compact} command
 * (a running application asks its engine's index instead). It holds one entry per execution and per event, not
 * their records: a long for the finish time of each execution, the consumer of each event.
 *
 * <p>Feed it every record of the journal, in order ({@link #visitor()}), then ask.
 */
public final class JournalStatuses implements ExecutionStatuses {
    /** The finish time of a finished execution; an unfinished one is stored as this. */
    private static final long UNFINISHED = Long.MIN_VALUE;

    private final Map<String, Long> executions = new HashMap<>();
    private final Set<String> deleted = new HashSet<>();
    private final Set<String> pendingEvents = new HashSet<>();
    /** Consumed events: the consumer's id, or {@code null} with {@link #outsideConsumedAt} for code outside one. */
    private final Map<String, String> consumers = new HashMap<>();

    private final Map<String, Long> outsideConsumedAt = new HashMap<>();

    /** @return a visitor that applies each record it is given, in journal order */
    public RecordVisitor visitor() {
        return (lsn, type, payload) -> apply(RecordCodec.decode(type, payload));
    }

    /**
     * Applies one record.
     *
     * @param record the next record of the journal
     */
    public void apply(JournalRecord record) {
        if (record instanceof ExecutionStarted s) {
            executions.put(s.executionId(), UNFINISHED);
        } else if (record instanceof ExecutionFinished f) {
            executions.replace(f.executionId(), f.finishedAtMillis());
        } else if (record instanceof ExecutionRetried r) {
            executions.replace(r.executionId(), UNFINISHED);
        } else if (record instanceof ExecutionDeleted d) {
            executions.remove(d.executionId());
            deleted.add(d.executionId());
        } else if (record instanceof EventSent e && e.executionId() == null) {
            pendingEvents.add(e.eventId());
        } else if (record instanceof EventConsumed c && c.eventId() != null) {
            pendingEvents.remove(c.eventId());
            consumers.put(c.eventId(), c.executionId());
            if (c.executionId() == null) {
                outsideConsumedAt.put(c.eventId(), c.atMillis());
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>A child execution stands where its top-level execution stands while that one is unfinished, and goes
     * with it when it is deleted.
     */
    @Override
    public ExecutionStatus of(String executionId) {
        String top = ExecutionIds.topLevel(executionId);
        if (deleted.contains(top) || deleted.contains(executionId)) {
            return ExecutionStatus.DELETED;
        }
        if (!top.equals(executionId) && executions.get(top) != null && executions.get(top) == UNFINISHED) {
            return ExecutionStatus.UNFINISHED;
        }
        Long finishedAt = executions.get(executionId);
        if (finishedAt == null) {
            return ExecutionStatus.UNKNOWN;
        }
        return finishedAt == UNFINISHED ? ExecutionStatus.UNFINISHED : ExecutionStatus.finished(finishedAt);
    }

    @Override
    public ExecutionStatus consumerOf(String eventId) {
        if (pendingEvents.contains(eventId)) {
            return ExecutionStatus.UNFINISHED;
        }
        if (!consumers.containsKey(eventId)) {
            return ExecutionStatus.UNKNOWN;
        }
        String consumer = consumers.get(eventId);
        if (consumer == null) {
            return ExecutionStatus.finished(outsideConsumedAt.get(eventId));
        }
        return of(consumer);
    }

    /**
     * @return how many executions (top-level and children) it knows, unfinished or finished
     */
    public int executions() {
        return executions.size();
    }
}
