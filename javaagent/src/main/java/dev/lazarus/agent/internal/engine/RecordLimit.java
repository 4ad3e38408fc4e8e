package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.store.log.JournalLog;

/**
 * The largest value the engine puts in one journal record, checked where the value is encoded rather than left to
 * the journal's append: there the failure names no call site, and, worse, it left the execution unfinished, so its
 * call ran again at every restart. A value over the limit becomes a {@code LAZ-106} error naming where it came from:
 * before the body runs for a durable method's arguments (nothing was paid for), as the recorded outcome of a
 * journaled call whose result is too large (the call ran once; replay throws the same error, so it never runs
 * again), and as the {@code FAILED} outcome of an execution whose own result is too large.
 */
final class RecordLimit {
    /**
     * What a value may take of a record: the journal's limit less a margin for the rest of the record (ids, callee
     * and call-site strings, which are short).
     */
    static final int MAX_VALUE_BYTES = JournalLog.MAX_RECORD_SIZE - (1 << 20);

    private RecordLimit() {}

    /** @return whether {@code encoded} is too large to journal */
    static boolean exceeded(byte[] encoded) {
        return encoded.length > MAX_VALUE_BYTES;
    }

    /**
     * @param what what the value is ("the result of Api.fetch at Agent.java:42")
     * @param bytes its encoded size
     * @param consequence what happens instead, as a clause
     * @return the error
     */
    static LazarusException refusal(String what, long bytes, String consequence) {
        return new LazarusException(
                "LAZ-106",
                what + " encodes to " + bytes + " bytes, over the journal's limit of " + MAX_VALUE_BYTES
                        + " bytes for a value; " + consequence
                        + ". Journal an id or a reference to large data, not the data");
    }
}
