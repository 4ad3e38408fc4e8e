package dev.lazarus.store.log;

/**
 * Decides which records a compaction keeps ({@link JournalLog#compact}).
 */
@FunctionalInterface
public interface RecordFilter {
    /**
     * Called once per record of the compacted segments, in lsn order, on the compacting thread, with no lock of
     * the journal held (appends go on meanwhile).
     *
     * @param lsn the record's lsn
     * @param type the record type byte
     * @param payload the record's payload (a fresh array)
     * @return {@code true} to keep the record (with the same lsn, type and payload), {@code false} to drop it
     *     for good
     */
    boolean keep(long lsn, byte type, byte[] payload);
}
