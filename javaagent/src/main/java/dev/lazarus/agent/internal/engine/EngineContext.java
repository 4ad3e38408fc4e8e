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
    private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(ThreadState::new);

    EngineContext(
            JournalLog journal, ExecutionIndex index, ValueCodec codec, EngineClock clock, Logger log, boolean trace) {
        this.journal = journal;
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
        journal.append(RecordCodec.typeOf(record), RecordCodec.encode(record));
        index.apply(record);
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
