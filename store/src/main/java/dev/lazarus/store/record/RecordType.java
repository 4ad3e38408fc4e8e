package dev.lazarus.store.record;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The journal's record schema: every kind of record the engine writes, with the type byte the log stores it
 * under, the class it decodes to and the name people read. It is the one table of record types: the engine
 * frames records with {@link RecordCodec}, which takes the type byte from here and dispatches its field
 * layouts on these constants; {@code verify}, {@code list}, {@code show} and the command line's view of a
 * journal read records through the same codec and name them from here; {@link #dispatch} hands a record to
 * the {@link RecordCases} method of its type, so a reader that handles every type is checked by the compiler.
 *
 * <p>The type bytes are part of the first released journal format: never renumber or reuse one. A new kind
 * of record takes the next free byte, and journals that hold it are refused by older versions with
 * {@code LAZ-108} ("unknown record type"), which is what they should do.
 */
public enum RecordType {
    /** {@link ExecutionStarted}. */
    EXECUTION_STARTED(1, "execution-started", ExecutionStarted.class),
    /** {@link StepRecorded}. */
    STEP_RECORDED(2, "step-recorded", StepRecorded.class),
    /** {@link ExecutionFinished}. */
    EXECUTION_FINISHED(3, "execution-finished", ExecutionFinished.class),
    /** {@link RecoveryStarted}. */
    RECOVERY_STARTED(4, "recovery-started", RecoveryStarted.class),
    /** {@link ExecutionDiverged}. */
    EXECUTION_DIVERGED(5, "execution-diverged", ExecutionDiverged.class),
    /** {@link AwaitStarted}. */
    AWAIT_STARTED(6, "await-started", AwaitStarted.class),
    /** {@link EventConsumed}. */
    EVENT_CONSUMED(7, "event-consumed", EventConsumed.class),
    /** {@link EventSent}. */
    EVENT_SENT(8, "event-sent", EventSent.class),
    /** {@link AttemptFailed}. */
    ATTEMPT_FAILED(9, "attempt-failed", AttemptFailed.class),
    /** {@link ExecutionRetried}. */
    EXECUTION_RETRIED(10, "execution-retried", ExecutionRetried.class),
    /** {@link EffectRecorded}. */
    EFFECT_RECORDED(11, "effect-recorded", EffectRecorded.class),
    /** {@link StepRecomputed}. */
    STEP_RECOMPUTED(12, "step-recomputed", StepRecomputed.class),
    /** {@link ExecutionCrashed}; journal format 2. */
    EXECUTION_CRASHED(13, "execution-crashed", ExecutionCrashed.class),
    /** {@link ExecutionDeleted}; journal format 2. */
    EXECUTION_DELETED(14, "execution-deleted", ExecutionDeleted.class);

    /** Indexed by type byte; {@code null} where no type has that byte. */
    private static final RecordType[] BY_ID;
    /** Record classes are final (records), so a record's exact class finds its type. */
    private static final Map<Class<?>, RecordType> BY_CLASS = new HashMap<>();

    static {
        int max = 0;
        for (RecordType t : values()) {
            max = Math.max(max, t.id);
        }
        BY_ID = new RecordType[max + 1];
        for (RecordType t : values()) {
            if (BY_ID[t.id] != null || BY_CLASS.put(t.recordClass, t) != null) {
                throw new ExceptionInInitializerError(
                        "two record types share byte " + t.id + " or class " + t.recordClass.getName());
            }
            BY_ID[t.id] = t;
        }
    }

    private final byte id;
    private final String label;
    private final Class<? extends JournalRecord> recordClass;

    RecordType(int id, String label, Class<? extends JournalRecord> recordClass) {
        this.id = (byte) id;
        this.label = label;
        this.recordClass = recordClass;
    }

    /** @return the type byte the log stores records of this type under */
    public byte id() {
        return id;
    }

    /** @return the name {@code verify} and the documentation use, e.g. {@code step-recorded} */
    public String label() {
        return label;
    }

    /** @return the class records of this type decode to */
    public Class<? extends JournalRecord> recordClass() {
        return recordClass;
    }

    /** @return the type of this record */
    public static RecordType of(JournalRecord record) {
        RecordType type = BY_CLASS.get(record.getClass());
        if (type == null) {
            // only possible if a record class was added to the sealed hierarchy but not to this table,
            // which RecordTypeTest catches
            throw new IllegalArgumentException(record.getClass().getName() + " has no record type");
        }
        return type;
    }

    /** @return the type stored under this byte, or empty if this version knows none (a newer format, or damage) */
    public static Optional<RecordType> forId(byte id) {
        return id > 0 && id < BY_ID.length ? Optional.ofNullable(BY_ID[id]) : Optional.empty();
    }

    /** @return the type's {@link #label()}, or {@code unknown type N} for a byte this version does not know */
    public static String describe(byte id) {
        return forId(id).map(RecordType::label).orElse("unknown type " + id);
    }

    /**
     * Hands a record to the method of {@code cases} for its type.
     *
     * @param record any record
     * @param cases one method per record type
     * @param <T> what the cases return
     * @return what that method returned
     */
    public static <T> T dispatch(JournalRecord record, RecordCases<T> cases) {
        // a switch expression over the enum: the compiler refuses it if a type has no case
        return switch (of(record)) {
            case EXECUTION_STARTED -> cases.executionStarted((ExecutionStarted) record);
            case STEP_RECORDED -> cases.stepRecorded((StepRecorded) record);
            case EXECUTION_FINISHED -> cases.executionFinished((ExecutionFinished) record);
            case RECOVERY_STARTED -> cases.recoveryStarted((RecoveryStarted) record);
            case EXECUTION_DIVERGED -> cases.executionDiverged((ExecutionDiverged) record);
            case AWAIT_STARTED -> cases.awaitStarted((AwaitStarted) record);
            case EVENT_CONSUMED -> cases.eventConsumed((EventConsumed) record);
            case EVENT_SENT -> cases.eventSent((EventSent) record);
            case ATTEMPT_FAILED -> cases.attemptFailed((AttemptFailed) record);
            case EFFECT_RECORDED -> cases.effectRecorded((EffectRecorded) record);
            case STEP_RECOMPUTED -> cases.stepRecomputed((StepRecomputed) record);
            case EXECUTION_RETRIED -> cases.executionRetried((ExecutionRetried) record);
            case EXECUTION_CRASHED -> cases.executionCrashed((ExecutionCrashed) record);
            case EXECUTION_DELETED -> cases.executionDeleted((ExecutionDeleted) record);
        };
    }
}
