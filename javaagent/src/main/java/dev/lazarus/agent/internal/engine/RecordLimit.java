package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.JournalLog;
import org.slf4j.Logger;

/**
 * The largest value the engine puts in one journal record, checked where the value is encoded rather than left to
 * the journal's append: there the failure names no call site, and, worse, it left the execution unfinished, so its
 * call ran again at every restart. A value over the limit becomes a {@code LAZ-106} error naming where it came from:
 * before the body runs for a durable method's arguments (nothing was paid for), as the recorded outcome of a
 * journaled call whose result is too large (the call ran once; replay throws the same error, so it never runs
 * again), as the recorded outcome of an effect at a catalogued boundary whose data is too large ({@link #effect}),
 * as the refusal of an event whose payload is too large (before it is sent), and as the {@code FAILED} outcome of an
 * execution whose own result is too large.
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

    /**
     * What is journaled for an effect's data: the data, or, over the limit, a {@code LAZ-106} error in its place. The
     * effect happened once and cannot happen again unseen: a replay gets the recorded error, without calling.
     *
     * @param encoded the data (or the exception the effect threw), encoded
     * @param threw whether the effect threw
     * @param description the request ("GET http://…"); with {@code location}, joined only for the error
     * @param location where the body made it ("Agent.java:42")
     * @param callerGetsError whether the caller gets the error now (the boundary has not handed the data over yet);
     *     otherwise the caller already has the data (a stream it read, an asynchronous exchange) and only a replay
     *     gets the error
     */
    static Kept effect(
            byte[] encoded,
            boolean threw,
            String description,
            String location,
            boolean callerGetsError,
            ValueCodec codec,
            ClassLoader loader,
            Logger log) {
        if (!exceeded(encoded)) {
            return new Kept(encoded, threw, null);
        }
        return inPlace(
                (threw ? "the exception of the effect " : "the data of the effect ") + description + " at " + location,
                encoded.length,
                callerGetsError
                        ? "the effect happened once and its data cannot be kept, so the execution gets this error in"
                                + " its place (and a replay gets it again, without calling)"
                        : "the caller already had the data, but a replay gets this error in its place (without"
                                + " calling)",
                codec,
                loader,
                log);
    }

    /**
     * The {@code LAZ-106} error journaled in place of a value that ran once and is over the limit (a journaled call's
     * outcome, an effect's data), logged once as an error line.
     *
     * @param what what the value is and where it came from
     * @param bytes its encoded size
     * @param consequence what happens instead, as a clause
     */
    static Kept inPlace(String what, long bytes, String consequence, ValueCodec codec, ClassLoader loader, Logger log) {
        LazarusException refused = refusal(what, bytes, consequence);
        log.error("{}", refused.getMessage());
        return new Kept(codec.encode(StackTraces.filledIn(refused), loader), true, refused);
    }

    /**
     * What to journal for an effect.
     *
     * @param value the encoded data or exception
     * @param threw whether {@code value} is an exception
     * @param refused the {@code LAZ-106} error journaled in place of data over the limit, or {@code null}
     */
    record Kept(byte[] value, boolean threw, LazarusException refused) {}
}
