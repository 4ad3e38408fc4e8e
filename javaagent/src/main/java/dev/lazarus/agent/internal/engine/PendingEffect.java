package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.internal.effect.StreamedData;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.JournalRecord;

/**
 * An effect whose place in the journal is taken (its position, or its index inside a journaled call) but whose
 * record is not written yet, because its data is still being consumed by the caller: a response body read as
 * a stream. Its record is appended when the caller is done with the stream, or earlier, when the execution is
 * about to write a later record ({@link Execution#nextPosition}, the execution's end, the next effect inside
 * the same call): then the rest of the stream is read into memory first. So the journal keeps the order the
 * effects happened in, and replay finds each record where the code asks for it.
 *
 * <p>A process killed before the record was written has no record of the effect: after a restart it happens
 * again, like any effect that was in flight at the kill.
 */
final class PendingEffect {
    /** Builds the effect's record once its data is known. */
    interface RecordOf {
        /**
         * @param value the data, encoded (or, for data over the record limit, the LAZ-106 error in its place)
         * @param threw whether {@code value} is an exception
         * @param durationNanos from the start of the effect to the end of its data
         * @return the record to append
         */
        JournalRecord of(byte[] value, boolean threw, long durationNanos);
    }

    private final Execution ex;
    private final StreamedData streamed;
    private final RecordOf record;
    /** The request and where the body made it, for the LAZ-106 error of data over the record limit. */
    private final String description;

    private final String location;

    private final ExecutionContext context;
    private final ValueCodec codec;
    private final long startedNanos;
    /** Whether a thread has begun to settle it, and whether its record is written (guarded by this). */
    private boolean settling, settled;
    /**
     * Its {@link ActivityBoard} slot while the stream is open (-1 if none): a process killed while the body reads a
     * slow stream (a model's answer, token by token) is not the body's doing.
     */
    private volatile int slot = -1;

    PendingEffect(
            Execution ex,
            StreamedData streamed,
            String description,
            String location,
            RecordOf record,
            ExecutionContext context,
            long startedNanos) {
        this.ex = ex;
        this.description = description;
        this.location = location;
        this.streamed = streamed;
        this.record = record;
        this.context = context;
        this.codec = context.codec();
        this.startedNanos = startedNanos;
    }

    /** Registers the effect with its execution and with its stream, which settles it when the caller is done. */
    void open() {
        slot = context.board().claim(ex.boardKey(), ActivityBoard.INNER, ActivityBoard.IN_EFFECT);
        ex.addPending(this);
        streamed.onDone(this::settle);
    }

    /**
     * Completes the data (reading the rest of the stream if the caller has not) and appends the record, once;
     * later calls return at once. Runs on the thread that saw the stream end, or on the execution's thread
     * when it needs the record.
     */
    void settle() {
        synchronized (this) {
            if (settling) {
                awaitSettled(); // another thread is writing it: the caller's next record must come after
                return;
            }
            settling = true;
        }
        try {
            Object data = streamed.finish();
            // the caller has read the data already: over the limit, only a replay gets the error in its place
            RecordLimit.Kept kept = RecordLimit.effect(
                    codec.encode(data, ex.method.loader()),
                    false,
                    description,
                    location,
                    false,
                    codec,
                    ex.method.loader(),
                    context.log());
            context.append(record.of(kept.value(), kept.threw(), context.clock().nanoTime() - startedNanos));
        } finally {
            ex.removePending(this);
            if (slot >= 0) {
                context.board().release(slot); // settle runs once: the flag above lets one thread here
            }
            synchronized (this) {
                settled = true;
                notifyAll();
            }
        }
    }

    private void awaitSettled() {
        boolean interrupted = false;
        while (!settled) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true; // the record is being written: wait for it, keep the interrupt
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
