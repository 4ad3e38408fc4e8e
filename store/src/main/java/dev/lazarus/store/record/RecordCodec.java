package dev.lazarus.store.record;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns {@link JournalRecord}s into the (type, payload) pairs the log stores, and back. Plain
 * length-prefixed fields, no reflection; every length is checked against what is left before anything
 * is allocated, so a damaged payload fails with {@link RecordFormatException}, never a huge allocation.
 */
public final class RecordCodec {
    /** Type byte of {@link ExecutionStarted}. */
    public static final byte EXECUTION_STARTED = 1;
    /** Type byte of {@link StepRecorded}. */
    public static final byte STEP_RECORDED = 2;
    /** Type byte of {@link ExecutionFinished}. */
    public static final byte EXECUTION_FINISHED = 3;
    /** Type byte of {@link RecoveryStarted}. */
    public static final byte RECOVERY_STARTED = 4;
    /** Type byte of {@link ExecutionDiverged}. */
    public static final byte EXECUTION_DIVERGED = 5;
    /** Type byte of {@link AwaitStarted}. */
    public static final byte AWAIT_STARTED = 6;
    /** Type byte of {@link EventConsumed}. */
    public static final byte EVENT_CONSUMED = 7;
    /** Type byte of {@link EventSent}. */
    public static final byte EVENT_SENT = 8;
    /** Type byte of {@link AttemptFailed}. */
    public static final byte ATTEMPT_FAILED = 9;
    /** Type byte of {@link ExecutionRetried}. */
    public static final byte EXECUTION_RETRIED = 10;

    private RecordCodec() {
    }

    /** @return the type byte under which the log stores this record */
    public static byte typeOf(JournalRecord record) {
        if (record instanceof ExecutionStarted) {
            return EXECUTION_STARTED;
        } else if (record instanceof StepRecorded) {
            return STEP_RECORDED;
        } else if (record instanceof ExecutionFinished) {
            return EXECUTION_FINISHED;
        } else if (record instanceof RecoveryStarted) {
            return RECOVERY_STARTED;
        } else if (record instanceof AwaitStarted) {
            return AWAIT_STARTED;
        } else if (record instanceof EventConsumed) {
            return EVENT_CONSUMED;
        } else if (record instanceof EventSent) {
            return EVENT_SENT;
        } else if (record instanceof AttemptFailed) {
            return ATTEMPT_FAILED;
        } else if (record instanceof ExecutionRetried) {
            return EXECUTION_RETRIED;
        }
        return EXECUTION_DIVERGED;
    }

