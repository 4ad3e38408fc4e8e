package dev.lazarus.store.record;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The field layout of every {@link RecordType}: turns {@link JournalRecord}s into the (type, payload) pairs the
 * log stores, and back. The type byte comes from {@link RecordType}, the one table of record types; this class
 * is the only code that writes or reads a record's payload. Plain length-prefixed fields, no reflection; every
 * length is checked against what is left before anything is allocated, so a damaged payload fails with
 * {@link RecordFormatException}, never a huge allocation.
 *
 * <p>The layouts are the first released journal format: a field may only ever be added at the end of a
 * record, read when present, so that journals written before it still decode.
 */
public final class RecordCodec {
    private RecordCodec() {}

    /** @return the type byte under which the log stores this record */
    public static byte typeOf(JournalRecord record) {
        return RecordType.of(record).id();
    }

    /** @return the payload of this record: one array of exactly its size */
    public static byte[] encode(JournalRecord record) {
        PayloadSink.Measure size = new PayloadSink.Measure();
        writeFields(record, size);
        PayloadSink.Fill fill = new PayloadSink.Fill(size.size());
        writeFields(record, fill);
        return fill.payload();
    }

    private static void writeFields(JournalRecord record, PayloadSink out) {
        out.string(record.executionId());
        if (record instanceof ExecutionStarted s) {
            out.string(s.parentId());
            out.string(s.durableName());
            out.string(s.key());
            out.bool(s.explicitKey());
            out.string(s.className());
            out.string(s.methodName());
            out.string(s.methodDescriptor());
            out.bool(s.isStatic());
            out.bytes(s.arguments());
            out.i64(s.startedAtMillis());
            if (!s.application().isEmpty()) {
                // appended, and only when there is one: the default application's record keeps the bytes it
                // had before the field existed, and those older records read as the default application
                out.string(s.application());
            }
        } else if (record instanceof StepRecorded s) {
            out.i32(s.position());
            out.string(s.callee());
            out.string(s.callSite());
            out.bool(s.threw());
            out.bytes(s.value());
            out.i64(s.startedAtMillis());
            out.i64(s.durationNanos());
            out.i32(s.attempts());
            out.i32(s.argumentsDigest());
        } else if (record instanceof ExecutionFinished f) {
            out.i8(f.state().ordinal());
            out.bytes(f.outcome());
            out.i64(f.finishedAtMillis());
        } else if (record instanceof RecoveryStarted r) {
            out.i32(r.stepsRecorded());
            out.i64(r.atMillis());
        } else if (record instanceof ExecutionDiverged d) {
            out.string(d.message());
            out.i64(d.atMillis());
        } else if (record instanceof AwaitStarted a) {
            out.i32(a.position());
            out.string(a.callSite());
            out.string(a.name());
            out.string(a.key());
            out.string(a.payloadType());
            out.string(a.payloadShape());
            out.i64(a.deadlineMillis());
        } else if (record instanceof EventConsumed c) {
            out.i32(c.position());
            out.string(c.callSite());
            out.string(c.eventId());
            out.bytes(c.value());
            out.i64(c.atMillis());
        } else if (record instanceof ExecutionRetried r) {
            out.i64(r.atMillis());
        } else if (record instanceof ExecutionCrashed c) {
            out.i32(c.position());
            out.i64(c.atMillis());
        } else if (record instanceof ExecutionDeleted d) {
            out.string(d.reason());
            out.i64(d.atMillis());
        } else if (record instanceof AttemptFailed a) {
            out.i32(a.position());
            out.i32(a.attempt());
            out.string(a.callSite());
            out.bytes(a.exception());
            out.i64(a.nextAttemptAtMillis());
        } else if (record instanceof EffectRecorded e) {
            out.i32(e.position());
            out.i32(e.index());
            out.string(e.boundary());
            out.string(e.callSite());
            out.string(e.request());
            out.bool(e.threw());
            out.bytes(e.value());
            out.i64(e.startedAtMillis());
            out.i64(e.durationNanos());
            out.i32(e.requestDigest());
        } else if (record instanceof StepRecomputed r) {
            out.i32(r.position());
            out.string(r.callee());
            out.string(r.callSite());
            out.string(r.reason());
            out.i32(r.effects());
            out.i32(r.argumentsDigest());
        } else if (record instanceof EventSent e) {
            // the execution id was written first, as for every record
            out.string(e.eventId());
            out.string(e.name());
            out.string(e.key());
            out.string(e.json());
            out.bytes(e.payload());
            out.i64(e.sentAtMillis());
            out.i32(e.position());
            out.string(e.callSite());
        }
    }

