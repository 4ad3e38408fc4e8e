package dev.lazarus.store.log;

/**
 * Sees every record appended to an open journal, in lsn order, at the moment its lsn is assigned
 * ({@link JournalLog#onAppend}). Meant for an index that must be exactly "every record up to lsn X": it sees
 * the records in the order of their lsns, with none left out, even when many threads append at once.
 */
@FunctionalInterface
public interface AppendListener {
    /**
     * Called by the appending thread while it holds the journal's append lock, once the record is framed and
     * before it is written, so every other appender waits for it: keep it short (no I/O, no blocking), and do
     * not call the journal from it. The record is appended even if this method throws; the append then throws
     * the same exception once the record is as durable as the journal's mode promises.
     *
     * @param lsn the record's lsn, one more than the previous call's
     * @param type the record type byte
     * @param payload the payload as passed to {@code append} (not copied: do not change it)
     */
    void appended(long lsn, byte type, byte[] payload);
}
