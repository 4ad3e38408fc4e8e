package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import org.slf4j.Logger;

/** The {@link ExecutionContext} of a running engine: one open journal, its index, the codec and the clock. */
final class EngineContext implements ExecutionContext {
    private final JournalLog journal;
    private final ExecutionIndex index;
    private final ValueCodec codec;
    private final EngineClock clock;
    private final Logger log;
    private final boolean trace;
    private final ActivityBoard board;
    private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(ThreadState::new);
    /** The record this thread is appending, for {@link #appended}. */
    private static final ThreadLocal<JournalRecord> APPENDING = new ThreadLocal<>();

    EngineContext(
            JournalLog journal,
            ExecutionIndex index,
            ValueCodec codec,
            EngineClock clock,
            Logger log,
            boolean trace,
            ActivityBoard board) {
        this.journal = journal;
        this.board = board;
        this.index = index;
        this.codec = codec;
        this.clock = clock;
        this.log = log;
        this.trace = trace;
    }

    @Override
    public ThreadState thread() {
        return threads.get();
    }

    @Override
    public void append(JournalRecord record) {
        byte[] payload = RecordCodec.encode(record);
        APPENDING.set(record); // what appended() applies, so the index need not decode what it was just given
        try {
            journal.append(RecordCodec.typeOf(record), payload);
        } finally {
            APPENDING.set(null);
        }
    }

    @Override
    public long appendUnawaited(JournalRecord record) {
        byte[] payload = RecordCodec.encode(record);
        APPENDING.set(record);
        try {
            return journal.appendUnawaited(RecordCodec.typeOf(record), payload);
        } finally {
            APPENDING.set(null);
        }
    }

    @Override
    public void awaitDurable(long lsn) {
        journal.awaitDurable(lsn);
    }

    /**
     * The journal's append listener: applies each record to the index with its lsn as the journal assigns it, under
     * the journal's append lock, so the index is always exactly "every record up to an lsn". Compaction, judging a
     * sealed segment from another thread, never finds a record the index has not seen; and a completed execution's
     * row knows where its start and end are.
     */
    void appended(long lsn, byte type, byte[] payload) {
        JournalRecord record = APPENDING.get();
        index.apply(record != null ? record : RecordCodec.decode(type, payload), lsn);
    }

    @Override
    public ExecutionIndex index() {
        return index;
    }

    @Override
    public ValueCodec codec() {
        return codec;
    }

    @Override
    public EngineClock clock() {
        return clock;
    }

    @Override
    public ActivityBoard board() {
        return board;
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    public boolean trace() {
        return trace;
    }

    /** Closes the journal: what was appended is written out; later appends fail (LAZ-105). */
    void close() {
        journal.close();
    }
}
