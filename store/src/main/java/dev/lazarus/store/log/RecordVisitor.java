package dev.lazarus.store.log;

/**
 * Receives the records of a journal in log order while it is opened or scanned.
 */
@FunctionalInterface
public interface RecordVisitor {
    /**
     * Called once per record, in strictly increasing {@code lsn} order.
     *
     * @param lsn the record's log sequence number (1 for the first record of a journal)
     * @param type the record type byte the engine chose when appending
     * @param payload the record's payload; a fresh array the visitor may keep
     */
    void visit(long lsn, byte type, byte[] payload);
}
