package dev.lazarus.store.record;

/**
 * A record of the journal, as the engine and the command line understand it. The log stores each as
 * its {@link #type()} byte and the payload {@link RecordCodec} makes of it.
 */
public sealed interface JournalRecord
        permits ExecutionStarted, ExecutionStep, ExecutionFinished, RecoveryStarted, ExecutionDiverged, AttemptFailed,
        ExecutionRetried {
    /** @return the id of the execution this record belongs to, or {@code null} for an event sent from outside one */
    String executionId();
}
