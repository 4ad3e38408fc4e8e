package dev.lazarus.store.record;

/**
 * One method per {@link RecordType}, for code that must treat every kind of record the journal can hold (the
 * command line's view of a journal, {@code show}): {@link RecordType#dispatch} calls the method of a record's
 * type. A new record type adds a method here, so every such reader fails to compile until it says what the new
 * record means to it, instead of skipping it silently.
 *
 * @param <T> what each case returns
 */
public interface RecordCases<T> {
    /**
     * @param r a record of type {@link RecordType#EXECUTION_STARTED}
     * @return this reader's answer for it
     */
    T executionStarted(ExecutionStarted r);

    /**
     * @param r a record of type {@link RecordType#STEP_RECORDED}
     * @return this reader's answer for it
     */
    T stepRecorded(StepRecorded r);

    /**
     * @param r a record of type {@link RecordType#EXECUTION_FINISHED}
     * @return this reader's answer for it
     */
    T executionFinished(ExecutionFinished r);

    /**
     * @param r a record of type {@link RecordType#RECOVERY_STARTED}
     * @return this reader's answer for it
     */
    T recoveryStarted(RecoveryStarted r);

    /**
     * @param r a record of type {@link RecordType#EXECUTION_DIVERGED}
     * @return this reader's answer for it
     */
    T executionDiverged(ExecutionDiverged r);

    /**
     * @param r a record of type {@link RecordType#AWAIT_STARTED}
     * @return this reader's answer for it
     */
    T awaitStarted(AwaitStarted r);

    /**
     * @param r a record of type {@link RecordType#EVENT_CONSUMED}
     * @return this reader's answer for it
     */
    T eventConsumed(EventConsumed r);

    /**
     * @param r a record of type {@link RecordType#EVENT_SENT}
     * @return this reader's answer for it
     */
    T eventSent(EventSent r);

    /**
     * @param r a record of type {@link RecordType#ATTEMPT_FAILED}
     * @return this reader's answer for it
     */
    T attemptFailed(AttemptFailed r);

    /**
     * @param r a record of type {@link RecordType#EXECUTION_RETRIED}
     * @return this reader's answer for it
     */
    T executionRetried(ExecutionRetried r);

    /**
     * @param r a record of type {@link RecordType#EFFECT_RECORDED}
     * @return this reader's answer for it
     */
    T effectRecorded(EffectRecorded r);

    /**
     * @param r a record of type {@link RecordType#STEP_RECOMPUTED}
     * @return this reader's answer for it
     */
    T stepRecomputed(StepRecomputed r);

    /**
     * @param r a record of type {@link RecordType#EXECUTION_CRASHED}
     * @return this reader's answer for it
     */
    T executionCrashed(ExecutionCrashed r);

    /**
     * @param r a record of type {@link RecordType#EXECUTION_DELETED}
     * @return this reader's answer for it
     */
    T executionDeleted(ExecutionDeleted r);
}
