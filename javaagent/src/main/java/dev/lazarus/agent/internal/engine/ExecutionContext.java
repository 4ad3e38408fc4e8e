package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.JournalRecord;
import org.slf4j.Logger;

/**
 * The port through which every part of the engine reaches what they share: the journal, the index of its
 * executions, the value codec, the clock, and what this thread is doing. Parts depend on this, never on
 * {@link Engine} or on each other's owners, so each can be built and tested on its own.
 *
 * <p>The journaled-call parts read {@link #codec()} and {@link #clock()} once, when they are built, and keep
 * them in final fields: the hot path pays no extra indirection for the port.
 */
interface ExecutionContext {
    /** @return this thread's state: the execution whose body it runs, and the hand-offs to a durable prologue */
    ThreadState thread();

    /**
     * Appends a record to the journal, returning once it is as durable as the journal's mode asks, and
     * applies it to the {@link #index()}.
     *
     * @param record the record
     * @throws dev.lazarus.store.log.JournalException if the journal stopped or is closed
     */
    void append(JournalRecord record);

    /**
     * Appends a record without waiting for it to be durable, and applies it to the {@link #index()}: one of many
     * made durable together by {@link #awaitDurable} with the last one's lsn.
     *
     * @param record the record
     * @return its lsn
     * @throws dev.lazarus.store.log.JournalException if the journal stopped or is closed
     */
    long appendUnawaited(JournalRecord record);

    /**
     * Waits until the record {@code lsn}, and every one before it, is as durable as {@link #append} makes one.
     *
     * @param lsn an lsn {@link #appendUnawaited} returned
     * @throws dev.lazarus.store.log.JournalException if the journal stopped first
     */
    void awaitDurable(long lsn);

    /** @return the executions of the journal, kept current with every {@link #append} */
    ExecutionIndex index();

    /** @return the codec of journaled values */
    ValueCodec codec();

    /** @return the clock every timestamp, deadline and wait is taken from */
    EngineClock clock();

    /**
     * @return where this process's threads say what they are doing for their executions (own code, waiting,
     *     calling out), for the next process to read if this one dies
     */
    ActivityBoard board();

    /** @return the agent's logger */
    Logger log();

    /** @return whether every journaled call is logged as live or replayed (agent option {@code trace}) */
    boolean trace();
}
