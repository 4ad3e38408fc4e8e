package dev.lazarus.store.record;

/**
 * A record of the journal, as the engine and the command line understand it. The log stores each under the
 * type byte of its {@link RecordType} with the payload {@link RecordCodec} makes of it. Every final class of
 * this sealed hierarchy has exactly one {@link RecordType} (RecordTypeTest checks it).
 */
public sealed interface JournalRecord
        permits ExecutionStarted,
                EffectRecorded,
                ExecutionStep,
                ExecutionFinished,
                RecoveryStarted,
                ExecutionDiverged,
                AttemptFailed,
                ExecutionRetried,
                ExecutionCrashed,
                ExecutionDeleted {
    /** @return the id of the execution this record belongs to, or {@code null} for an event sent from outside one */
    String executionId();
}