    /**
     * Reads only the first field of a payload, the execution id every record kind starts with, without decoding
     * the rest: what a compaction's filter needs to tell whose record it is, at the cost of one string.
     *
     * @param payload a record's payload, of any type
     * @return the execution id (for an {@code event-sent} record the sending execution's id, which may be null)
     * @throws RecordFormatException if the payload is too short for its first field
     */
    public static String executionIdOf(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            return readString(in);
        } catch (BufferUnderflowException e) {
            throw new RecordFormatException("record is shorter than its execution id field");
        }
    }

    /**
     * @param type the type byte
     * @param payload the payload
     * @return the record
     * @throws RecordFormatException if the payload does not decode as that type
     */
    public static JournalRecord decode(byte type, byte[] payload) {
        RecordType kind = RecordType.forId(type)
                .orElseThrow(() -> new RecordFormatException(
                        "unknown record type " + type + "; was this journal written by a newer version of Lazarus?"));
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            String id = readString(in);
            JournalRecord record;
            switch (kind) {
                case EXECUTION_STARTED:
                    record = new ExecutionStarted(
                            id,
                            readString(in),
                            readString(in),
                            readString(in),
                            in.get() != 0,
                            readString(in),
                            readString(in),
                            readString(in),
                            in.get() != 0,
                            readBytes(in),
                            in.getLong(),
                            in.hasRemaining() ? readString(in) : ExecutionStarted.DEFAULT_APPLICATION);
                    break;
                case STEP_RECORDED:
                    record = new StepRecorded(
                            id,
                            in.getInt(),
                            readString(in),
                            readString(in),
                            in.get() != 0,
                            readBytes(in),
                            in.getLong(),
                            in.getLong(),
                            in.getInt(),
                            in.getInt());
                    break;
                case EXECUTION_FINISHED: {
                    int state = in.get();
                    if (state < 0 || state >= ExecutionState.values().length) {
                        throw new RecordFormatException("unknown execution state " + state);
                    }
                    record = new ExecutionFinished(id, ExecutionState.values()[state], readBytes(in), in.getLong());
                    break;
                }
                case RECOVERY_STARTED:
                    record = new RecoveryStarted(id, in.getInt(), in.getLong());
                    break;
                case EXECUTION_DIVERGED:
                    record = new ExecutionDiverged(id, readString(in), in.getLong());
                    break;
                case AWAIT_STARTED:
                    record = new AwaitStarted(
                            id,
                            in.getInt(),
                            readString(in),
                            readString(in),
                            readString(in),
                            readString(in),
                            readString(in),
                            in.getLong());
                    break;
                case EVENT_CONSUMED:
                    record = new EventConsumed(
                            id, in.getInt(), readString(in), readString(in), readBytes(in), in.getLong());
                    break;
                case EXECUTION_RETRIED:
                    record = new ExecutionRetried(id, in.getLong());
                    break;
                case EXECUTION_CRASHED:
                    record = new ExecutionCrashed(id, in.getInt(), in.getLong());
                    break;
                case EXECUTION_DELETED:
                    record = new ExecutionDeleted(id, readString(in), in.getLong());
                    break;
                case ATTEMPT_FAILED:
                    record = new AttemptFailed(
                            id, in.getInt(), in.getInt(), readString(in), readBytes(in), in.getLong());
                    break;
                case EFFECT_RECORDED:
                    record = new EffectRecorded(
                            id,
                            in.getInt(),
                            in.getInt(),
                            readString(in),
                            readString(in),
                            readString(in),
                            in.get() != 0,
                            readBytes(in),
                            in.getLong(),
                            in.getLong(),
                            in.getInt());
                    break;
                case STEP_RECOMPUTED:
                    record = new StepRecomputed(
                            id, in.getInt(), readString(in), readString(in), readString(in), in.getInt(), in.getInt());
                    break;
                case EVENT_SENT: {
                    String eventId = readString(in);
                    String name = readString(in);
                    String key = readString(in);
                    String json = readString(in);
                    byte[] encoded = readBytes(in);
                    long sentAt = in.getLong();
                    record = new EventSent(eventId, name, key, json, encoded, sentAt, id, in.getInt(), readString(in));
                    break;
                }
                default:
                    // every type has its case above (RecordCodecTest round-trips a record of each type)
                    throw new IllegalStateException("no layout for record type " + kind);
            }
            if (in.hasRemaining()) {
                throw new RecordFormatException(
                        kind.label() + " record has " + in.remaining() + " unexpected trailing bytes");
            }
            return record;
        } catch (BufferUnderflowException e) {
            throw new RecordFormatException(kind.label() + " record is shorter than its fields");
        }
    }

    private static String readString(ByteBuffer in) {
        byte[] b = readBytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new RecordFormatException(
                    "field length " + length + " exceeds the " + in.remaining() + " bytes left in the record");
        }
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }
}
