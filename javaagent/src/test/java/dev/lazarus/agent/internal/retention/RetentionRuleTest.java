package dev.lazarus.agent.internal.retention;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.StepRecorded;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionRuleTest {
    private static final long RETENTION = 60_000;
    private static final long NOW = 1_000_000;

    private final Map<String, ExecutionStatus> statuses = new HashMap<>();
    private final Map<String, String> consumers = new HashMap<>();
    private final RetentionRule rule = new RetentionRule(
            new ExecutionStatuses() {
                @Override
                public ExecutionStatus of(String executionId) {
                    return status(executionId);
                }

                private ExecutionStatus status(String executionId) {
                    return statuses.getOrDefault(executionId, ExecutionStatus.UNKNOWN);
                }

                @Override
                public ExecutionStatus consumerOf(String eventId) {
                    String consumer = consumers.get(eventId);
                    if (consumer == null) {
                        return ExecutionStatus.UNFINISHED; // sent, waiting for its consumer
                    }
                    return consumer.isEmpty() ? ExecutionStatus.finished(NOW - 1) : status(consumer);
                }
            },
            RETENTION,
            NOW);

    private boolean keeps(JournalRecord r) {
        return rule.keep(RecordCodec.typeOf(r), RecordCodec.encode(r));
    }

    private static StepRecorded step(String id) {
        return new StepRecorded(id, 0, "a/B.c()V", "B.java:1", false, null, 0, 0, 1, 0);
    }

    private static ExecutionStarted start(String id) {
        return new ExecutionStarted(id, null, "n", "k", false, "a.B", "c", "()V", true, null, 0, "");
    }

    @Test
    void anUnfinishedExecutionIsKeptWhole() {
        statuses.put("e", ExecutionStatus.UNFINISHED);
        assertTrue(keeps(start("e")));
        assertTrue(keeps(step("e")));
    }

    @Test
    void aFinishedExecutionIsKeptForTheRetentionThenDropped() {
        statuses.put("young", ExecutionStatus.finished(NOW - RETENTION + 1));
        statuses.put("old", ExecutionStatus.finished(NOW - RETENTION));
        assertTrue(keeps(step("young")));
        assertFalse(keeps(step("old")));
        assertFalse(keeps(start("old")));
    }

    @Test
    void deletedAndUnknownExecutionsAreDropped() {
        statuses.put("gone", ExecutionStatus.DELETED);
        assertFalse(keeps(step("gone")));
        assertFalse(keeps(step("never-started")));
    }

    @Test
    void aBranchFollowsTheExecutionThatOwnsIt() {
        statuses.put("e", ExecutionStatus.UNFINISHED);
        statuses.put("f", ExecutionStatus.finished(0));
        // the branch ids themselves are unknown to the statuses: only the owner is asked
        assertTrue(keeps(step("e~2")));
        assertTrue(keeps(step("e~2~0.3")));
        assertFalse(keeps(step("f~0")));
    }

    @Test
    void anOutsideEventIsKeptUntilConsumedThenAsLongAsItsConsumer() {
        EventSent pending = new EventSent("ev-1", "approval", "doc-1", "{}", null, 5, null, -1, "");
        assertTrue(keeps(pending), "not consumed yet");
        consumers.put("ev-1", "c");
        statuses.put("c", ExecutionStatus.UNFINISHED);
        assertTrue(keeps(pending));
        statuses.put("c", ExecutionStatus.finished(0));
        assertFalse(keeps(pending));
        statuses.remove("c");
        assertFalse(keeps(pending), "its consumer forgotten");
    }

    @Test
    void anEventConsumedOutsideAnyExecutionIsKeptForTheRetentionAfterItsConsumption() {
        EventSent sent = new EventSent("ev-2", "approval", "doc-2", "{}", null, 5, null, -1, "");
        EventConsumed consumed = new EventConsumed(null, -1, "Main.java:3", "ev-2", new byte[0], 7);
        consumers.put("ev-2", ""); // consumed outside, one millisecond ago
        assertTrue(keeps(sent));
        assertTrue(keeps(consumed));
        RetentionRule later = new RetentionRule(
                new ExecutionStatuses() {
                    @Override
                    public ExecutionStatus of(String executionId) {
                        return ExecutionStatus.UNKNOWN;
                    }

                    @Override
                    public ExecutionStatus consumerOf(String eventId) {
                        return ExecutionStatus.finished(NOW - 1);
                    }
                },
                RETENTION,
                NOW + RETENTION);
        assertFalse(later.keep(RecordCodec.typeOf(sent), RecordCodec.encode(sent)));
        assertFalse(later.keep(RecordCodec.typeOf(consumed), RecordCodec.encode(consumed)));
    }
}