    /** @return the payload of this record */
    public static byte[] encode(JournalRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint(record));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeString(out, record.executionId());
            if (record instanceof ExecutionStarted s) {
                writeString(out, s.parentId());
                writeString(out, s.durableName());
                writeString(out, s.key());
                out.writeBoolean(s.explicitKey());
                writeString(out, s.className());
                writeString(out, s.methodName());
                writeString(out, s.methodDescriptor());
                out.writeBoolean(s.isStatic());
                writeBytes(out, s.arguments());
                out.writeLong(s.startedAtMillis());
            } else if (record instanceof StepRecorded s) {
                out.writeInt(s.position());
                writeString(out, s.callee());
                writeString(out, s.callSite());
                out.writeBoolean(s.threw());
                writeBytes(out, s.value());
                out.writeLong(s.startedAtMillis());
                out.writeLong(s.durationNanos());
                out.writeInt(s.attempts());
                out.writeInt(s.argumentsDigest());
            } else if (record instanceof ExecutionFinished f) {
                out.writeByte(f.state().ordinal());
                writeBytes(out, f.outcome());
                out.writeLong(f.finishedAtMillis());
            } else if (record instanceof RecoveryStarted r) {
                out.writeInt(r.stepsRecorded());
                out.writeLong(r.atMillis());
            } else if (record instanceof ExecutionDiverged d) {
                writeString(out, d.message());
                out.writeLong(d.atMillis());
            } else if (record instanceof AwaitStarted a) {
                out.writeInt(a.position());
                writeString(out, a.callSite());
                writeString(out, a.name());
                writeString(out, a.key());
                writeString(out, a.payloadType());
                writeString(out, a.payloadShape());
                out.writeLong(a.deadlineMillis());
            } else if (record instanceof EventConsumed c) {
                out.writeInt(c.position());
                writeString(out, c.callSite());
                writeString(out, c.eventId());
                writeBytes(out, c.value());
                out.writeLong(c.atMillis());
            } else if (record instanceof ExecutionRetried r) {
                out.writeLong(r.atMillis());
            } else if (record instanceof AttemptFailed a) {
                out.writeInt(a.position());
                out.writeInt(a.attempt());
                writeString(out, a.callSite());
                writeBytes(out, a.exception());
                out.writeLong(a.nextAttemptAtMillis());
            } else if (record instanceof EventSent e) {
                // the execution id was written first, as for every record
                writeString(out, e.eventId());
                writeString(out, e.name());
                writeString(out, e.key());
                writeString(out, e.json());
                writeBytes(out, e.payload());
                out.writeLong(e.sentAtMillis());
                out.writeInt(e.position());
                writeString(out, e.callSite());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param type the type byte
     * @param payload the payload
     * @return the record
     * @throws RecordFormatException if the payload does not decode as that type
     */
    public static JournalRecord decode(byte type, byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            String id = readString(in);
            JournalRecord record;
            switch (type) {
                case EXECUTION_STARTED:
                    record = new ExecutionStarted(id, readString(in), readString(in), readString(in), in.get() != 0,
                            readString(in), readString(in), readString(in), in.get() != 0, readBytes(in), in.getLong());
                    break;
                case STEP_RECORDED:
                    record = new StepRecorded(id, in.getInt(), readString(in), readString(in), in.get() != 0,
                            readBytes(in), in.getLong(), in.getLong(), in.getInt(), in.getInt());
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
                    record = new AwaitStarted(id, in.getInt(), readString(in), readString(in), readString(in),
                            readString(in), readString(in), in.getLong());
                    break;
                case EVENT_CONSUMED:
                    record = new EventConsumed(id, in.getInt(), readString(in), readString(in), readBytes(in),
                            in.getLong());
                    break;
                case EXECUTION_RETRIED:
                    record = new ExecutionRetried(id, in.getLong());
                    break;
                case ATTEMPT_FAILED:
                    record = new AttemptFailed(id, in.getInt(), in.getInt(), readString(in), readBytes(in), in.getLong());
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
                    throw new RecordFormatException("unknown record type " + type
                            + "; was this journal written by a newer version of Lazarus?");
            }
            if (in.hasRemaining()) {
                throw new RecordFormatException("record of type " + type + " has " + in.remaining()
                        + " unexpected trailing bytes");
            }
            return record;
        } catch (BufferUnderflowException e) {
            throw new RecordFormatException("record of type " + type + " is shorter than its fields");
        }
    }

    /** Enough for the fixed fields and strings of a record plus its value, so the buffer does not grow. */
    private static int sizeHint(JournalRecord record) {
        int values = 0;
        if (record instanceof StepRecorded s) {
            values = len(s.value()) + s.callee().length() + s.callSite().length();
        } else if (record instanceof ExecutionStarted s) {
            values = len(s.arguments()) + s.durableName().length() + s.key().length() + s.methodDescriptor().length();
        } else if (record instanceof ExecutionFinished f) {
            values = len(f.outcome());
        } else if (record instanceof EventConsumed c) {
            values = len(c.value());
        } else if (record instanceof EventSent e) {
            values = len(e.payload()) + (e.json() == null ? 0 : e.json().length() * 3);
        } else if (record instanceof AttemptFailed a) {
            values = len(a.exception());
        }
        return 96 + values + (record.executionId() == null ? 0 : record.executionId().length());
    }

    private static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
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
            throw new RecordFormatException("field length " + length + " exceeds the " + in.remaining()
                    + " bytes left in the record");
        }
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }
}
